import { createServer, type Server } from 'node:http';
import { listenLocal } from '../support/listen.js';
import { testConfig } from '../support/config.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DLQ_TOPIC,
  FEEDS_RAW_TOPIC,
  RAW_TOPIC,
  type FeedSource,
  type WirestreamConfig,
} from '@wirestream/contract';
import { FeedLeases, Fetcher } from '@wirestream/fetcher';
import {
  KafkaGateway,
  createLogger,
  createRedis,
  type RecordProducer,
  type Redis,
} from '@wirestream/runtime';
import { uniquePrefix } from '../harness/services.js';

const FEEDS = 40;

describe('fetcher replicas sharing one Redis', () => {
  const prefix = uniquePrefix('fetcher-replicas');
  let config: WirestreamConfig;
  let redis: Redis;
  let producers: RecordProducer[] = [];
  let server: Server;
  let base = '';
  const requests = new Map<string, number>();
  const clients: Redis[] = [];

  beforeAll(async () => {
    config = testConfig(prefix, { fetcher: { concurrency: 4, maxPerHost: 4 }, log: { level: 'silent' } });
    const kafka = new KafkaGateway(config.kafka, createLogger('silent'));
    await kafka.ensureTopics([RAW_TOPIC, FEEDS_RAW_TOPIC, DLQ_TOPIC]);
    producers = [await kafka.connectProducer(), await kafka.connectProducer()];
    redis = createRedis(config.redis, createLogger('silent'));
    await redis.connect();
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      requests.set(path, (requests.get(path) ?? 0) + 1);
      // A little latency, so the two replicas' cycles overlap for real.
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(
          `<rss version="2.0"><channel><title>${path}</title><item><guid>${path}#1</guid><title>Story</title></item></channel></rss>`,
        );
      }, 20);
    });
    base = await listenLocal(server);
  });

  afterAll(async () => {
    server?.closeAllConnections();
    server?.close();
    await Promise.all(producers.map((p) => p.disconnect()));
    redis?.disconnect();
    for (const c of clients) c.disconnect();
  });

  /** A replica of its own: own Redis connection, own producer, own id. */
  const replica = (name: string, producer: RecordProducer): Fetcher => {
    const client = createRedis(config.redis, createLogger('silent'));
    clients.push(client);
    return new Fetcher({
      config: { ...config, fetcher: { ...config.fetcher, replicaId: name } },
      logger: createLogger('silent'),
      producer,
      redis: client,
    });
  };

  it('fetches every feed exactly once in a cycle, split between the replicas', async () => {
    const feeds: FeedSource[] = Array.from({ length: FEEDS }, (_, i) => ({
      id: `shared-${i}`,
      url: `${base}/feed/${i}`,
      agency: 'Shared Agency',
      intervalSeconds: 300,
    }));
    const [a, b] = [replica('replica-a', producers[0]!), replica('replica-b', producers[1]!)];
    // Opposite orders, so both replicas contend for the same feeds at the same time.
    const [fromA, fromB] = await Promise.all([a.pollDue(feeds), b.pollDue([...feeds].reverse())]);
    const polled = [...fromA, ...fromB].map((r) => r.feedId);
    expect(new Set(polled).size).toBe(FEEDS);
    expect(polled).toHaveLength(FEEDS);
    expect(fromA.length).toBeGreaterThan(0);
    expect(fromB.length).toBeGreaterThan(0);
    expect([...requests.values()].every((n) => n === 1)).toBe(true);
    expect(requests.size).toBe(FEEDS);
    // Every lease was released after its poll.
    expect(await redis.keys(`${prefix}feed:*:lease`)).toEqual([]);

    // Both replicas come round again at once: nothing is due, nothing is fetched.
    const second = await Promise.all([a.pollDue(feeds), b.pollDue(feeds)]);
    expect(second.flat()).toEqual([]);
    expect([...requests.values()].reduce((x, y) => x + y, 0)).toBe(FEEDS);
  });

  it('leaves a feed leased by another replica alone, and takes it over once that lease expires', async () => {
    const feed: FeedSource = {
      id: 'orphaned',
      url: `${base}/feed/orphaned`,
      agency: 'Shared Agency',
      intervalSeconds: 300,
    };
    // A replica that took the lease and died: nobody releases it, only expiry frees it.
    const dead = new FeedLeases(redis, config.redis, 'replica-dead', 400);
    expect(await dead.acquire('orphaned')).toBe(true);
    const alive = replica('replica-alive', producers[0]!);
    expect(await alive.pollDue([feed])).toEqual([]);
    expect(requests.get('/feed/orphaned')).toBeUndefined();
    // Only the holder may release: the live replica's release is a no-op while the lease is not its own.
    expect(await alive.leases.release('orphaned')).toBe(false);
    expect(await dead.holder('orphaned')).toBe('replica-dead');

    await vi.waitFor(async () => expect(await dead.holder('orphaned')).toBeNull(), { timeout: 5000 });
    const results = await alive.pollDue([feed]);
    expect(results.map((r) => r.outcome)).toEqual(['ok']);
    expect(requests.get('/feed/orphaned')).toBe(1);
  });

  it('renews a lease while its holder works, and drops it after', async () => {
    const leases = new FeedLeases(redis, config.redis, 'replica-slow', 1000);
    const other = new FeedLeases(redis, config.redis, 'replica-other', 1000);
    let contested: boolean | null = null;
    const done = await leases.withLease('long-fetch', async () => {
      // Three lease lifetimes: without renewal the other replica would get it meanwhile.
      await new Promise((r) => setTimeout(r, 3000));
      contested = await other.acquire('long-fetch');
      return 'finished';
    });
    expect(done).toEqual({ value: 'finished' });
    expect(contested).toBe(false);
    expect(await leases.holder('long-fetch')).toBeNull();
  });
});
