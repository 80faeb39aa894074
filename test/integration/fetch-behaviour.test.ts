import { createServer, type IncomingMessage, type Server } from 'node:http';
import { listenLocal } from '../support/listen.js';
import { testConfig } from '../support/config.js';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DLQ_TOPIC,
  FEEDS_RAW_TOPIC,
  RAW_TOPIC,
  type FeedSource,
  type RawItemRecord,
  type WirestreamConfig,
} from '@wirestream/contract';
import { pollFeed, type PollDeps } from '@wirestream/fetcher';
import {
  KafkaGateway,
  createLogger,
  createRedis,
  type RecordProducer,
  type Redis,
} from '@wirestream/runtime';
import { FeedStateStore, fetchDocument } from '@wirestream/runtime/feeds';
import { kafkaBrokers, uniquePrefix } from '../harness/services.js';
import { readTopics } from '../support/topics.js';

const item = (n: number, title: string): string =>
  `<item><guid>story-${n}</guid><title>${title}</title><link>https://example.test/${n}</link><description>Body ${n}</description></item>`;
const doc = (items: string[]): string =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Changing</title>${items.join('')}</channel></rss>`;

describe('fetching: encodings, conditional GET, moved feeds, change detection', () => {
  const prefix = uniquePrefix('fetch-behaviour');
  let config: WirestreamConfig;
  let redis: Redis;
  let producer: RecordProducer;
  let server: Server;
  let base = '';
  const seen: IncomingMessage['headers'][] = [];
  let changingTitle = 'Original headline';
  const deps = (): PollDeps => ({
    config,
    logger: createLogger('silent'),
    producer,
    state: new FeedStateStore(redis, config.redis),
  });

  beforeAll(async () => {
    config = testConfig(prefix, { log: { level: 'silent' } });
    const kafka = new KafkaGateway(config.kafka, createLogger('silent'));
    await kafka.ensureTopics([RAW_TOPIC, FEEDS_RAW_TOPIC, DLQ_TOPIC]);
    producer = await kafka.connectProducer();
    redis = createRedis(config.redis, createLogger('silent'));
    await redis.connect();
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      seen.push(req.headers);
      const rss = doc([item(1, 'Steady story'), item(2, 'Another')]);
      switch (path) {
        case '/br':
          res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'br' });
          return void res.end(brotliCompressSync(rss));
        case '/gzip':
          res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
          return void res.end(gzipSync(rss));
        case '/deflate':
          res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'deflate' });
          return void res.end(deflateSync(rss));
        case '/validators': {
          // Answers on the ETag alone: a Last-Modified that would say "changed" must not win over it.
          const headers = { etag: '"v7"', 'last-modified': 'Wed, 01 Jan 2025 00:00:00 GMT' };
          if (req.headers['if-none-match'] === '"v7"') return void res.writeHead(304, headers).end();
          return void res.writeHead(200, { ...headers, 'content-type': 'application/rss+xml' }).end(rss);
        }
        case '/old-home':
          return void res.writeHead(301, { location: '/new-home' }).end();
        case '/new-home':
          return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss);
        case '/changing':
          res.writeHead(200, { 'content-type': 'application/rss+xml' });
          return void res.end(doc([item(1, 'Steady story'), item(2, changingTitle), item(3, 'Third')]));
        default:
          return void res.writeHead(404).end();
      }
    });
    base = await listenLocal(server);
  });

  afterAll(async () => {
    server?.closeAllConnections();
    server?.close();
    await producer?.disconnect();
    redis?.disconnect();
  });

  const feed = (id: string, path: string): FeedSource => ({
    id,
    url: `${base}${path}`,
    agency: 'Test Agency',
    intervalSeconds: 300,
  });

  it('asks for and decodes brotli, gzip and deflate bodies', async () => {
    for (const path of ['/br', '/gzip', '/deflate']) {
      const fetched = await fetchDocument(
        `${base}${path}`,
        { etag: null, lastModified: null },
        config.fetcher,
      );
      expect(fetched.body?.toString('utf8')).toContain('<title>Steady story</title>');
    }
    expect(seen.at(-1)?.['accept-encoding']).toMatch(/\bbr\b/);
    const result = await pollFeed(feed('brotli', '/br'), deps());
    expect(result).toMatchObject({ outcome: 'ok', items: 2, published: { new: 2, updated: 0 } });
  });

  it('sends both validators, and a 304 on the ETag leaves the feed healthy and publishes nothing', async () => {
    const first = await pollFeed(feed('validators', '/validators'), deps());
    expect(first.outcome).toBe('ok');
    const stored = await deps().state.get('validators');
    expect([stored.etag, stored.lastModified]).toEqual(['"v7"', 'Wed, 01 Jan 2025 00:00:00 GMT']);
    const second = await pollFeed(feed('validators', '/validators'), deps());
    expect(second).toMatchObject({ outcome: 'not-modified', status: 304, published: { new: 0, updated: 0 } });
    expect(seen.at(-1)).toMatchObject({
      'if-none-match': '"v7"',
      'if-modified-since': 'Wed, 01 Jan 2025 00:00:00 GMT',
    });
  });

  it('follows a 301 and polls the new address from then on', async () => {
    const moved = feed('moved', '/old-home');
    expect((await pollFeed(moved, deps())).outcome).toBe('ok');
    expect((await deps().state.get('moved')).url).toBe(`${base}/new-home`);
    const before = seen.length;
    expect((await pollFeed(moved, deps())).outcome).toBe('ok');
    // One request, straight to the new home: no hop through the old address.
    expect(seen.length - before).toBe(1);
  });

  it('re-publishes an item whose content changed as an update, and never an unchanged one', async () => {
    const changing = feed('changing', '/changing');
    const first = await pollFeed(changing, deps());
    expect(first.published).toEqual({ new: 3, updated: 0 });
    changingTitle = 'Corrected headline';
    const second = await pollFeed(changing, deps());
    expect(second.published).toEqual({ new: 0, updated: 1 });
    const third = await pollFeed(changing, deps());
    expect(third.published).toEqual({ new: 0, updated: 0 });

    const records = await readTopics(kafkaBrokers(), [`${prefix}${RAW_TOPIC.name}`], {
      until: (rs) => rs.filter((r) => (r.value as RawItemRecord).feed.id === 'changing').length >= 4,
    });
    const raw = records.map((r) => r.value as RawItemRecord).filter((r) => r.feed.id === 'changing');
    expect(raw.map((r) => [r.item.guid, r.change, r.item.title])).toEqual(
      expect.arrayContaining([
        ['story-1', 'new', 'Steady story'],
        ['story-2', 'new', 'Original headline'],
        ['story-3', 'new', 'Third'],
        ['story-2', 'updated', 'Corrected headline'],
      ]),
    );
    expect(raw).toHaveLength(4);
    const [original, update] = raw.filter((r) => r.item.guid === 'story-2');
    expect(update!.itemKey).toBe(original!.itemKey);
  });
});
