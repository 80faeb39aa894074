import { loadConfig } from '@wirestream/runtime';
import type { WirestreamConfig } from '@wirestream/contract';
import { kafkaBrokers, redisUrl } from '../harness/services.js';

type Sections = { [K in keyof WirestreamConfig]?: Partial<WirestreamConfig[K]> };

/**
 * The configuration of one test: the broker and Redis under test, its own topic and key prefix, no
 * environment, and whatever else the test sets (a section it names is merged into the defaults).
 */
export function testConfig(prefix: string, overrides: Sections = {}): WirestreamConfig {
  const base: Sections = {
    kafka: { brokers: kafkaBrokers(), topicPrefix: prefix },
    redis: { url: redisUrl(), keyPrefix: prefix },
    // Test feeds are served from 127.0.0.1; the SSRF tests set this back to false.
    fetcher: { allowPrivateNetworks: true },
  };
  const merged: Record<string, object> = {};
  for (const key of new Set([...Object.keys(base), ...Object.keys(overrides)]) as Set<keyof Sections>) {
    merged[key] = { ...base[key], ...overrides[key] };
  }
  return loadConfig({ env: {}, overrides: merged });
}
