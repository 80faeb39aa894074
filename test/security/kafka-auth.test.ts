/**
 * Kafka over SASL and TLS against a real broker: infra/kafka/broker.sh in its opt-in security mode,
 * started here on ports of its own (whatever KAFKA_BROKERS the rest of the suite uses), with one
 * listener per kind: SASL_PLAINTEXT, SASL_SSL and SSL with client certificates. Every client is the
 * project's KafkaGateway built by loadConfig from environment variables, as a deployment would.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DLQ_TOPIC, type DeadLetterRecord } from '@wirestream/contract';
import { KafkaGateway, loadConfig } from '@wirestream/runtime';
import { uniquePrefix } from '../harness/services.js';
import { captureLog, firstFailure, freshPassword, repoRoot, run, type CapturedLog } from './support.js';

// Five consecutive ports; override when they are taken (CI runs this file on its own broker anyway).
const BASE = Number(process.env.WIRESTREAM_SECURITY_KAFKA_PORT ?? 22094);
const PORTS = { plain: BASE, controller: BASE + 1, saslPlain: BASE + 2, saslSsl: BASE + 3, mtls: BASE + 4 };
const TLS_DIR = join(
  process.env.WIRESTREAM_CACHE ?? join(homedir(), '.cache', 'wirestream'),
  'kafka',
  `run-${BASE}`,
  'tls',
);

// Fresh passwords on every run: nothing can pass because a value was hard-coded somewhere.
const USERS = { scram: freshPassword('scram'), plain: freshPassword('plain') };

const brokerEnv = {
  ...process.env,
  KAFKA_PORT: String(PORTS.plain),
  KAFKA_CONTROLLER_PORT: String(PORTS.controller),
  KAFKA_SECURITY: 'sasl_plaintext,sasl_ssl,ssl',
  KAFKA_SASL_PLAINTEXT_PORT: String(PORTS.saslPlain),
  KAFKA_SASL_SSL_PORT: String(PORTS.saslSsl),
  KAFKA_SSL_PORT: String(PORTS.mtls),
  KAFKA_SASL_USERS: `ws-scram:${USERS.scram},ws-plain:${USERS.plain}`,
};
const broker = (command: 'up' | 'down') =>
  run('bash', [join(repoRoot, 'infra/kafka/broker.sh'), command], { env: brokerEnv, timeout: 170_000 });

const prefix = uniquePrefix('security-kafka');
type Env = Record<string, string>;

/** The real command line, in a process of its own, logging to its real stderr. */
function wirestream(args: string[], env: Env): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(
    'node',
    ['--conditions=source', '--import', 'tsx', 'services/cli/src/bin.ts', ...args],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      // Only what the test names: no KAFKA_* or REDIS_* of the surrounding run leaks in.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      timeout: 90_000,
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const saslEnv = (port: number, mechanism: string, user: string, password: string): Env => ({
  KAFKA_BROKERS: `127.0.0.1:${port}`,
  KAFKA_TOPIC_PREFIX: prefix,
  KAFKA_CLIENT_ID: 'security-test',
  KAFKA_SASL_MECHANISM: mechanism,
  KAFKA_SASL_USERNAME: user,
  KAFKA_SASL_PASSWORD: password,
});

function letter(marker: string): DeadLetterRecord {
  return {
    schemaVersion: 1,
    stage: 'publish',
    error: { name: 'Probe', message: `security probe ${marker}` },
    source: { topic: null, partition: null, offset: null, key: marker, feedId: null, url: null },
    payload: marker,
    payloadEncoding: 'utf8',
    payloadTruncated: false,
    failedAt: new Date().toISOString(),
  };
}

/** Produces one record through the gateway and reads it back with a consumer group of the same client. */
async function roundTrip(env: Env, log: CapturedLog): Promise<unknown> {
  const gateway = new KafkaGateway(loadConfig({ env }).kafka, log.logger);
  await gateway.ensureTopics([DLQ_TOPIC]);
  const marker = randomUUID();
  const producer = await gateway.connectProducer();
  try {
    await producer.send([{ spec: DLQ_TOPIC, records: [{ key: marker, value: letter(marker) }] }]);
  } finally {
    await producer.producer.disconnect();
  }
  const consumer = gateway.consumer({ groupId: `${prefix}reader-${marker}` });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [gateway.topic(DLQ_TOPIC)], fromBeginning: true });
    return await new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`record ${marker} not consumed within 30 s`)), 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          if (message.key?.toString() !== marker) return;
          clearTimeout(timer);
          resolve(JSON.parse(message.value!.toString()));
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
}

