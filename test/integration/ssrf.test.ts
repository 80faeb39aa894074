import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedSource, RawItemRecord, TopicBatch, WirestreamConfig } from '@wirestream/contract';
import { feedErrors, pollFeed, type PollDeps } from '@wirestream/fetcher';
import {
  KafkaGateway,
  createLogger,
  createRedis,
  type RecordProducer,
  type Redis,
} from '@wirestream/runtime';
import { FeedStateStore, FetchError, fetchDocument, type HostResolver } from '@wirestream/runtime/feeds';
import { uniquePrefix } from '../harness/services.js';
import { listenLocal } from '../support/listen.js';
import { testConfig } from '../support/config.js';

const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Agency</title>
<item><guid>a-1</guid><title>First</title><link>https://agency.example/1</link></item>
<item><guid>a-2</guid><title>Second</title><link>https://agency.example/2</link></item></channel></rss>`;

/** Public-looking names mapped to whatever a test needs, as a hostile DNS answer would. */
const DNS: Record<string, string[]> = {
  'agency.test': ['127.0.0.1'],
  'wire.agency.example': ['10.20.30.40'],
  'mapped.agency.example': ['::ffff:127.0.0.1'],
  'metadata.google.internal': ['169.254.169.254'],
  'split.agency.example': ['93.184.216.34', '192.168.0.10'],
};
/** A feed whose items link to a page on its own host, on another name for it, and on the metadata address. */
const pagesRss = (
  port: number,
): string => `<?xml version="1.0"?><rss version="2.0"><channel><title>Pages</title>
<item><guid>p-own</guid><title>Own host</title><link>http://127.0.0.1:${port}/article</link></item>
<item><guid>p-name</guid><title>Other name</title><link>http://agency.test:${port}/article</link></item>
<item><guid>p-metadata</guid><title>Metadata</title><link>http://169.254.169.254/latest/meta-data/</link></item>
</channel></rss>`;

