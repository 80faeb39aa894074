import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brokersNamed, loadConfig } from './config.js';

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

  it('reads every setting a worker takes from the environment here: log level, taxonomy file', () => {
    expect(loadConfig({ env: {} }).enricher.taxonomyFile).toBeUndefined();
    const config = loadConfig({ env: { LOG_LEVEL: 'debug', WIRESTREAM_TAXONOMY: '/rules/taxonomy.yaml' } });
    expect([config.log.level, config.enricher.taxonomyFile]).toEqual(['debug', '/rules/taxonomy.yaml']);
    expect(loadConfig({ env: { WIRESTREAM_TAXONOMY: '' } }).enricher.taxonomyFile).toBeUndefined();
  });

  it('tells brokers the user named (a config file, KAFKA_BROKERS) from the default', () => {
    expect(brokersNamed({ env: {} })).toBe(false);
    expect(brokersNamed({ env: { KAFKA_BROKERS: 'k:9092' } })).toBe(true);
    expect(brokersNamed({ file: 'wirestream.yaml', env: {} })).toBe(true);
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
    expect(() => loadConfig({ file: path, env: {} })).toThrow(
      /the password kafka\.sasl\.password belongs in the environment/,
    );
  });

  it('refuses credentials in a URL of the config file, and key passwords', () => {
    const url = file('redis:\n  url: redis://:pw@cache:6379\n');
    expect(() => loadConfig({ file: url, env: {} })).toThrow(
      /credentials in redis\.url belongs in the environment/,
    );
    const key = file('kafka:\n  ssl: true\n  tls:\n    keyFile: /k.pem\n    keyPassword: x\n');
    expect(() => loadConfig({ file: key, env: {} })).toThrow(/kafka\.tls\.keyPassword/);
  });

  it('maps TLS file paths and switches from the environment', () => {
    const config = loadConfig({
      env: {
        KAFKA_SSL: 'true',
        KAFKA_SSL_CA_FILE: '/etc/kafka/ca.pem',
        KAFKA_SSL_CERT_FILE: '/etc/kafka/client.pem',
        KAFKA_SSL_KEY_FILE: '/etc/kafka/client.key',
        KAFKA_SSL_SERVERNAME: 'kafka.internal',
        KAFKA_SSL_REJECT_UNAUTHORIZED: 'false',
        REDIS_URL: 'rediss://cache:6380',
        REDIS_USERNAME: 'worker',
        REDIS_PASSWORD: 'pw',
        REDIS_TLS_CA_FILE: '/etc/redis/ca.pem',
      },
    });
    expect(config.kafka.tls).toEqual({
      caFile: '/etc/kafka/ca.pem',
      certFile: '/etc/kafka/client.pem',
      keyFile: '/etc/kafka/client.key',
      servername: 'kafka.internal',
      rejectUnauthorized: false,
    });
    expect(config.redis).toMatchObject({
      username: 'worker',
      password: 'pw',
      tls: { caFile: '/etc/redis/ca.pem' },
    });
    expect(config.redis.tls?.rejectUnauthorized).toBe(true);
  });

  it('refuses TLS settings that would be ignored, and half a client certificate', () => {
    expect(() => loadConfig({ env: { KAFKA_SSL_CA_FILE: '/ca.pem' } })).toThrow(
      /kafka\.tls is set but kafka\.ssl is false/,
    );
    expect(() => loadConfig({ env: { KAFKA_SSL: '1', KAFKA_SSL_CERT_FILE: '/c.pem' } })).toThrow(
      /certFile and keyFile/,
    );
    expect(() => loadConfig({ env: { REDIS_TLS_CA_FILE: '/ca.pem' } })).toThrow(/redis\.url is not rediss/);
  });

  it('names the offending key of an invalid value', () => {
    expect(() => loadConfig({ env: { LOG_LEVEL: 'loud' } })).toThrow(/config: log\.level/);
    expect(() => loadConfig({ env: { FETCH_CONCURRENCY: '0' } })).toThrow(/fetcher\.concurrency/);
  });
});
