/**
 * Article pages are fetched as politely as feeds, through the same machinery: conditional requests
 * from the validators kept per page URL (a 304 reuses the page as read, nothing is kept again), a
 * host's 429/503 Retry-After honoured for every page of it, request starts spaced per host
 * (`fetcher.pages.minIntervalMs`, or the longer robots.txt Crawl-delay). Real local HTTP servers
 * (one per host), the real broker and Redis.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedSource, PageDocumentRecord, RawItemRecord } from '@wirestream/contract';
import { openPipeline, type Pipeline } from '@wirestream/cli';
import { createLogger } from '@wirestream/runtime';
import { kafkaBrokers, uniquePrefix } from '../harness/services.js';
import { testConfig } from '../support/config.js';
import { listenLocal } from '../support/listen.js';
import { readTopics } from '../support/topics.js';

const MIN_INTERVAL_MS = 200;

interface Seen {
  path: string;
  at: number;
  headers: IncomingHttpHeaders;
}

const article = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><title>${title}</title></head><body><nav><a href="/">Home</a></nav>` +
  `<article><h1>${title}</h1>${body}</article><footer>Sample site</footer></body></html>`;
const para = (topic: string, version: number): string =>
  [1, 2, 3]
    .map(
      (n) =>
        `<p>Paragraph ${n} of the ${topic} story, version ${version}: the council met on Tuesday and agreed to review the plan again next spring after residents asked for more time to respond.</p>`,
    )
    .join('');

/** A teaser feed: each path becomes one item whose link is that page; `edition` changes every title. */
const feedOf = (base: string, paths: string[], edition: number): string =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Pages</title>${paths
    .map(
      (p) =>
        `<item><guid>${p}</guid><title>${p} (edition ${edition})</title><link>${base}${p}</link><description>Teaser for ${p}…</description></item>`,
    )
    .join('')}</channel></rss>`;

/** A test host: serves what `route` answers and notes every request. */
function host(
  route: (
    path: string,
    headers: IncomingHttpHeaders,
    base: string,
  ) => [number, Record<string, string>, string],
) {
  const seen: Seen[] = [];
  let base = '';
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    seen.push({ path, at: Date.now(), headers: req.headers });
    const [status, headers, body] = route(path, req.headers, base);
    res.writeHead(status, headers).end(body);
  });
  return {
    seen,
    server,
    get base() {
      return base;
    },
    async listen() {
      base = await listenLocal(server);
    },
    requests: (path: string) => seen.filter((s) => s.path === path),
  };
}

const HTML = { 'content-type': 'text/html; charset=utf-8' };
const RSS = { 'content-type': 'application/rss+xml' };

describe('page politeness: conditional requests, Retry-After, pacing and Crawl-delay', () => {
  const prefix = uniquePrefix('page-politeness');
  const config = testConfig(prefix, {
    log: { level: 'silent' },
    fetcher: {
      pages: {
        enabled: true,
        timeoutMs: 4_000,
        maxBodyBytes: 1024 * 1024,
        teaserChars: 600,
        // One at a time, so that the 429 is in before the host's next page could start, however slow the machine.
        maxPerHost: 1,
        robotsTtlSeconds: 60,
        minIntervalMs: MIN_INTERVAL_MS,
        stateTtlSeconds: 600,
      },
    },
  });
  const topic = (name: string): string => `${prefix}${name}`;
  let edition = 1;
  let changingVersion = 1;

  // Host A: validators. One page with an ETag, one with Last-Modified, one whose ETag changes.
  const a = host((path, headers, base) => {
    const lastModified = 'Mon, 20 Oct 2025 08:00:00 GMT';
    switch (path) {
      case '/feed.xml':
        return [200, RSS, feedOf(base, ['/etag-story', '/lm-story', '/changing-story'], edition)];
      case '/robots.txt':
        return [404, {}, ''];
      case '/etag-story':
        return headers['if-none-match'] === '"e1"'
          ? [304, { etag: '"e1"' }, '']
          : [200, { ...HTML, etag: '"e1"' }, article('Etag story', para('etag', 1))];
      case '/lm-story':
        return headers['if-modified-since'] === lastModified
          ? [304, { 'last-modified': lastModified }, '']
          : [200, { ...HTML, 'last-modified': lastModified }, article('Dated story', para('dated', 1))];
      case '/changing-story': {
        const etag = `"c${changingVersion}"`;
        return headers['if-none-match'] === etag
          ? [304, { etag }, '']
          : [200, { ...HTML, etag }, article('Changing story', para('changing', changingVersion))];
      }
      default:
        return [404, HTML, 'not found'];
    }
  });
  // Host B: the first page answers 429 with Retry-After; the host's other pages must wait.
  const b = host((path, _headers, base) => {
    if (path === '/feed.xml') return [200, RSS, feedOf(base, ['/b1', '/b2', '/b3'], edition)];
    if (path === '/more.xml') return [200, RSS, feedOf(base, ['/b4'], edition)];
    if (path === '/robots.txt') return [200, { 'content-type': 'text/plain' }, 'User-agent: *\nDisallow:\n'];
    if (path === '/b1') return [429, { 'retry-after': '30' }, 'slow down'];
    return [200, HTML, article(`Story ${path}`, para(path, 1))];
  });
  // Host C: robots.txt asks for a second between requests; five pages do not fit in one poll's time.
  const c = host((path, _headers, base) => {
    if (path === '/feed.xml') return [200, RSS, feedOf(base, ['/c1', '/c2', '/c3', '/c4', '/c5'], edition)];
    if (path === '/robots.txt')
      return [200, { 'content-type': 'text/plain' }, 'User-agent: *\nCrawl-delay: 1\n'];
    return [200, HTML, article(`Story ${path}`, para(path, 1))];
  });

  let pipeline: Pipeline;
  let feeds: Record<'a' | 'b' | 'bMore' | 'c', FeedSource>;
  const raws = async (min: number): Promise<RawItemRecord[]> =>
    (
      await readTopics(kafkaBrokers(), [topic('news.raw.v1')], {
        until: (rs) => rs.length >= min,
        idleMs: 1000,
      })
    ).map((r) => r.value as RawItemRecord);
  const pageDocs = async (min: number): Promise<PageDocumentRecord[]> =>
    (
      await readTopics(kafkaBrokers(), [topic('news.pages.v1')], {
        until: (rs) => rs.length >= min,
        idleMs: 1000,
      })
    ).map((r) => r.value as PageDocumentRecord);
  const pageOf = (records: RawItemRecord[], link: string, change: 'new' | 'updated' = 'new') =>
    records.find((r) => r.item.link === link && r.change === change)?.page;

  beforeAll(async () => {
    await Promise.all([a.listen(), b.listen(), c.listen()]);
    const feed = (id: string, url: string): FeedSource => ({ id, url, agency: id, intervalSeconds: 300 });
    feeds = {
      a: feed('host-a', `${a.base}/feed.xml`),
      b: feed('host-b', `${b.base}/feed.xml`),
      bMore: feed('host-b-more', `${b.base}/more.xml`),
      c: feed('host-c', `${c.base}/feed.xml`),
    };
    pipeline = await openPipeline(config, createLogger('silent'), Object.values(feeds));
  }, 60_000);

  afterAll(async () => {
    for (const h of [a, b, c]) {
      h.server.closeAllConnections();
      h.server.close();
    }
    await pipeline?.close();
  });

  it('fetches pages once in full, then conditionally: a 304 reuses the page as read and keeps nothing new', async () => {
    const [first] = await pipeline.fetcher.pollAll([feeds.a]);
    expect(first).toMatchObject({ outcome: 'ok', pages: { ok: 3 } });
    edition = 2; // every title changes: three updated items, whose pages are asked for again
    changingVersion = 2;
    const [second] = await pipeline.fetcher.pollAll([feeds.a]);
    expect(second).toMatchObject({ outcome: 'ok', published: { updated: 3 }, pages: { ok: 3 } });

    expect(a.requests('/etag-story').map((s) => s.headers['if-none-match'] ?? null)).toEqual([null, '"e1"']);
    expect(a.requests('/lm-story').map((s) => s.headers['if-modified-since'] ?? null)).toEqual([
      null,
      'Mon, 20 Oct 2025 08:00:00 GMT',
    ]);
    expect(a.requests('/changing-story').map((s) => s.headers['if-none-match'] ?? null)).toEqual([
      null,
      '"c1"',
    ]);

    const records = await raws(6);
    for (const path of ['/etag-story', '/lm-story']) {
      const before = pageOf(records, `${a.base}${path}`)!;
      const after = pageOf(records, `${a.base}${path}`, 'updated')!;
      expect(after).toMatchObject({ status: 'ok', text: before.text, sha256: before.sha256 });
      expect(after.text).toMatch(/Paragraph 1 of the/);
      expect(Date.parse(after.fetchedAt!)).toBeGreaterThan(Date.parse(before.fetchedAt!));
    }
    // The page whose ETag changed was read again: new text, new hash.
    const changed = pageOf(records, `${a.base}/changing-story`, 'updated')!;
    expect(changed.text).toMatch(/version 2/);
    expect(changed.sha256).not.toBe(pageOf(records, `${a.base}/changing-story`)!.sha256);
    // Three pages kept at first, then only the changed one: the 304s kept nothing.
    const docs = await pageDocs(4);
    expect(docs).toHaveLength(4);
    expect(new Set(docs.map((d) => d.body.sha256))).toEqual(
      new Set(
        ['/etag-story', '/lm-story', '/changing-story']
          .map((p) => pageOf(records, `${a.base}${p}`)!.sha256)
          .concat(changed.sha256!),
      ),
    );
    // The host's requests start at least the page interval apart (robots.txt first).
    const starts = a.seen
      .filter((s) => s.path !== '/feed.xml')
      .slice(0, 4)
      .map((s) => s.at);
    for (let i = 1; i < starts.length; i++)
      expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(MIN_INTERVAL_MS - 5);
    // What is remembered per page URL expires.
    const keys = await pipeline.redis.keys(`${prefix}page:*`);
    expect(keys).toHaveLength(3);
    const ttl = await pipeline.redis.ttl(keys[0]!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(600);
  });

  it("honours a host's Retry-After for all its pages, in this poll and the next", async () => {
    const [polled] = await pipeline.fetcher.pollAll([feeds.b]);
    expect(polled).toMatchObject({ outcome: 'ok', pages: { failed: 1, skipped: 2 } });
    const [more] = await pipeline.fetcher.pollAll([feeds.bMore]);
    expect(more).toMatchObject({ outcome: 'ok', pages: { skipped: 1 } });
    const records = await raws(10);
    expect(pageOf(records, `${b.base}/b1`)).toMatchObject({
      status: 'failed',
      reason: 'http-status: HTTP 429',
    });
    for (const path of ['/b2', '/b3', '/b4']) {
      const page = pageOf(records, `${b.base}${path}`)!;
      expect(page.status, path).toBe('skipped');
      expect(page.reason, path).toMatch(/^retry-after: 127\.0\.0\.1:\d+ asked us to wait until \d{4}-/);
    }
    // Asked once, told to wait, and left alone since.
    expect(b.seen.map((s) => s.path).filter((p) => p.startsWith('/b'))).toEqual(['/b1']);
  });

  it("spaces a host's requests by its robots.txt Crawl-delay, and leaves what does not fit in the poll's time", async () => {
    const [polled] = await pipeline.fetcher.pollAll([feeds.c]);
    expect(polled).toMatchObject({ outcome: 'ok', pages: { ok: 4, skipped: 1 } });
    const pageStarts = c.seen.filter((s) => /^\/c\d$/.test(s.path)).map((s) => s.at);
    expect(pageStarts).toHaveLength(4);
    for (let i = 1; i < pageStarts.length; i++)
      expect(pageStarts[i]! - pageStarts[i - 1]!).toBeGreaterThanOrEqual(995);
    const records = await raws(15);
    const skipped = records.filter((r) => r.feed.id === 'host-c' && r.page?.status === 'skipped');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.page!.reason).toMatch(/^rate-limit: the next request to 127\.0\.0\.1:\d+ is due at /);
  });
});
