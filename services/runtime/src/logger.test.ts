import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { createLogger, redactUrl, registerSecret, scrubSecrets } from './logger.js';

function capture(): { logger: ReturnType<typeof createLogger>; text: () => string } {
  const lines: string[] = [];
  const logger = createLogger('info', 'logger-test', { write: (line: string) => lines.push(line) });
  return { logger, text: () => lines.join('') };
}

describe('logger redaction', () => {
  it('removes credentials from a config dump at any depth', () => {
    const config = loadConfig({
      env: {
        KAFKA_SASL_MECHANISM: 'PLAIN',
        KAFKA_SASL_USERNAME: 'ws',
        KAFKA_SASL_PASSWORD: 'kafka-dump-secret',
        REDIS_PASSWORD: 'redis-dump-secret',
        REDIS_URL: 'redis://:url-dump-secret@cache:6379/2',
      },
    });
    const { logger, text } = capture();
    logger.info({ config }, 'config');
    logger.info({ worker: { config } }, 'nested config');
    expect(text()).not.toMatch(/kafka-dump-secret|redis-dump-secret|url-dump-secret/);
    expect(text()).toContain('"sasl":"[redacted]"');
    expect(text()).toContain('"url":"redis://[redacted]@cache:6379/2"');
  });

  it('scrubs a registered secret wherever a library puts it: messages, errors, stacks', () => {
    registerSecret('s3cr"et\\value');
    const { logger, text } = capture();
    const err = new Error('login failed for s3cr"et\\value');
    logger.warn(
      { err, detail: { deep: { deeper: ['s3cr"et\\value'] } } },
      'attempt with s3cr"et\\value failed',
    );
    expect(text()).not.toContain('s3cr');
    expect(text().match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(4);
  });

  it('scrubs URL credentials in free text and leaves other URLs alone', () => {
    expect(scrubSecrets('dial rediss://user:pw%40x@h:6380/0 then http://example.org/a:b@c')).toBe(
      'dial rediss://[redacted]@h:6380/0 then http://example.org/a:b@c',
    );
    expect(scrubSecrets('no secrets here, 12:30 at noon')).toBe('no secrets here, 12:30 at noon');
  });

  it('redactUrl keeps host, port and database, drops user and password', () => {
    expect(redactUrl('redis://:pw@127.0.0.1:6379/3')).toBe('redis://[redacted]@127.0.0.1:6379/3');
    expect(redactUrl('redis://alice:pw@cache')).toBe('redis://[redacted]@cache');
    expect(redactUrl('redis://cache:6379')).toBe('redis://cache:6379');
  });

  it('ignores secrets too short to scrub without mangling every line', () => {
    registerSecret('ab');
    expect(scrubSecrets('a table')).toBe('a table');
  });
});
