import { testConfig } from '../support/config.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPipeline, type Pipeline } from '@wirestream/cli';
import { statusCommand } from '@wirestream/cli';
import { MonitorStatus, startMonitor, type Monitor } from '@wirestream/monitor';
import { KafkaGateway, createLogger, createRedis, type Redis, createKafkaClient } from '@wirestream/runtime';
import { FeedStateStore } from '@wirestream/runtime/feeds';
import { kafkaBrokers, uniquePrefix } from '../harness/services.js';
import { readTopics } from '../support/topics.js';

const RECORDS = 40;

/** Samples of one metric from Prometheus text, e.g. `{ '{group="g",...}': 3 }`. */
function samples(text: string, name: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const cut = line.lastIndexOf(' ');
    found.set(line.slice(name.length, cut), Number(line.slice(cut + 1)));
  }
  return found;
}

async function until<T>(
  what: string,
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 250));
    last = await read();
  }
  return last;
}

async function captureStatus(
  config: Parameters<typeof statusCommand>[0],
): Promise<{ text: string; status: MonitorStatus }> {
  let text = '';
  const status = await statusCommand(
    config,
    {},
    { out: { write: (s: string) => (text += s) }, sampleMs: 200 },
  );
  return { text, status };
}

describe('monitor and `wirestream status` on a real broker and Redis', () => {
  const prefix = uniquePrefix('monitor-lag');
  const group = `${prefix}enricher`;
  const rawTopic = `${prefix}news.raw.v1`;
  const config = testConfig(prefix, { enricher: { groupId: group }, log: { level: 'warn' } });
  const logger = createLogger('warn');
  let monitor: Monitor;
  let redis: Redis;
  let pipeline: Pipeline | undefined;
  const base = (): string => `http://127.0.0.1:${monitor.port}`;
  const apiStatus = async (): Promise<MonitorStatus> => {
    const body = (await (await fetch(`${base()}/api/status`)).json()) as { status: unknown };
    return MonitorStatus.parse(body.status);
  };
  const metrics = async (): Promise<string> => (await fetch(`${base()}/metrics`)).text();
  const groupOf = (s: MonitorStatus) => s.groups.find((g) => g.group === group);

  beforeAll(async () => {
    await new KafkaGateway(config.kafka, logger).ensureTopics();
    // Records the enricher cannot parse: it dead-letters and commits them, which is all draining needs.
    const kafka = createKafkaClient({ brokers: kafkaBrokers() });
    // Idempotent: a retried send on a slow broker must not append the records twice.
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({
      topic: rawTopic,
      messages: Array.from({ length: RECORDS }, (_, i) => ({ key: `k${i}`, value: `not json ${i}` })),
    });
    await producer.disconnect();

    redis = createRedis(config.redis, logger);
    await redis.connect();
    const store = new FeedStateStore(redis, config.redis);
    const now = Date.now();
    await store.update('broken-agency', {
      lastFetchAt: new Date(now - 30_000).toISOString(),
      lastSuccessAt: new Date(now - 3 * 3600_000).toISOString(),
      lastStatus: 503,
      consecutiveFailures: 4,
      lastError: 'HTTP 503 Service Unavailable',
    });
    await store.update('fine-agency', {
      lastFetchAt: new Date(now - 30_000).toISOString(),
      lastSuccessAt: new Date(now - 30_000).toISOString(),
      lastStatus: 200,
      lastDurationMs: 120,
      consecutiveFailures: 0,
    });

    monitor = await startMonitor({ config, logger, port: 0, intervalMs: 500 });
  });

  afterAll(async () => {
    await pipeline?.close();
    await monitor?.close();
    redis?.disconnect();
  });

  it('reports the backlog of a group that is not consuming, per partition, in /api/status', async () => {
    const status = await until(
      'lag in /api/status',
      apiStatus,
      (s) => (groupOf(s)?.records ?? 0) === RECORDS,
    );
    const g = groupOf(status)!;
    expect(g.partitions.every((p) => p.topic === rawTopic)).toBe(true);
    expect(g.partitions.map((p) => p.partition).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(g.partitions.reduce((sum, p) => sum + p.records, 0)).toBe(RECORDS);
    expect(status.throughput.topics.find((t) => t.topic === rawTopic)?.end).toBe(RECORDS);
    // Seconds behind is a lower bound from the monitor's own history here; it grows while nobody consumes.
    const later = await until('seconds behind', apiStatus, (s) => (groupOf(s)?.seconds ?? 0) >= 1);
    expect(groupOf(later)!.seconds).toBeGreaterThanOrEqual(1);
  });

  it('exports the lag and feed state on /metrics', async () => {
    const text = await until('lag metrics', metrics, (t) => {
      const lag = [...samples(t, 'wirestream_consumer_lag_records')].filter(([k]) =>
        k.includes(`group="${group}"`),
      );
      return lag.reduce((sum, [, v]) => sum + v, 0) === RECORDS;
    });
    const lag = samples(text, 'wirestream_consumer_lag_records');
    expect(lag.get(`{group="${group}",topic="${rawTopic}",partition="0"}`)).toBeGreaterThanOrEqual(0);
    expect(samples(text, 'wirestream_consumer_lag_seconds').size).toBeGreaterThanOrEqual(6);
    expect(samples(text, 'wirestream_feed_consecutive_failures').get('{feed="broken-agency"}')).toBe(4);
    expect(samples(text, 'wirestream_feed_health').get('{feed="broken-agency",health="failing"}')).toBe(1);
    const success = samples(text, 'wirestream_feed_last_success_timestamp_seconds').get(
      '{feed="fine-agency"}',
    );
    expect(Math.abs(Date.now() / 1000 - success! - 30)).toBeLessThan(120);
    expect(samples(text, 'wirestream_topic_end_offset').get(`{topic="${rawTopic}"}`)).toBe(RECORDS);
    // Process metrics of the shared registry come along, so the monitor is watched like any worker.
    expect(text).toContain('wirestream_process_process_resident_memory_bytes');
  });

  it('shows a failing feed with its last error, first', async () => {
    const status = await apiStatus();
    expect(status.feeds[0]).toMatchObject({
      feed: 'broken-agency',
      health: 'failing',
      consecutiveFailures: 4,
      lastError: 'HTTP 503 Service Unavailable',
    });
    expect(status.feeds.find((f) => f.feed === 'fine-agency')?.health).toBe('ok');
  });

  it('serves the status page, /healthz and /readyz', async () => {
    const page = await fetch(`${base()}/`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain("fetch('api/status'");
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
    expect((await fetch(`${base()}/readyz`)).status).toBe(200);
    expect((await fetch(`${base()}/nope`)).status).toBe(404);
  });

  it('prints the lag and the failing feed in `wirestream status`', async () => {
    const { text, status } = await captureStatus(config);
    expect(groupOf(status)?.records).toBe(RECORDS);
    const lagLine = text.split('\n').find((l) => l.includes(group) && l.includes(rawTopic));
    expect(lagLine).toBeDefined();
    expect(lagLine!.split('│').map((c) => c.trim())).toContain(String(RECORDS));
    expect(text).toMatch(/broken-agency\s*│\s*failing\s*│\s*4/);
    expect(text).toContain('HTTP 503 Service Unavailable');
    expect(text).toContain('Feeds: 2 (1 ok, 0 slow, 1 failing');
  });

  it('sees the lag drain to 0 once the enricher consumes', async () => {
    // The enricher logs every dead letter at warn; the test asserts on them through the DLQ topic instead.
    pipeline = await openPipeline(config, createLogger('error'), []);
    await pipeline.enricher.start();
    // One snapshot reads end offsets before committed offsets, so it can see the lag at 0 together with
    // topic ends from just before the last transaction: wait until a snapshot shows both.
    const dlqEnd = (s: MonitorStatus): number =>
      s.throughput.topics.find((t) => t.name === 'news.dlq.v1')?.end ?? 0;
    const status = await until(
      'lag to drain',
      apiStatus,
      (s) => groupOf(s)?.records === 0 && dlqEnd(s) >= RECORDS,
      150_000,
    );
    const g = groupOf(status)!;
    expect(g.seconds).toBe(0);
    expect(g.members).toBeGreaterThanOrEqual(1);
    // Every poison record was dead-lettered, once: output throughput came from the DLQ topic, whose end
    // offset also counts the enricher's transaction markers, so the records themselves are counted.
    expect(status.throughput.topics.find((t) => t.name === 'news.dlq.v1')?.end).toBeGreaterThanOrEqual(
      RECORDS,
    );
    const letters = await readTopics(kafkaBrokers(), [`${prefix}news.dlq.v1`], {
      until: (r) => r.length >= RECORDS,
    });
    expect(letters).toHaveLength(RECORDS);
    const text = await until('lag metrics at 0', metrics, (t) =>
      [...samples(t, 'wirestream_consumer_lag_records')]
        .filter(([k]) => k.includes(`group="${group}"`))
        .every(([, v]) => v === 0),
    );
    expect(
      [...samples(text, 'wirestream_consumer_lag_records')].filter(([k]) => k.includes(`group="${group}"`)),
    ).toHaveLength(6);
    const { text: printed } = await captureStatus(config);
    const lagLine = printed.split('\n').find((l) => l.includes(group) && l.includes(rawTopic))!;
    expect(lagLine.split('│').map((c) => c.trim())).toEqual(expect.arrayContaining(['Stable', '0']));
  }, 240_000);
});
