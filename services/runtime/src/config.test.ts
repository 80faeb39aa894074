import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const file = (text: string): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'ws-config-')), 'config.yaml');
  writeFileSync(path, text);
  return path;
};

describe('loadConfig', () => {
  it('fills defaults when nothing is given', () => {
    const config = loadConfig({ env: {} });
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.redis.keyPrefix).toBe('ws:');
    expect(config.enricher.dedupeWindowDays).toBe(7);
  });

  it('lets the environment win over the file, and overrides win over both', () => {
    const path = file('kafka:\n  brokers: [file:9092]\n  clientId: from-file\nlog:\n  level: debug\n');
    const config = loadConfig({
      file: path,
      env: { KAFKA_BROKERS: 'a:9092, b:9092', LOG_LEVEL: 'warn' },
      overrides: { log: { level: 'error' } },
    });
    expect(config.kafka.brokers).toEqual(['a:9092', 'b:9092']);
    expect(config.kafka.clientId).toBe('from-file');
    expect(config.log.level).toBe('error');
  });

  it('takes SASL credentials from the environment and refuses passwords in the file', () => {
    const config = loadConfig({
      env: {
        KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
        KAFKA_SASL_USERNAME: 'ws',
        KAFKA_SASL_PASSWORD: 's3cret',
      },
    });
    expect(config.kafka.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'ws', password: 's3cret' });
    const path = file('kafka:\n  sasl:\n    mechanism: plain\n    username: u\n    password: p\n');
    expect(() => loadConfig({ file: path, env: {} })).toThrow(/passwords belong in the environment/);
  });

  it('names the offending key of an invalid value', () => {
    expect(() => loadConfig({ env: { LOG_LEVEL: 'loud' } })).toThrow(/config: log\.level/);
    expect(() => loadConfig({ env: { FETCH_CONCURRENCY: '0' } })).toThrow(/fetcher\.concurrency/);
  });
});
