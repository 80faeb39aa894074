import { Redis, type RedisOptions } from 'ioredis';
import type { WirestreamConfig } from '@wirestream/contract';
import { redactUrl, registerSecret, type Logger } from './logger.js';
import { tlsConnectionOptions } from './tls.js';

export type { Redis };

/**
 * Where and as whom to connect. Credentials may sit in the URL (`redis://user:pw@host`), but
 * `username`/`password` (REDIS_USERNAME, REDIS_PASSWORD) win over them; `rediss://` means TLS.
 * The URL handed on carries no credentials, so nothing downstream can echo them.
 */
export function redisConnection(config: WirestreamConfig['redis']): { url: string; options: RedisOptions } {
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    throw new Error(`redis.url is not a URL: ${redactUrl(config.url)}`);
  }
  if (!/^rediss?:$/.test(url.protocol)) {
    throw new Error(`redis.url must start with redis:// or rediss://, got ${redactUrl(config.url)}`);
  }
  const username = config.username ?? (url.username ? decodeURIComponent(url.username) : undefined);
  const password = config.password ?? (url.password ? decodeURIComponent(url.password) : undefined);
  registerSecret(password);
  registerSecret(url.password);
  url.username = '';
  url.password = '';
  const options: RedisOptions = {};
  if (username) options.username = username;
  if (password) options.password = password;
  if (url.protocol === 'rediss:') {
    registerSecret(config.tls?.keyPassword);
    options.tls = tlsConnectionOptions(config.tls);
  }
  return { url: url.toString(), options };
}

/**
 * One Redis connection per worker. Commands wait while Redis is away (no per-request retry limit):
 * a worker slows down instead of failing items, and carries on when Redis is back.
 */
export function createRedis(
  config: WirestreamConfig['redis'],
  logger: Logger,
  options: { failFast?: boolean } = {},
): Redis {
  const { url, options: connection } = redisConnection(config);
  const redis = new Redis(url, {
    ...connection,
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
