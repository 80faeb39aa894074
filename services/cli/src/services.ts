import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import type { WirestreamConfig } from '@wirestream/contract';
import { createRedis, redactUrl, sleep, type Logger } from '@wirestream/runtime';
import { repoRoot } from './paths.js';

function tcpAnswers(hostPort: string, timeoutMs = 1500): Promise<boolean> {
  const [host = '127.0.0.1', port = '9092'] = hostPort.replace(/^.*:\/\//, '').split(/:(?=\d+$)/);
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port) });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Makes sure a broker answers. Brokers the user named must answer; with none named, the native
 * single-node broker from infra/kafka is started on 127.0.0.1:9092 (its output goes to stderr).
 */
export async function ensureKafka(config: WirestreamConfig, named: boolean): Promise<void> {
  const first = config.kafka.brokers[0]!;
  if (await tcpAnswers(first)) return;
  const script = repoRoot() ? `${repoRoot()}infra/kafka/broker.sh` : null;
  if (named || !script || !existsSync(script)) {
    throw new Error(
      `no Kafka broker answers at ${config.kafka.brokers.join(',')}; set KAFKA_BROKERS to a running cluster`,
    );
  }
  process.stderr.write(`wirestream: no broker at ${first}; starting the native Kafka broker (infra/kafka)\n`);
  const run = spawnSync('bash', [script, 'up'], {
    stdio: ['ignore', 2, 2],
    env: { ...process.env, KAFKA_PORT: first.split(':').pop() },
  });
  if (run.status !== 0)
    throw new Error(`the native Kafka broker did not start (infra/kafka/broker.sh up exited ${run.status})`);
}

/** Makes sure Redis answers; a local Redis that is not running is started when redis-server is installed. */
export async function ensureRedis(config: WirestreamConfig, logger: Logger): Promise<void> {
  const ping = async (): Promise<boolean> => {
    const redis = createRedis(config.redis, logger.child({ probe: true }), { failFast: true });
    try {
      await redis.connect();
      return (await redis.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      redis.disconnect();
    }
  };
  if (await ping()) return;
  const url = new URL(config.redis.url);
  if (['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    process.stderr.write(`wirestream: no Redis at ${redactUrl(config.redis.url)}; starting redis-server\n`);
    spawnSync('redis-server', ['--daemonize', 'yes', '--port', url.port || '6379', '--save', ''], {
      stdio: ['ignore', 2, 2],
    });
    for (let i = 0; i < 20 && !(await ping()); i++) await sleep(250);
    if (await ping()) return;
  }
  throw new Error(`Redis does not answer at ${redactUrl(config.redis.url)}; set REDIS_URL`);
}
