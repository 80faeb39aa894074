/**
 * What tests use to reach the services the global setup (./global-setup.ts) found or started.
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
// The `ProvidedContext` augmentation that types `inject` below lives in the global setup.
import type {} from './global-setup.js';

/** Bootstrap brokers of the Kafka cluster under test, e.g. `['127.0.0.1:19092']`. */
export function kafkaBrokers(): string[] {
  return inject('kafkaBrokers');
}

/** URL of the Redis server under test, e.g. `redis://127.0.0.1:6379`. */
export function redisUrl(): string {
  return inject('redisUrl');
}

/**
 * A fresh `t-<name>-<random>.` prefix for Kafka topics, consumer groups and Redis keys. The broker and
 * Redis outlive a test run (and may be shared with a dev's own pipeline), so every test namespaces its
 * data instead of cleaning up globally.
 */
export function uniquePrefix(name: string): string {
  // Kafka topic names allow only [a-zA-Z0-9._-] and at most 249 characters.
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'test';
  return `t-${slug}-${randomBytes(4).toString('hex')}.`;
}
