import type { WirestreamConfig } from '@wirestream/contract';
import {
  DEFAULT_INTERVAL_SECONDS,
  DEFAULT_STALE_AFTER_INTERVALS,
  feedHealth,
  feedIntervals,
  loadFeedList,
} from '@wirestream/feeds';
import { createLogger, createRedis } from '@wirestream/runtime';
import { FeedStateStore } from '@wirestream/runtime/feeds';
import { table as makeTable } from '../table.js';

const span = (s: number): string =>
  s < 120 ? `${s}s` : s < 7200 ? `${Math.round(s / 60)}m` : `${Math.round(s / 3600)}h`;

const ago = (iso: string | null, now: number): string =>
  iso ? `${span(Math.round((now - Date.parse(iso)) / 1000))} ago` : '-';

const until = (iso: string | null, now: number): string => {
  if (!iso) return 'due';
  const s = Math.round((Date.parse(iso) - now) / 1000);
  return s <= 0 ? 'due' : `in ${span(s)}`;
};

/**
 * `wirestream feeds`: the state of every known feed, from Redis. The health is the one the status
 * page and `wirestream status` show (feedHealth of @wirestream/feeds), measured against each
 * listed feed's interval.
 */
export async function feedsCommand(config: WirestreamConfig, options: { feeds?: string }): Promise<void> {
  const logger = createLogger(config.log.level);
  const redis = createRedis(config.redis, logger, { failFast: true });
  await redis.connect();
  try {
    const store = new FeedStateStore(redis, config.redis);
    const file = options.feeds ?? config.fetcher.feedsFile;
    const listed = file ? loadFeedList(file) : [];
    const ids = file ? listed.map((f) => f.id) : await store.listFeedIds();
    const intervals = feedIntervals(listed);
    const policy = {
      slowFetchMs: config.fetcher.slowFetchMs,
      staleAfterIntervals: DEFAULT_STALE_AFTER_INTERVALS,
    };
    const now = Date.now();
    const table = makeTable([
      'feed',
      'health',
      'last status',
      'last fetch',
      'last success',
      'next poll',
      'failures',
      'last error',
    ]);
    const states = await store.getMany(ids);
    ids.forEach((id, i) => {
      const s = states[i]!;
      table.push([
        id,
        feedHealth(s, intervals.get(id) ?? DEFAULT_INTERVAL_SECONDS, policy, now),
        s.lastStatus ?? '-',
        ago(s.lastFetchAt, now),
        ago(s.lastSuccessAt, now),
        until(s.nextPollAt, now),
        s.consecutiveFailures,
        (s.lastError ?? '').slice(0, 60),
      ]);
    });
    process.stdout.write(`${table.toString()}\n`);
  } finally {
    redis.disconnect();
  }
}
