/**
 * Finds (or starts) the Kafka broker and Redis server the integration and end-to-end tests run against,
 * and hands their addresses to the tests through `provide`/`inject` (see ./services.ts).
 *
 * Kafka:  KAFKA_BROKERS  →  a Docker engine (testcontainers)  →  the native broker from infra/kafka on
 *         127.0.0.1:19092 (a port of its own, so a dev's `pnpm start` broker on 9092 is left alone).
 * Redis:  REDIS_URL      →  a Docker engine (testcontainers)  →  redis://127.0.0.1:6379, starting
 *         redis-server if nothing answers there.
 *
 * A service that cannot be reached fails the run: these tests exist to exercise the real services, so
 * a silent skip would turn a broken environment into a green build.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { createKafkaClient } from '@wirestream/runtime';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string[];
    redisUrl: string;
  }
}

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const NATIVE_KAFKA_PORT = 19092;
const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';
// cp-kafka 7.9 is Apache Kafka 3.9, the same line as the native default broker.
const KAFKA_IMAGE = 'confluentinc/cp-kafka:7.9.1';
const REDIS_IMAGE = 'redis:7.4-alpine';

type Teardown = () => Promise<void>;

interface Resolved {
  value: string;
  description: string;
  teardown?: Teardown;
}

const inCi = (): boolean => {
  const ci = process.env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
};

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function dockerAvailable(): Promise<boolean> {
  if (process.env.WIRESTREAM_NO_DOCKER === '1') return false;
  try {
    // testcontainers' own discovery (DOCKER_HOST, socket, Podman, Colima, ...) is the one that counts:
    // `docker info` can succeed against a context testcontainers would not use, and vice versa.
    const { getContainerRuntimeClient } = await import('testcontainers');
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('timed out')), 10_000).unref(),
    );
    await Promise.race([getContainerRuntimeClient(), timeout]);
    return true;
  } catch {
    return false;
  }
}

async function kafkaAnswers(brokers: string[], attempts: number): Promise<string | undefined> {
  let lastError = 'no attempt made';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const admin = createKafkaClient({
      clientId: 'wirestream-test-harness',
      brokers,
      connectionTimeoutMs: 3_000,
      retry: { retries: 0 },
    }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length > 0) return undefined;
      lastError = 'the cluster reports no brokers';
    } catch (error) {
      lastError = errorMessage(error);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return lastError;
}

async function redisPing(url: string): Promise<string | undefined> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const reply = await client.ping();
    return reply === 'PONG' ? undefined : `PING answered ${reply}`;
  } catch (error) {
    return errorMessage(error);
  } finally {
    client.disconnect();
  }
}

async function nativeKafka(): Promise<Resolved> {
  const env = {
    ...process.env,
    KAFKA_PORT: String(NATIVE_KAFKA_PORT),
    // Explicit, so a KAFKA_CONTROLLER_PORT exported for a dev broker cannot collide with this one.
    KAFKA_CONTROLLER_PORT: String(NATIVE_KAFKA_PORT + 1),
  };
  const script = `${repoRoot}infra/kafka/broker.sh`;
  const alreadyRunning = await run('bash', [script, 'status'], { env }).then(
    () => true,
    () => false,
  );
  let output: string;
  try {
    // A broker of our own starts empty: earlier runs' test topics would only fill its heap.
    const result = await run('bash', [script, 'up'], {
      env: alreadyRunning ? env : { ...env, KAFKA_FRESH: '1' },
      timeout: 600_000,
      maxBuffer: 4 * 1024 * 1024,
    });
    output = `${result.stderr}${result.stdout}`;
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `[harness] could not start the native Kafka broker on 127.0.0.1:${NATIVE_KAFKA_PORT} ` +
        `(needs Java 17+ and Maven; or set KAFKA_BROKERS):\n${failure.stderr ?? ''}${failure.stdout ?? failure.message}`,
    );
  }
  // Surface the one-time download notice; the rest of broker.sh's output is summarised below.
  for (const line of output.split('\n')) if (line.startsWith('[kafka]')) console.log(line);
  const version = /kafka (\S+) ready at/.exec(output)?.[1] ?? 'unknown version';
  const keep = process.env.WIRESTREAM_KEEP_BROKER === '1';
  const owned = !alreadyRunning && !keep;
  return {
    value: `127.0.0.1:${NATIVE_KAFKA_PORT}`,
    description: `native ${version} at 127.0.0.1:${NATIVE_KAFKA_PORT}${owned ? '' : ' (left running)'}`,
    teardown: owned
      ? async () => {
          await run('bash', [script, 'down'], { env, timeout: 120_000 });
        }
      : undefined,
  };
}

async function containerKafka(): Promise<Resolved> {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const container = await new KafkaContainer(KAFKA_IMAGE)
    .withKraft()
    // Match the native broker: topics come from the topic registry, never from a producer's typo.
    .withEnvironment({
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_MIN_INSYNC_REPLICAS: '1',
    })
    .start();
  const address = `${container.getHost()}:${container.getMappedPort(9093)}`;
  return {
    value: address,
    description: `testcontainers ${KAFKA_IMAGE} at ${address}`,
    teardown: async () => {
      await container.stop();
    },
  };
}

async function containerRedis(): Promise<Resolved> {
  const { RedisContainer } = await import('@testcontainers/redis');
  const container = await new RedisContainer(REDIS_IMAGE).start();
  const url = container.getConnectionUrl();
  return {
    value: url,
    description: `testcontainers ${REDIS_IMAGE} at ${url}`,
    teardown: async () => {
      await container.stop();
    },
  };
}

async function resolveKafka(docker: boolean): Promise<Resolved> {
  const configured = process.env.KAFKA_BROKERS?.trim();
  if (configured) {
    const brokers = configured.split(',').map((b) => b.trim());
    const failure = await kafkaAnswers(brokers, 10);
    if (failure) throw new Error(`[harness] KAFKA_BROKERS=${configured} does not answer: ${failure}`);
    return { value: brokers.join(','), description: `KAFKA_BROKERS ${brokers.join(',')}` };
  }
  if (docker) {
    try {
      return await containerKafka();
    } catch (error) {
      // In CI the environment is meant to be exact; locally a broken Docker setup should not block tests.
      if (inCi()) throw error;
      console.log(`[harness] Kafka container failed (${errorMessage(error)}); using the native broker`);
    }
  }
  return nativeKafka();
}

async function resolveRedis(docker: boolean): Promise<Resolved> {
  const configured = process.env.REDIS_URL?.trim();
  if (configured) {
    const failure = await redisPing(configured);
    if (failure) throw new Error(`[harness] REDIS_URL does not answer PING: ${failure}`);
    return { value: configured, description: redactUrl(configured) };
  }
  if (docker) {
    try {
      return await containerRedis();
    } catch (error) {
      if (inCi()) throw error;
      console.log(`[harness] Redis container failed (${errorMessage(error)}); using ${LOCAL_REDIS_URL}`);
    }
  }
  if ((await redisPing(LOCAL_REDIS_URL)) === undefined)
    return { value: LOCAL_REDIS_URL, description: LOCAL_REDIS_URL };
  try {
    await run('redis-server', ['--daemonize', 'yes', '--port', '6379', '--save', ''], { timeout: 10_000 });
  } catch (error) {
    throw new Error(
      `[harness] nothing answers at ${LOCAL_REDIS_URL} and redis-server could not be started ` +
        `(install Redis or set REDIS_URL): ${errorMessage(error)}`,
    );
  }
  let failure: string | undefined = 'not tried';
  for (let attempt = 0; attempt < 20 && failure !== undefined; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    failure = await redisPing(LOCAL_REDIS_URL);
  }
  if (failure)
    throw new Error(`[harness] started redis-server but ${LOCAL_REDIS_URL} still fails PING: ${failure}`);
  return { value: LOCAL_REDIS_URL, description: `${LOCAL_REDIS_URL} (redis-server started by the harness)` };
}

/** Keeps a password in REDIS_URL out of the test log. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable REDIS_URL)';
  }
}

export default async function setup(project: TestProject): Promise<Teardown> {
  const needsDocker = !process.env.KAFKA_BROKERS?.trim() || !process.env.REDIS_URL?.trim();
  const docker = needsDocker && (await dockerAvailable());

  const teardowns: Teardown[] = [];
  const teardown: Teardown = async () => {
    const results = await Promise.allSettled(teardowns.map((stop) => stop()));
    for (const result of results) {
      if (result.status === 'rejected') console.error(`[harness] teardown: ${errorMessage(result.reason)}`);
    }
  };

  try {
    // Sequential on purpose: on a 2-core CI box a JVM start and a container pull compete badly.
    const kafka = await resolveKafka(docker);
    if (kafka.teardown) teardowns.push(kafka.teardown);
    const redis = await resolveRedis(docker);
    if (redis.teardown) teardowns.push(redis.teardown);

    const brokers = kafka.value.split(',');
    project.provide('kafkaBrokers', brokers);
    project.provide('redisUrl', redis.value);
    process.env.KAFKA_BROKERS = kafka.value;
    process.env.REDIS_URL = redis.value;
    console.log(`[harness] kafka: ${kafka.description}; redis: ${redis.description}`);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
