import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { testConfig } from '../support/config.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DLQ_TOPIC,
  FEEDS_RAW_TOPIC,
  RAW_TOPIC,
  type FeedSource,
  type WirestreamConfig,
} from '@wirestream/contract';
import { feedHealth } from '@wirestream/feeds';
import { Fetcher } from '@wirestream/fetcher';
import {
  KafkaGateway,
  createLogger,
  createRedis,
  type RecordProducer,
  type Redis,
} from '@wirestream/runtime';
import { uniquePrefix } from '../harness/services.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const rss = (title: string, extra = ''): string =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title>${extra}
<item><guid>${title}-1</guid><title>${title} story</title><link>https://example.test/${title}/1</link></item>
</channel></rss>`;

/** One HTTP server per "host"; every request is logged with its path, so tests count what was fetched. */
async function startHost(routes: Record<string, Handler>): Promise<{
  base: string;
  hits: string[];
  inFlight: { now: number; max: number };
  server: Server;
}> {
  const hits: string[] = [];
  const inFlight = { now: 0, max: 0 };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.push(path);
    inFlight.now++;
    inFlight.max = Math.max(inFlight.max, inFlight.now);
    res.on('close', () => inFlight.now--);
    const route = routes[path];
    if (route) route(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    hits,
    inFlight,
    server,
  };
}

const ok =
  (title: string, headers: Record<string, string> = {}, extra = ''): Handler =>
  (_req, res) =>
    void res.writeHead(200, { 'content-type': 'application/rss+xml', ...headers }).end(rss(title, extra));

describe('fetcher scheduling against a misbehaving server, real Redis and broker', () => {
  const prefix = uniquePrefix('fetcher-schedule');
  let config: WirestreamConfig;
  let redis: Redis;
  let producer: RecordProducer;
  let host: Awaited<ReturnType<typeof startHost>>;
  let other: Awaited<ReturnType<typeof startHost>>;
  let failing = true;
  const clock = { now: new Date('2026-11-27T12:00:00Z') };
  const feed = (id: string, base: string, path: string, intervalSeconds = 300): FeedSource => ({
    id,
    url: `${base}${path}`,
    agency: 'Test Agency',
    intervalSeconds,
  });
  const fetcher = (overrides: Partial<WirestreamConfig['fetcher']> = {}): Fetcher =>
    new Fetcher({
      config: { ...config, fetcher: { ...config.fetcher, ...overrides } },
      logger: createLogger('silent'),
      producer,
      redis,
      now: () => clock.now,
      rng: () => 1 - 1e-12,
    });
  const secondsAhead = (iso: string | null): number =>
    Math.round((Date.parse(iso ?? '') - clock.now.getTime()) / 1000);

  beforeAll(async () => {
    config = testConfig(prefix, {
      fetcher: { parkAfterFailures: 3, parkedIntervalSeconds: 7200, maxPerHost: 2, timeoutMs: 5000 },
      log: { level: 'silent' },
    });
    const kafka = new KafkaGateway(config.kafka, createLogger('silent'));
    await kafka.ensureTopics([RAW_TOPIC, FEEDS_RAW_TOPIC, DLQ_TOPIC]);
    producer = await kafka.connectProducer();
    redis = createRedis(config.redis, createLogger('silent'));
    await redis.connect();
    const held: Array<() => void> = [];
    host = await startHost({
      '/limited': (_req, res) => void res.writeHead(429, { 'retry-after': '3600' }).end(),
      '/healthy': ok('healthy'),
      '/ttl': ok('ttl', {}, '<ttl>60</ttl>'),
      '/max-age': ok('maxage', { 'cache-control': 'public, max-age=1800' }),
      '/broken': (_req, res) => (failing ? void res.writeHead(500).end('down') : ok('broken')(_req, res)),
      // Answered only once several are waiting, so the test sees how many the fetcher let overlap.
      ...Object.fromEntries(
        Array.from({ length: 8 }, (_, i) => [
          `/polite/${i}`,
          (req: IncomingMessage, res: ServerResponse) => {
            held.push(() => ok(`polite${i}`)(req, res));
            setTimeout(() => held.shift()?.(), 100);
          },
        ]),
      ),
    });
    other = await startHost({ '/healthy': ok('other'), '/a': ok('a'), '/b': ok('b') });
  });

  afterAll(async () => {
    for (const s of [host, other]) {
      s?.server.closeAllConnections();
      s?.server.close();
    }
    await producer?.disconnect();
    redis?.disconnect();
  });

  it('scopes Retry-After on a 429 to the one feed, not to its host', async () => {
    const limited = feed('limited', host.base, '/limited');
    const healthy = feed('healthy', host.base, '/healthy');
    const f = fetcher();
    const results = await f.pollDue([limited, healthy]);
    expect(results.map((r) => [r.feedId, r.status]).sort()).toEqual([
      ['healthy', 200],
      ['limited', 429],
    ]);
    expect(secondsAhead((await f.state.get('limited')).nextPollAt)).toBe(3600);
    expect(secondsAhead((await f.state.get('healthy')).nextPollAt)).toBe(300);

    // Ten minutes on, the healthy feed on the same host is polled again; the limited one is not.
    clock.now = new Date(clock.now.getTime() + 600_000);
    const before = host.hits.filter((p) => p === '/limited').length;
    const again = await f.pollDue([limited, healthy]);
    expect(again.map((r) => r.feedId)).toEqual(['healthy']);
    expect(host.hits.filter((p) => p === '/limited')).toHaveLength(before);
  });

  it('persists nextPollAt, so a restarted fetcher does not poll a feed before it is due', async () => {
    const healthy = feed('persisted', other.base, '/healthy');
    await fetcher().pollDue([healthy]);
    const hits = other.hits.length;
    const restarted = fetcher(); // a new instance: nothing in local memory
    expect(await restarted.pollDue([healthy])).toEqual([]);
    expect(other.hits).toHaveLength(hits);
    clock.now = new Date(clock.now.getTime() + 301_000);
    expect((await restarted.pollDue([healthy])).map((r) => r.outcome)).toEqual(['ok']);
  });

  it('waits out an RSS ttl and a Cache-Control max-age longer than the interval', async () => {
    const f = fetcher();
    await f.pollDue([feed('ttl', host.base, '/ttl'), feed('max-age', host.base, '/max-age')]);
    expect(secondsAhead((await f.state.get('ttl')).nextPollAt)).toBe(3600);
    expect(secondsAhead((await f.state.get('max-age')).nextPollAt)).toBe(1800);
  });

  it('backs off on failures, parks the feed after N of them, and unparks it when it answers', async () => {
    const broken = feed('broken', host.base, '/broken', 60);
    const f = fetcher();
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [result] = await f.pollDue([broken]);
      expect(result?.outcome).toBe('error');
      delays.push(secondsAhead(result!.nextPollAt));
      clock.now = new Date(result!.nextPollAt);
    }
    // rng is pinned near 1: the backoff doubles from the interval, then the feed is parked.
    expect(delays.slice(0, 2)).toEqual([60, 120]);
    const parked = await f.state.get('broken');
    expect(parked).toMatchObject({ parked: true, consecutiveFailures: 3, lastStatus: 500 });
    const policy = { slowFetchMs: config.fetcher.slowFetchMs, staleAfterIntervals: 3 };
    expect(feedHealth(parked, broken.intervalSeconds, policy, clock.now.getTime())).toBe('parked');
    expect(delays[2]).toBe(7200);

    failing = false;
    const [recovered] = await f.pollDue([broken]);
    expect(recovered).toMatchObject({ outcome: 'ok', parked: false });
    const state = await f.state.get('broken');
    const health = feedHealth(state, broken.intervalSeconds, policy, clock.now.getTime());
    expect([state.parked, state.consecutiveFailures, health]).toEqual([false, 0, 'ok']);
  });

  it('runs on its schedule and takes feeds added or removed while running into account', async () => {
    const a = feed('run-a', other.base, '/a');
    const b = feed('run-b', other.base, '/b');
    const count = (path: string): number => other.hits.filter((p) => p === path).length;
    const f = fetcher();
    const polled: string[] = [];
    f.setFeeds([a]);
    const running = f.run((r) => polled.push(r.feedId));
    await vi.waitFor(() => expect(polled).toEqual(['run-a']), { timeout: 10_000 });
    f.setFeeds([a, b]);
    await vi.waitFor(() => expect(polled).toEqual(['run-a', 'run-b']), { timeout: 10_000 });
    // Both polled, neither due for five minutes; then run-a leaves the list and time moves on.
    f.setFeeds([b]);
    clock.now = new Date(clock.now.getTime() + 301_000);
    await vi.waitFor(() => expect(polled).toEqual(['run-a', 'run-b', 'run-b']), { timeout: 10_000 });
    f.stop();
    await running;
    expect([count('/a'), count('/b')]).toEqual([1, 2]);
  });

  it('keeps at most maxPerHost requests in flight to one host', async () => {
    const feeds = Array.from({ length: 8 }, (_, i) => feed(`polite-${i}`, host.base, `/polite/${i}`));
    host.inFlight.max = 0;
    const results = await fetcher({ concurrency: 16 }).pollAll(feeds);
    expect(results.filter((r) => r.outcome === 'ok')).toHaveLength(8);
    expect(host.inFlight.max).toBe(2);
  });
});