/** Starts an admin connection that is expected to fail; returns the first error it reports. */
async function failedConnect(env: Env, log: CapturedLog, pattern: RegExp): Promise<string> {
  const admin = new KafkaGateway(loadConfig({ env }).kafka, log.logger).admin();
  const attempt = admin.connect();
  try {
    return await firstFailure(attempt, log, pattern);
  } finally {
    attempt.catch(() => undefined);
    await admin.disconnect();
  }
}

describe('Kafka over SASL and TLS (broker.sh KAFKA_SECURITY)', () => {
  beforeAll(async () => {
    // A broker left over from an interrupted run knows other passwords; start from a clean slate.
    await broker('down');
    const { stdout } = await broker('up');
    process.stdout.write(stdout);
  });

  afterAll(async () => {
    await broker('down');
  });

  it.each([
    ['scram-sha-512', 'ws-scram', 'scram'],
    ['scram-sha-256', 'ws-scram', 'scram'],
    ['plain', 'ws-plain', 'plain'],
  ] as const)('%s: produces and consumes through the gateway', async (mechanism, user, key) => {
    const log = captureLog();
    const env = saslEnv(PORTS.saslPlain, mechanism.toUpperCase(), user, USERS[key]);
    const record = (await roundTrip(env, log)) as DeadLetterRecord;
    expect(record.error.message).toMatch(/^security probe /);
    expect(log.text()).not.toContain(USERS[key]);
  });

  it('a wrong password fails with a clear error that does not contain the password', async () => {
    const log = captureLog();
    const wrong = freshPassword('wrong');
    const env = saslEnv(PORTS.saslPlain, 'SCRAM-SHA-512', 'ws-scram', wrong);
    const gateway = new KafkaGateway(loadConfig({ env }).kafka, log.logger);
    const error = await gateway.connectProducer().then(
      () => null,
      (err: Error) => err,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.name).toBe('KafkaJSSASLAuthenticationError');
    expect(error!.message).toMatch(/SASL SCRAM SHA512 authentication failed/i);
    const everything = [error!.message, error!.stack, JSON.stringify(error), log.text()].join('\n');
    expect(everything).not.toContain(wrong);
    expect(everything).not.toContain(USERS.scram);
    // The logged config dump and error stay clean too.
    log.logger.error({ err: error, config: loadConfig({ env }) }, 'kafka authentication failed');
    expect(log.text()).toContain('kafka authentication failed');
    expect(log.text()).not.toContain(wrong);
    expect(log.text()).toContain('[redacted]');
    console.log(`kafka wrong password: ${error!.message}`);
  });

  it('PLAIN with a wrong password is refused the same way', async () => {
    const log = captureLog();
    const wrong = freshPassword('wrong');
    const gateway = new KafkaGateway(
      loadConfig({ env: saslEnv(PORTS.saslPlain, 'PLAIN', 'ws-plain', wrong) }).kafka,
      log.logger,
    );
    const error = await gateway.connectProducer().then(
      () => null,
      (err: Error) => err,
    );
    expect(error?.message).toMatch(/SASL PLAIN authentication failed/i);
    expect([error?.message, error?.stack, log.text()].join('\n')).not.toContain(wrong);
  });

  it('SASL_SSL: verifies the broker against the configured CA', async () => {
    const log = captureLog();
    const env = {
      ...saslEnv(PORTS.saslSsl, 'SCRAM-SHA-512', 'ws-scram', USERS.scram),
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: join(TLS_DIR, 'ca.pem'),
    };
    const record = (await roundTrip(env, log)) as DeadLetterRecord;
    expect(record.stage).toBe('publish');
    expect(log.text()).not.toContain(USERS.scram);
  });

  it('SASL_SSL: without the CA the certificate is rejected (rejectUnauthorized defaults to true)', async () => {
    const log = captureLog();
    const env = { ...saslEnv(PORTS.saslSsl, 'PLAIN', 'ws-plain', USERS.plain), KAFKA_SSL: 'true' };
    expect(loadConfig({ env }).kafka.tls).toBeUndefined();
    const failure = await failedConnect(env, log, /certificate/i);
    expect(failure).toMatch(/self[- ]signed certificate|unable to verify|unable to get local issuer/i);
    expect(log.text()).not.toContain(USERS.plain);
    console.log(`kafka TLS without CA: ${failure.slice(0, 200)}`);
  });

  it('SASL_SSL: a servername that the certificate does not name is rejected, one it names is accepted', async () => {
    const base = {
      ...saslEnv(PORTS.saslSsl, 'SCRAM-SHA-256', 'ws-scram', USERS.scram),
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: join(TLS_DIR, 'ca.pem'),
    };
    const bad = captureLog();
    const failure = await failedConnect(
      { ...base, KAFKA_SSL_SERVERNAME: 'kafka.elsewhere.example' },
      bad,
      /altnames|hostname/i,
    );
    expect(failure).toMatch(/does not match certificate's altnames/i);
    const good = captureLog();
    const admin = new KafkaGateway(
      loadConfig({ env: { ...base, KAFKA_SSL_SERVERNAME: 'localhost' } }).kafka,
      good.logger,
    ).admin();
    await admin.connect();
    expect((await admin.describeCluster()).brokers.map((b) => b.port)).toEqual([PORTS.saslSsl]);
    await admin.disconnect();
  });

  it('SSL with a client certificate (mutual TLS) works; without one the broker refuses', async () => {
    const tlsEnv: Env = {
      KAFKA_BROKERS: `127.0.0.1:${PORTS.mtls}`,
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: join(TLS_DIR, 'ca.pem'),
    };
    const withCert = {
      ...tlsEnv,
      KAFKA_SSL_CERT_FILE: join(TLS_DIR, 'client.pem'),
      KAFKA_SSL_KEY_FILE: join(TLS_DIR, 'client.key'),
    };
    const record = (await roundTrip(withCert, captureLog())) as DeadLetterRecord;
    expect(record.payloadEncoding).toBe('utf8');
    const log = captureLog();
    const failure = await failedConnect(tlsEnv, log, /Connection error|closed|ECONNRESET|certificate/i);
    expect(failure).toMatch(/connection|closed|socket|certificate|ECONNRESET|alert/i);
    console.log(`kafka mTLS without client certificate: ${failure.slice(0, 200)}`);
  });

  it('the wirestream CLI reads SASL and TLS from the environment; a wrong password never reaches its output', () => {
    const env = {
      ...saslEnv(PORTS.saslSsl, 'SCRAM-SHA-512', 'ws-scram', USERS.scram),
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: join(TLS_DIR, 'ca.pem'),
      LOG_LEVEL: 'debug',
    };
    const ok = wirestream(['topics'], env);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/\d+ created, \d+ already there/);
    expect(ok.stdout + ok.stderr).not.toContain(USERS.scram);

    const wrong = freshPassword('wrong');
    const failed = wirestream(['topics'], { ...env, KAFKA_SASL_PASSWORD: wrong });
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toMatch(/SASL SCRAM SHA512 authentication failed/);
    expect(failed.stdout + failed.stderr).not.toContain(wrong);
    const said = failed.stderr.split('\n').find((l) => l.startsWith('wirestream:'));
    expect(said).toMatch(/^wirestream: .*authentication failed/);
    console.log(`wirestream topics, wrong password: ${said}`);
  });
});
