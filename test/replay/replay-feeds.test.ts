/**
 * The fetcher keeps every distinct feed body it fetches on news.feeds.raw.v1 (not the 304s), and
 * `replay feeds` parses those documents again and pushes their items through the normal path:
 * after the live pipeline has published them, nothing changes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedDocumentRecord, FeedSource } from '@wirestream/contract';
import type { FeedPollResult } from '@wirestream/fetcher';
import { openPipeline, startFeedServer, waitForDrain, type FeedServer, type Pipeline } from '@wirestream/cli';
import { documentBody, openJobServices, replayFeeds, type JobServices } from '@wirestream/replay';
import { createLogger } from '@wirestream/runtime';
import { kafkaBrokers, uniquePrefix } from '../harness/services.js';
import { testConfig } from '../support/config.js';
import { listenLocal } from '../support/listen.js';
import { readAll, stories } from './support.js';

const prefix = uniquePrefix('replay-feeds');
const config = testConfig(prefix, {
  enricher: { groupId: `${prefix}enricher` },
  replay: { maxRecordsPerSecond: 0 },
  log: { level: 'warn' },
});
const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const items = stories(5, () => false, 61).map((s) => ({ ...s, link: `https://kept-wire.example/${s.guid}` }));
const dir = mkdtempSync(join(tmpdir(), 'ws-kept-feed-'));
const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Kept Wire</title><link>https://kept-wire.example/</link>${items
  .map(
    (s) =>
      `<item><guid>${s.link}</guid><title>${escape(s.title)}</title><link>${s.link}</link><pubDate>Thu, 01 May 2025 08:00:00 GMT</pubDate><description>${escape(s.body)}</description></item>`,
  )
  .join('')}</channel></rss>`;
writeFileSync(join(dir, 'kept.xml'), rss);

let server: FeedServer;
// A server that sends no validators: every poll gets the whole body, changed or not.
let plainBody = rss;
const plain: Server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/rss+xml' });
  res.end(plainBody);
});
let pipeline: Pipeline;
let services: JobServices;
let feed: FeedSource;

beforeAll(async () => {
  server = await startFeedServer(dir);
  feed = {
    id: 'kept-wire',
    url: `${server.baseUrl}/kept.xml`,
    agency: 'Kept Wire',
    intervalSeconds: 300,
    allowPrivateNetwork: true,
  };
  pipeline = await openPipeline(config, createLogger('warn'), [feed]);
  await pipeline.enricher.start();
  services = await openJobServices(config, createLogger('warn'));
});

afterAll(async () => {
  await services?.close();
  await pipeline?.close();
  await server?.close();
  plain.close();
});

describe('raw feed documents', () => {
  const from = new Date(Date.now() - 1000);

  it('are kept for every fetched body, not for a 304', async () => {
    const [first] = await pipeline.fetcher.pollAll();
    expect(first).toMatchObject({ outcome: 'ok', published: { new: items.length } });
    const [second] = await pipeline.fetcher.pollAll();
    expect(second!.outcome).toBe('not-modified');
    expect(await waitForDrain(pipeline.kafka, config.enricher.groupId, 60_000)).toBe(true);
    const docs = (await readAll(kafkaBrokers(), [`${prefix}news.feeds.raw.v1`])).map(
      (r) => r.value as FeedDocumentRecord,
    );
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({
      feed: { id: 'kept-wire', agency: 'Kept Wire' },
      url: feed.url,
      http: { status: 200 },
    });
    expect(docs[0]!.http.headers.etag).toBeTruthy();
    expect(documentBody(docs[0]!).toString('utf8')).toBe(rss);
    expect(docs[0]!.body.bytes).toBe(Buffer.byteLength(rss));
  });

  it('replay through the normal path and change nothing the live pipeline already published', async () => {
    const summary = await replayFeeds(services, { from, to: new Date(Date.now() + 1000) });
    expect(summary).toMatchObject({
      kind: 'replay-feeds',
      read: items.length,
      new: 0,
      updated: 0,
      unchanged: items.length,
      failed: 0,
    });
  });
});

describe('a feed served without validators', () => {
  it('keeps a body once, however often it is fetched, and again when it changes', async () => {
    const url = `${await listenLocal(plain)}/plain.xml`;
    const plainFeed: FeedSource = { ...feed, id: 'plain-wire', url, agency: 'Plain Wire' };
    const docsOf = async (min: number): Promise<FeedDocumentRecord[]> =>
      (await readAll(kafkaBrokers(), [`${prefix}news.feeds.raw.v1`], (rs) => rs.length >= min))
        .map((r) => r.value as FeedDocumentRecord)
        .filter((d) => d.feed.id === 'plain-wire');
    const poll = async (): Promise<FeedPollResult> => (await pipeline.fetcher.pollAll([plainFeed]))[0]!;
    expect(await poll()).toMatchObject({ outcome: 'ok', status: 200 });
    expect(await poll()).toMatchObject({ outcome: 'ok', status: 200, published: { new: 0, updated: 0 } });
    expect(await docsOf(2)).toHaveLength(1);

    plainBody = rss.replace(
      '</channel>',
      `<item><guid>late</guid><title>A later story</title><link>https://kept-wire.example/late</link><description>${escape(items[0]!.body)}</description></item></channel>`,
    );
    expect(await poll()).toMatchObject({ outcome: 'ok', published: { new: 1 } });
    const docs = await docsOf(3);
    expect(docs).toHaveLength(2);
    expect(documentBody(docs[1]!).toString('utf8')).toBe(plainBody);
  });
});