const resolve: HostResolver = async (hostname) =>
  (DNS[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('SSRF: feeds cannot reach private, loopback, link-local or metadata addresses', () => {
  const prefix = uniquePrefix('ssrf');
  let strict: WirestreamConfig;
  let config: WirestreamConfig;
  let redis: Redis;
  let producer: RecordProducer;
  let server: Server;
  let port = 0;
  const hits: string[] = [];

  const deps = (cfg: WirestreamConfig = strict): PollDeps => ({
    config: cfg,
    logger: createLogger('silent'),
    producer,
    state: new FeedStateStore(redis, cfg.redis),
    resolve,
  });
  const feed = (id: string, url: string, allowPrivateNetwork?: boolean): FeedSource => ({
    id,
    url,
    agency: 'SSRF Test Agency',
    intervalSeconds: 600,
    ...(allowPrivateNetwork === undefined ? {} : { allowPrivateNetwork }),
  });
  const blockedCount = async (id: string): Promise<number> =>
    (await feedErrors.get()).values.find((v) => v.labels.feed === id && v.labels.reason === 'blocked-address')
      ?.value ?? 0;

  beforeAll(async () => {
    // The default the product ships with: no private networks.
    strict = testConfig(prefix, { fetcher: { allowPrivateNetworks: false }, log: { level: 'silent' } });
    config = testConfig(prefix, { log: { level: 'silent' } });
    const kafka = new KafkaGateway(strict.kafka, createLogger('silent'));
    await kafka.ensureTopics();
    producer = await kafka.connectProducer();
    redis = createRedis(strict.redis, createLogger('silent'));
    await redis.connect();
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      hits.push(path);
      switch (path) {
        case '/feed.xml':
          return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss);
        case '/to-metadata':
          return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
        case '/to-loopback':
          return void res.writeHead(302, { location: `http://127.0.0.1:${port}/feed.xml` }).end();
        case '/to-mapped-name':
          return void res.writeHead(301, { location: `http://mapped.agency.example:${port}/feed.xml` }).end();
        case '/same-host':
          return void res.writeHead(302, { location: '/feed.xml' }).end();
        case '/pages.xml':
          return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(pagesRss(port));
        case '/article':
          return void res
            .writeHead(200, { 'content-type': 'text/html' })
            .end(
              `<html><body><article><p>${'A local story, long enough to count as one. '.repeat(4)}</p></article></body></html>`,
            );
        default:
          return void res.writeHead(404).end();
      }
    });
    port = Number(new URL(await listenLocal(server)).port);
  });

  afterAll(async () => {
    server?.closeAllConnections();
    server?.close();
    await producer?.disconnect();
    redis?.disconnect();
  });

  it('refuses a feed on 127.0.0.1 by default, records why, counts it and backs off', async () => {
    const before = hits.length;
    const started = Date.now();
    const result = await pollFeed(feed('loopback-feed', `http://127.0.0.1:${port}/feed.xml`), deps());
    expect(result.outcome).toBe('error');
    expect(result.error).toBe('blocked-address: refused to connect to 127.0.0.1: loopback address');
    expect(hits.length).toBe(before); // not a single request reached the server
    const state = await deps().state.get('loopback-feed');
    expect(state.lastError).toBe(result.error);
    expect(state.consecutiveFailures).toBe(1);
    // Not retried soon: the next try is at least half the feed's interval away (backoff with jitter).
    expect(Date.parse(result.nextPollAt) - started).toBeGreaterThanOrEqual(300_000 - 1000);
    expect(await blockedCount('loopback-feed')).toBe(1);
  });

  it('refuses public-looking names that resolve to internal addresses, checked after DNS', async () => {
    const cases: Array<[string, string]> = [
      [
        `http://wire.agency.example:${port}/feed.xml`,
        '10.20.30.40 (wire.agency.example resolves to it): private',
      ],
      [
        `http://mapped.agency.example:${port}/feed.xml`,
        '::ffff:127.0.0.1 (mapped.agency.example resolves to it): loopback',
      ],
      [
        `http://split.agency.example:${port}/feed.xml`,
        '192.168.0.10 (split.agency.example resolves to it): private',
      ],
      ['http://metadata.google.internal/computeMetadata/v1/', 'metadata.google.internal: cloud metadata'],
      ['http://[fd00:ec2::254]/latest/meta-data/', 'fd00:ec2::254: cloud metadata'],
      ['http://[::ffff:a9fe:a9fe]/latest/meta-data/', '::ffff:a9fe:a9fe: cloud metadata'],
    ];
    for (const [url, why] of cases) {
      const error = await fetchDocument(url, { etag: null, lastModified: null }, strict.fetcher, {
        resolve,
      }).then(
        () => null,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(FetchError);
      expect((error as FetchError).reason).toBe('blocked-address');
      expect((error as FetchError).message).toBe(`refused to connect to ${why} address`);
    }
    const polled = await pollFeed(
      feed('rebinding-feed', `http://wire.agency.example:${port}/feed.xml`),
      deps(),
    );
    expect(polled.error).toMatch(/^blocked-address: .*10\.20\.30\.40.*private address$/);
    expect(await blockedCount('rebinding-feed')).toBe(1);
  });

  it('refuses a redirect from an allowed feed to the metadata address or to another internal host, at the hop', async () => {
    for (const [path, address] of [
      ['/to-metadata', '169.254.169.254: cloud metadata'],
      ['/to-loopback', '127.0.0.1: loopback'],
      ['/to-mapped-name', '::ffff:127.0.0.1 (mapped.agency.example resolves to it): loopback'],
    ] as const) {
      const before = hits.length;
      const id = `allowed${path.replace(/\//g, '-')}`;
      const result = await pollFeed(feed(id, `http://agency.test:${port}${path}`, true), deps());
      expect(result.error).toBe(`blocked-address: refused to connect to ${address} address`);
      // The allowed hop was made; the refused one never reached a server.
      expect(hits.slice(before)).toEqual([path]);
      expect(await blockedCount(id)).toBe(1);
    }
  });

  it('fetches a feed explicitly allowed on a private network, including a same-host redirect', async () => {
    const direct = await pollFeed(feed('allowed-direct', `http://127.0.0.1:${port}/feed.xml`, true), deps());
    expect(direct).toMatchObject({ outcome: 'ok', items: 2, published: { new: 2, updated: 0 } });
    const redirected = await pollFeed(
      feed('allowed-named', `http://agency.test:${port}/same-host`, true),
      deps(),
    );
    expect(redirected).toMatchObject({ outcome: 'ok', items: 2, published: { new: 2, updated: 0 } });
    // Its keep-alive socket to agency.test must not serve a feed that is not allowed.
    const sameHostNotAllowed = await pollFeed(
      feed('not-allowed-named', `http://agency.test:${port}/feed.xml`),
      deps(),
    );
    expect(sameHostNotAllowed.error).toMatch(
      /^blocked-address: .*127\.0\.0\.1 \(agency\.test resolves to it\): loopback/,
    );
  });

  it("fetches an allowed feed's article pages on the feed's own host only (how the sample server is reached)", async () => {
    const sent: TopicBatch[] = [];
    const before = hits.length;
    const result = await pollFeed(feed('pages-own-host', `http://127.0.0.1:${port}/pages.xml`, true), {
      ...deps(),
      producer: { send: async (batches) => void sent.push(...batches) },
    });
    expect(result).toMatchObject({ outcome: 'ok', pages: { ok: 1, failed: 2 } });
    const raws = sent
      .filter((b) => b.spec.name === 'news.raw.v1')
      .flatMap((b) => b.records.map((r) => r.value as RawItemRecord));
    const pageOf = (guid: string) => raws.find((r) => r.item.guid === guid)!.page!;
    expect(pageOf('p-own')).toMatchObject({ status: 'ok' });
    // Another name for the same address, and the metadata address: refused at robots.txt already.
    expect(pageOf('p-name').reason).toMatch(
      /^robots-unreachable: .*blocked-address: .*127\.0\.0\.1 \(agency\.test resolves to it\): loopback/,
    );
    expect(pageOf('p-metadata').reason).toMatch(
      /^robots-unreachable: .*blocked-address: .*cloud metadata address/,
    );
    expect(hits.slice(before).filter((p) => p === '/article')).toHaveLength(1);
  });

  it('lets every feed reach private networks with the development switch, but never the metadata address', async () => {
    const local = await pollFeed(feed('dev-switch', `http://127.0.0.1:${port}/feed.xml`), deps(config));
    expect(local).toMatchObject({ outcome: 'ok', items: 2 });
    const metadata = await pollFeed(
      feed('dev-switch-metadata', `http://agency.test:${port}/to-metadata`),
      deps(config),
    );
    expect(metadata.error).toBe(
      'blocked-address: refused to connect to 169.254.169.254: cloud metadata address',
    );
  });
});
