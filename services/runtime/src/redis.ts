import { Redis } from 'ioredis';
import type { WirestreamConfig } from '@wirestream/contract';
import { redactUrl, type Logger } from './logger.js';

export type { Redis };

/**
 * One Redis connection per worker. Commands wait while Redis is away (no per-request retry limit):
 * a worker slows down instead of failing items, and carries on when Redis is back.
 */
export function createRedis(
  config: WirestreamConfig['redis'],
  logger: Logger,
  options: { failFast?: boolean } = {},
): Redis {
  const redis = new Redis(config.url, {
    lazyConnect: true,
    maxRetriesPerRequest: options.failFast ? 1 : null,
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(200 * 2 ** Math.min(attempt, 6), 10_000),
    connectionName: 'wirestream',
  });
  let lastError = '';
  redis.on('error', (err: Error) => {
    // ioredis repeats the same error on every reconnect attempt; log each distinct one.
    if (err.message !== lastError)
      logger.warn({ err: err.message, redis: redactUrl(config.url) }, 'redis error');
    lastError = err.message;
  });
  redis.on('ready', () => {
    lastError = '';
  });
  return redis;
}

/** Key names under the deployment's prefix, so environments and test runs never meet. */
export const redisKey = (config: WirestreamConfig['redis'], ...parts: string[]): string =>
  `${config.keyPrefix}${parts.join(':')}`;
