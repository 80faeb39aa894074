import type { WirestreamConfig } from '@wirestream/contract';
import { FeedStateStore, feedHealth, loadFeedList } from '@wirestream/fetcher';
import { createLogger, createRedis } from '@wirestream/runtime';
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

/** `wirestream feeds`: the state of every known feed, from Redis. */
export async function feedsCommand(config: WirestreamConfig, options: { feeds?: string }): Promise<void> {
  const logger = createLogger(config.log.level);
  const redis = createRedis(config.redis, logger, { failFast: true });
  await redis.connect();
  try {
    const store = new FeedStateStore(redis, config.redis);
    const file = options.feeds ?? config.fetcher.feedsFile;
    const ids = file ? loadFeedList(file).map((f) => f.id) : await store.listFeedIds();
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
        feedHealth(s, config.fetcher.slowFetchMs),
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
