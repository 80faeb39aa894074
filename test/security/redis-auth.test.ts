/**
 * Redis with a password, an ACL user and TLS (with client certificates), against a redis-server this
 * file starts on ports of its own; the shared Redis of the other tests is never touched.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, loadConfig, type Redis } from '@wirestream/runtime';
import { uniquePrefix } from '../harness/services.js';
import { captureLog, freshPassword, makeCertificates, repoRoot, type CapturedLog } from './support.js';

const PORT = Number(process.env.WIRESTREAM_SECURITY_REDIS_PORT ?? 21379);
const TLS_PORT = PORT + 1;
const PASSWORD = freshPassword('redis');
const ACL_USER = 'ws-worker';
const ACL_PASSWORD = freshPassword('acl');
const prefix = uniquePrefix('security-redis');

let dir: string;
let server: ChildProcess | undefined;
const clients: Redis[] = [];

type Env = Record<string, string>;

function client(env: Env, log: CapturedLog): Redis {
  const redis = createRedis(loadConfig({ env: { REDIS_KEY_PREFIX: prefix, ...env } }).redis, log.logger, {
    failFast: true,
  });
  clients.push(redis);
  return redis;
}

/** Connects, writes and reads back one key; returns the ACL user Redis says we are. */
async function useRedis(env: Env, log = captureLog()): Promise<string> {
  const redis = client(env, log);
  await redis.connect();
  const key = `${prefix}probe`;
  await redis.set(key, 'ok', 'EX', 60);
  expect(await redis.get(key)).toBe('ok');
  const who = String(await redis.call('ACL', 'WHOAMI'));
  await redis.quit();
  return who;
}

/** The first error of a connection that must fail, with everything the logs said about it. */
async function failedConnect(env: Env, log: CapturedLog): Promise<Error> {
  const redis = client(env, log);
  const error = await Promise.race([
    redis.connect().then(
      () => redis.ping(),
      (err: Error) => err,
    ),
    new Promise<Error>((resolve) => redis.once('error', resolve)),
  ]);
  redis.disconnect();
  if (!(error instanceof Error)) throw new Error(`expected the connection to fail, got ${String(error)}`);
  return error;
}

