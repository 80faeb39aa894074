import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MonitorStatus, startMonitor, type Monitor } from '@wirestream/monitor';
import { createLogger, createRedis, loadConfig, type Redis } from '@wirestream/runtime';
import { FeedStateStore } from '@wirestream/runtime/feeds';
import { redisUrl, uniquePrefix } from '../harness/services.js';

/** A loopback port nobody listens on: taken, then released. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('monitor with the broker unreachable', () => {
  const prefix = uniquePrefix('monitor-outage');
  let monitor: Monitor;
  let redis: Redis;

  beforeAll(async () => {
    const config = loadConfig({
      env: {},
      overrides: {
        kafka: { brokers: [`127.0.0.1:${await deadPort()}`], topicPrefix: prefix },
        redis: { url: redisUrl(), keyPrefix: prefix },
        log: { level: 'silent' },
      },
    });
    redis = createRedis(config.redis, createLogger('silent'));
    await redis.connect();
    await new FeedStateStore(redis, config.redis).update('slow-agency', {
      lastFetchAt: new Date().toISOString(),
      lastSuccessAt: new Date().toISOString(),
      lastDurationMs: 9_000,
      consecutiveFailures: 0,
    });
    monitor = await startMonitor({ config, logger: createLogger('silent'), port: 0, intervalMs: 500 });
  });

  afterAll(async () => {
    redis?.disconnect();
  });

  it('reports Kafka as the failing source, still shows feeds, and is not ready', async () => {
    const res = await fetch(`http://127.0.0.1:${monitor.port}/api/status`);
    const status = MonitorStatus.parse(((await res.json()) as { status: unknown }).status);
    expect(status.errors.map((e) => e.source)).toEqual(['kafka']);
    expect(status.groups).toEqual([]);
    expect(status.feeds).toMatchObject([{ feed: 'slow-agency', health: 'slow' }]);
    expect((await fetch(`http://127.0.0.1:${monitor.port}/readyz`)).status).toBe(503);
    const metrics = await (await fetch(`http://127.0.0.1:${monitor.port}/metrics`)).text();
    expect(metrics).toMatch(/wirestream_monitor_collect_errors_total\{source="kafka"\} [1-9]/);
  });

  it('closes promptly even with a collection stuck on the broker', async () => {
    const started = Date.now();
    await monitor.close();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
