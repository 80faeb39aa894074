import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { kafkaBrokers, redisUrl, uniquePrefix } from '../harness/services.js';

const root = new URL('../../', import.meta.url).pathname;

describe('wirestream start, as a long-running process', () => {
  it('polls the sample feeds, then on SIGTERM finishes its work, prints what it published and exits 0', async () => {
    const prefix = uniquePrefix('shutdown');
    const child = spawn(
      'node',
      ['--conditions=source', '--import', 'tsx', 'services/cli/src/bin.ts', 'start'],
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
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Six sample feeds polled once: then stop it.
    const deadline = Date.now() + 60_000;
    while ((stdout.match(/: ok \(/g) ?? []).length < 6 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((stdout.match(/: ok \(/g) ?? []).length).toBe(6);
    child.kill('SIGTERM');
    const code = await exited;
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`${prefix.replace(/\./g, '\\.')}news\\.raw\\.v1\\s*│\\s*32`));
  });
});