async function waitForServer(): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const redis = createRedis(
      loadConfig({ env: { REDIS_URL: `redis://127.0.0.1:${PORT}`, REDIS_PASSWORD: PASSWORD } }).redis,
      captureLog('silent').logger,
      { failFast: true },
    );
    try {
      await redis.connect();
      if ((await redis.ping()) === 'PONG') return;
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`redis-server on ${PORT} did not come up: ${(err as Error).message}`);
    } finally {
      redis.disconnect();
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Redis with a password, an ACL user and TLS', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ws-redis-security-'));
    await makeCertificates(dir);
    server = spawn(
      'redis-server',
      [
        '--port',
        String(PORT),
        '--bind',
        '127.0.0.1',
        '--requirepass',
        PASSWORD,
        '--user',
        ACL_USER,
        'on',
        `>${ACL_PASSWORD}`,
        `~${prefix}*`,
        '+@all',
        '--tls-port',
        String(TLS_PORT),
        '--tls-cert-file',
        join(dir, 'server.pem'),
        '--tls-key-file',
        join(dir, 'server.key'),
        '--tls-ca-cert-file',
        join(dir, 'ca.pem'),
        '--tls-auth-clients',
        'yes',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.once('exit', (code) => {
      if (code) process.stderr.write(`redis-server exited with ${code}:\n${output}\n`);
    });
    await waitForServer();
  });

  afterAll(() => {
    for (const redis of clients) redis.disconnect();
    server?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('authenticates with REDIS_PASSWORD', async () => {
    const log = captureLog();
    expect(await useRedis({ REDIS_URL: `redis://127.0.0.1:${PORT}`, REDIS_PASSWORD: PASSWORD }, log)).toBe(
      'default',
    );
    expect(log.text()).not.toContain(PASSWORD);
  });

  it('takes the password from the URL, and REDIS_PASSWORD wins over it', async () => {
    const inUrl = `redis://:${encodeURIComponent(PASSWORD)}@127.0.0.1:${PORT}`;
    expect(await useRedis({ REDIS_URL: inUrl })).toBe('default');
    const stale = `redis://:not-the-password@127.0.0.1:${PORT}`;
    expect(await useRedis({ REDIS_URL: stale, REDIS_PASSWORD: PASSWORD })).toBe('default');
  });

  it('logs in as an ACL user with REDIS_USERNAME', async () => {
    const env = {
      REDIS_URL: `redis://127.0.0.1:${PORT}`,
      REDIS_USERNAME: ACL_USER,
      REDIS_PASSWORD: ACL_PASSWORD,
    };
    expect(await useRedis(env)).toBe(ACL_USER);
  });

  it('a wrong password fails with WRONGPASS, and neither the error nor the logs carry it', async () => {
    const log = captureLog();
    const wrong = freshPassword('wrong');
    const url = `redis://:${wrong}@127.0.0.1:${PORT}`;
    const error = await failedConnect({ REDIS_URL: url }, log);
    expect(error.message).toMatch(/WRONGPASS|invalid username-password/);
    await new Promise((r) => setTimeout(r, 200));
    const logged = log.text();
    expect(logged).toContain('redis error');
    expect(logged).toContain('WRONGPASS');
    // The URL is logged for orientation, without its credentials.
    expect(logged).toContain(`"redis":"redis://[redacted]@127.0.0.1:${PORT}"`);
    // Anything a worker might log while failing: the error, the config dump, the URL itself.
    log.logger.error(
      { err: error, config: loadConfig({ env: { REDIS_URL: url } }), url },
      `cannot reach ${url}`,
    );
    const everything = [error.message, error.stack, log.text()].join('\n');
    expect(everything).not.toContain(wrong);
    expect(everything).toContain('[redacted]');
    console.log(`redis wrong password: ${error.message}`);
  });

  it('rediss:// with the CA and a client certificate works over TLS', async () => {
    const env = {
      REDIS_URL: `rediss://127.0.0.1:${TLS_PORT}`,
      REDIS_PASSWORD: PASSWORD,
      REDIS_TLS_CA_FILE: join(dir, 'ca.pem'),
      REDIS_TLS_CERT_FILE: join(dir, 'client.pem'),
      REDIS_TLS_KEY_FILE: join(dir, 'client.key'),
    };
    expect(await useRedis(env)).toBe('default');
  });

  it('rediss:// without the CA rejects the self-signed server certificate', async () => {
    const env = {
      REDIS_URL: `rediss://127.0.0.1:${TLS_PORT}`,
      REDIS_PASSWORD: PASSWORD,
      REDIS_TLS_CERT_FILE: join(dir, 'client.pem'),
      REDIS_TLS_KEY_FILE: join(dir, 'client.key'),
    };
    const error = await failedConnect(env, captureLog());
    expect(error.message).toMatch(/self[- ]signed certificate|unable to verify|unable to get local issuer/i);
    console.log(`redis TLS without CA: ${error.message}`);
  });

  it('rediss:// without a client certificate is refused by a server that requires one', async () => {
    const env = {
      REDIS_URL: `rediss://127.0.0.1:${TLS_PORT}`,
      REDIS_PASSWORD: PASSWORD,
      REDIS_TLS_CA_FILE: join(dir, 'ca.pem'),
    };
    const error = await failedConnect(env, captureLog());
    expect(error.message).toMatch(/certificate|ECONNRESET|socket|closed|alert/i);
    console.log(`redis mTLS without client certificate: ${error.message}`);
  });

  it('the wirestream CLI with a wrong password in REDIS_URL says WRONGPASS and never prints the password', () => {
    const wrong = freshPassword('wrong');
    const result = spawnSync(
      'node',
      ['--conditions=source', '--import', 'tsx', 'services/cli/src/bin.ts', 'feeds'],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          REDIS_URL: `redis://ws:${wrong}@127.0.0.1:${PORT}`,
          REDIS_KEY_PREFIX: prefix,
          LOG_LEVEL: 'debug',
        },
        timeout: 60_000,
      },
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('WRONGPASS');
    expect(result.stderr).toContain(`redis://[redacted]@127.0.0.1:${PORT}`);
    expect(result.stdout + result.stderr).not.toContain(wrong);
  });
});
