import type { WirestreamConfig } from '@wirestream/contract';
import { FeedStateStore, loadFeedList } from '@wirestream/fetcher';
import { createLogger, createRedis } from '@wirestream/runtime';
import { table as makeTable } from '../table.js';

const ago = (iso: string | null, now: number): string => {
  if (!iso) return '-';
  const s = Math.round((now - Date.parse(iso)) / 1000);
  return s < 120 ? `${s}s ago` : s < 7200 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`;
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
      'failures',
      'last error',
    ]);
    for (const id of ids) {
      const s = await store.get(id);
      const health = !s.lastFetchAt
        ? 'never'
        : s.consecutiveFailures === 0
          ? 'ok'
          : s.consecutiveFailures >= 5
            ? 'failing'
            : 'erroring';
      table.push([
        id,
        health,
        s.lastStatus ?? '-',
        ago(s.lastFetchAt, now),
        ago(s.lastSuccessAt, now),
        s.consecutiveFailures,
        (s.lastError ?? '').slice(0, 60),
      ]);
    }
    process.stdout.write(`${table.toString()}\n`);
  } finally {
    redis.disconnect();
  }
}
