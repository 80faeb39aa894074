/**
 * `wirestream start --once` as a new user runs it: no configuration but the broker and Redis under
 * test, the bundled sample feeds and their article pages served locally, the address guard at its
 * default (private addresses refused: the sample feed list lets each sample feed reach its own local
 * host, which is where its pages are too). The summary says how many articles got their full text.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { kafkaBrokers, redisUrl, uniquePrefix } from '../harness/services.js';

const root = new URL('../../', import.meta.url).pathname;

function runOnce(prefix: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    'node',
    ['--conditions=source', '--import', 'tsx', 'services/cli/src/bin.ts', 'start', '--once'],
    {
      cwd: root,
      env: {
        ...process.env,
        KAFKA_BROKERS: kafkaBrokers().join(','),
        REDIS_URL: redisUrl(),
        KAFKA_TOPIC_PREFIX: prefix,
        REDIS_KEY_PREFIX: prefix,
        ENRICHER_GROUP_ID: `${prefix}enricher`,
        LOG_LEVEL: 'warn',
      },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('wirestream start --once over the bundled samples', () => {
  it('fetches the sample article pages and reports how many articles got their full text', async () => {
    const { code, stdout, stderr } = await runOnce(uniquePrefix('start-once'));
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(
      /serving the bundled sample feeds and their article pages at http:\/\/127\.0\.0\.1:\d+/,
    );
    expect(stdout).toMatch(/polled 6 feeds in [\d.]+ s: 6 ok, 0 not modified, 0 failed/);
    // Per feed: what became of the pages behind its items. The teaser feeds' pages were all read
    // (one behind a paywall); of the full-text feeds only the short items were looked at.
    expect(stdout).toMatch(/│ article pages\s*│/);
    expect(stdout).toMatch(/continental-world\s*│ ok\s*│ 5\s*│ 5\s*│ 0\s*│ 5 ok\s*│/);
    expect(stdout).toMatch(/atlantic-latest\s*│ ok\s*│ 5\s*│ 5\s*│ 0\s*│ 4 ok, 1 walled\s*│/);
    expect(stdout).toMatch(/nordwire-world\s*│ ok\s*│ 6\s*│ 6\s*│ 0\s*│ 1 walled\s*│/);
    expect(stdout).toContain(
      'full text: 10 of 32 items enriched on the text of their article page ' +
        '(pages looked at: 10 ok, 2 walled, 0 failed, 0 skipped)',
    );
  }, 180_000);
});
