import { createServer, type Server } from 'node:http';
import { testConfig } from '../support/config.js';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollFeed } from '@wirestream/fetcher';
import { startMonitor, type Monitor } from '@wirestream/monitor';
import { KafkaGateway, createLogger, createRedis, type Redis, createKafkaClient } from '@wirestream/runtime';
import { FeedStateStore } from '@wirestream/runtime/feeds';
import { kafkaBrokers, uniquePrefix } from '../harness/services.js';

// Needs Debian's chromium (`apt-get install -y chromium`); playwright-core drives it without
// downloading a browser of its own.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The few playwright-core calls this test makes; the package is a dev dependency of services/monitor. */
interface Page {
  goto(url: string): Promise<unknown>;
  waitForFunction(fn: string, arg?: unknown, options?: { timeout: number }): Promise<unknown>;
  evaluate<T>(fn: string): Promise<T>;
}
interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
const { chromium } = createRequire(new URL('../../services/monitor/package.json', import.meta.url))(
  'playwright-core',
) as { chromium: { launch(o: { executablePath: string; args: string[] }): Promise<Browser> } };

const RECORDS = 12;
const EVIL_ERROR = 'HTTP 500 <img src=x onerror="window.pwned=1">';

describe('status page in a headless browser', () => {
  const prefix = uniquePrefix('monitor-page');
  const group = `${prefix}enricher`;
  const config = testConfig(prefix, { enricher: { groupId: group }, log: { level: 'warn' } });
  const logger = createLogger('warn');
  let monitor: Monitor;
  let redis: Redis;
  let browser: Browser;
  let feedServer: Server;

  beforeAll(async () => {
    await new KafkaGateway(config.kafka, logger).ensureTopics();
    const kafka = createKafkaClient({ brokers: kafkaBrokers() });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({
      topic: `${prefix}news.raw.v1`,
      messages: Array.from({ length: RECORDS }, (_, i) => ({ key: `k${i}`, value: `r${i}` })),
    });
    await producer.disconnect();
    redis = createRedis(config.redis, logger);
    await redis.connect();
    await new FeedStateStore(redis, config.redis).update('broken-agency', {
      lastFetchAt: new Date().toISOString(),
      consecutiveFailures: 2,
      lastStatus: 500,
      lastError: EVIL_ERROR,
    });
    // A real failing feed: a test feed server answering 503, polled by the real fetcher.
    feedServer = createServer((_req, res) => void res.writeHead(503).end('down for maintenance'));
    await new Promise<void>((resolve) => feedServer.listen(0, '127.0.0.1', resolve));
    const address = feedServer.address();
    const gateway = new KafkaGateway(config.kafka, logger);
    const recordProducer = await gateway.connectProducer();
    const state = new FeedStateStore(redis, config.redis);
    const feed = {
      id: 'down-agency',
      url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/feed.xml`,
      agency: 'Down Agency',
      intervalSeconds: 60,
    };
    for (let i = 0; i < 3; i++) await pollFeed(feed, { config, logger, producer: recordProducer, state });
    await recordProducer.disconnect();
    monitor = await startMonitor({ config, logger, port: 0, intervalMs: 500 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  });

  afterAll(async () => {
    await browser?.close();
    await monitor?.close();
    feedServer?.close();
    redis?.disconnect();
  });

  it('shows lag, its chart and failing feeds (one polled from a real server), errors as text, and updates as the lag drains', async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${monitor.port}/`);
    // The inline script fills the tables from /api/status; wait for the group's row.
    await page.waitForFunction(
      `[...document.querySelectorAll('#lag tbody tr')].some((tr) => tr.cells[0].textContent === ${JSON.stringify(group)} && tr.cells[3].textContent === '${RECORDS}')`,
      undefined,
      { timeout: 30_000 },
    );
    const feedRow = await page.evaluate<string[]>(
      `[...document.querySelectorAll('#feeds tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent).join(' | '))`,
    );
    expect(feedRow).toContain(`broken-agency | failing | 2 | never | ${EVIL_ERROR}`);
    expect(feedRow.find((row) => row.startsWith('down-agency'))).toMatch(
      /^down-agency \| failing \| 3 \| never \| .*503/,
    );
    // The error came from a remote server: it must be shown, never run.
    expect(await page.evaluate<unknown>('window.pwned')).toBeUndefined();
    expect(await page.evaluate<number>("document.querySelectorAll('#feeds img').length")).toBe(0);
    await page.waitForFunction(
      `[...document.querySelectorAll('#chart polyline')].some((l) => l.dataset.group === ${JSON.stringify(group)} && l.getAttribute('points').split(' ').length >= 2)`,
      undefined,
      { timeout: 30_000 },
    );
    expect(await page.evaluate<string>("document.getElementById('feedsummary').textContent")).toContain(
      '2 failing',
    );
    expect(await page.evaluate<string>("document.getElementById('rates').textContent")).toMatch(
      /^in .* records\/s/,
    );

    // The page keeps itself current: once the group has caught up, its row drops to zero by itself.
    const admin = createKafkaClient({ brokers: kafkaBrokers() }).admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(`${prefix}news.raw.v1`);
    await admin.setOffsets({
      groupId: group,
      topic: `${prefix}news.raw.v1`,
      partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })),
    });
    await admin.disconnect();
    await page.waitForFunction(
      `[...document.querySelectorAll('#lag tbody tr')].some((tr) => tr.cells[0].textContent === ${JSON.stringify(group)} && tr.cells[3].textContent === '0')`,
      undefined,
      { timeout: 30_000 },
    );
  });
});
