import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, FeedSource, PageDocumentRecord, RawItemRecord } from '@wirestream/contract';
import { openPipeline, waitForDrain, type Pipeline } from '@wirestream/cli';
import { createLogger } from '@wirestream/runtime';
import { kafkaBrokers, uniquePrefix } from '../harness/services.js';
import { testConfig } from '../support/config.js';
import { listenLocal } from '../support/listen.js';
import { readTopics, type ConsumedRecord } from '../support/topics.js';

const CORPUS = new URL('../../../shared/corpora/article-extraction/', import.meta.url);
// A real news page from the benchmark (VentureBeat) and a paywalled one (The Wall Street Journal).
const STORY = '06e5123e4ef7cfb4533250dc45d1e03d0838fc66223f45c583c4d12f48b4da85';
const WALLED = '042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856';
const benchmarkPage = (id: string): Buffer => gunzipSync(readFileSync(new URL(`html/${id}.html.gz`, CORPUS)));
const groundTruth = JSON.parse(readFileSync(new URL('ground-truth.json', CORPUS), 'utf8')) as Record<
  string,
  { articleBody: string }
>;

const LICENSED_PAGE = `<!doctype html><html lang="en"><head><title>Ferry timetable changes</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ferry timetable changes for the winter season</h1>
<p>The island ferry company will run four crossings a day instead of six from the first of November, it said on Tuesday, citing lower demand after the summer.</p>
<p>Residents who commute to the mainland asked the company to keep the early morning crossing, which the new timetable moves forty minutes later.</p>
<p>The regional transport office said it would review the timetable with the company in January and could add crossings if bookings rise.</p>
</article><footer>© Licensed Agency</footer></body></html>`;

const item = (path: string, n: number): string =>
  `<item><guid>page-${n}</guid><title>Story number ${n}</title><link>BASE${path}</link>` +
  `<description>Teaser ${n} about ${path.replace(/\W/g, ' ')}…</description></item>`;
const rss = (items: string[]): string =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Pages</title>${items.join('')}</channel></rss>`;

const PATHS = [
  '/articles/story',
  '/articles/walled',
  '/articles/missing',
  '/articles/slow',
  '/files/report.pdf',
  '/private/memo',
];

describe('full text: the fetcher fetches the article pages behind feed items', () => {
  const prefix = uniquePrefix('full-text');
  const config = testConfig(prefix, {
    enricher: { groupId: `${prefix}enricher` },
    log: { level: 'silent' },
    fetcher: {
      pages: {
        enabled: true,
        timeoutMs: 1_000,
        maxBodyBytes: 5 * 1024 * 1024,
        teaserChars: 600,
        maxPerHost: 2,
        robotsTtlSeconds: 60,
        // Unpaced: this test is about what becomes of each page; pacing is page-politeness.test.ts's.
        minIntervalMs: 0,
        stateTtlSeconds: 3_600,
      },
    },
  });
  const topic = (name: string): string => `${prefix}${name}`;
  let server: Server;
  let base = '';
  let pipeline: Pipeline;
  let records: ConsumedRecord[];
  const requested: string[] = [];
  const slowTimers = new Set<NodeJS.Timeout>();

  const raws = (): RawItemRecord[] =>
    records.filter((r) => r.topic === topic('news.raw.v1')).map((r) => r.value as RawItemRecord);
  const rawFor = (path: string): RawItemRecord => raws().find((r) => r.item.link === `${base}${path}`)!;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      requested.push(path);
      const html = { 'content-type': 'text/html; charset=utf-8' };
      switch (path) {
        case '/feed.xml':
          return void res
            .writeHead(200, { 'content-type': 'application/rss+xml' })
            .end(rss(PATHS.map((p, i) => item(p, i))).replaceAll('BASE', base));
        case '/licensed.xml':
          return void res
            .writeHead(200, { 'content-type': 'application/rss+xml' })
            .end(rss([item('/private/licensed', 77)]).replaceAll('BASE', base));
        case '/private/licensed':
          return void res.writeHead(200, html).end(LICENSED_PAGE);
        case '/never.xml':
          return void res
            .writeHead(200, { 'content-type': 'application/rss+xml' })
            .end(rss([item('/articles/never', 99)]).replaceAll('BASE', base));
        case '/robots.txt':
          return void res
            .writeHead(200, { 'content-type': 'text/plain' })
            .end('User-agent: *\nDisallow: /private/\n');
        case '/articles/story':
          return void res.writeHead(200, html).end(benchmarkPage(STORY));
        case '/articles/walled':
          return void res.writeHead(200, html).end(benchmarkPage(WALLED));
        case '/articles/slow': {
          const timer = setTimeout(() => res.writeHead(200, html).end('<p>too late</p>'), 5_000);
          slowTimers.add(timer);
          return;
        }
        case '/files/report.pdf':
          return void res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.7');
        default:
          return void res.writeHead(404, html).end('<h1>Not found</h1>');
      }
    });
    base = await listenLocal(server);
    const feeds: FeedSource[] = [
      { id: 'pages', url: `${base}/feed.xml`, agency: 'Page Agency', intervalSeconds: 300 },
      {
        id: 'never',
        url: `${base}/never.xml`,
        agency: 'Never Agency',
        intervalSeconds: 300,
        fullText: 'never',
      },
      {
        id: 'licensed',
        url: `${base}/licensed.xml`,
        agency: 'Licensed Agency',
        intervalSeconds: 300,
        ignoreRobots: true,
      },
    ];
    pipeline = await openPipeline(config, createLogger('silent'), feeds);
    await pipeline.enricher.start();
    const started = Date.now();
    const results = await pipeline.fetcher.pollAll();
    expect(results.map((r) => r.outcome)).toEqual(['ok', 'ok', 'ok']);
    // The slow page costs one page timeout, not its five seconds.
    expect(Date.now() - started).toBeLessThan(4_500);
    expect(await waitForDrain(pipeline.kafka, config.enricher.groupId, 60_000)).toBe(true);
    records = await readTopics(
      kafkaBrokers(),
      [topic('news.raw.v1'), topic('news.pages.v1'), topic('news.articles.v1'), topic('news.duplicates.v1')],
      {
        until: (rs) =>
          rs.filter((r) => r.topic === topic('news.raw.v1')).length >= 8 &&
          rs.filter((r) => r.topic === topic('news.articles.v1') || r.topic === topic('news.duplicates.v1'))
            .length >= 8,
      },
    );
  }, 120_000);

  afterAll(async () => {
    for (const timer of slowTimers) clearTimeout(timer);
    server?.closeAllConnections();
    server?.close();
    await pipeline?.close();
  });

  it('extracts the benchmark page and the enriched article uses its text', () => {
    const raw = rawFor('/articles/story');
    expect(raw.page).toMatchObject({ status: 'ok', reason: null, finalUrl: `${base}/articles/story` });
    expect(raw.page!.text!.length).toBeGreaterThan(2_000);
    const article = records
      .filter((r) => r.topic === topic('news.articles.v1'))
      .map((r) => r.value as ArticleRecord)
      .find((a) => a.url === `${base}/articles/story`)!;
    expect(article).toMatchObject({ textSource: 'page', pageStatus: 'ok', pageReason: null });
    const sentences = groundTruth[STORY]!.articleBody.split(/\n+/).filter((s) => s.length > 80);
    expect(sentences.some((s) => article.body.includes(s))).toBe(true);
  });

  it('flags a paywalled page as walled and keeps what text it shows', () => {
    const page = rawFor('/articles/walled').page!;
    expect(page).toMatchObject({ status: 'walled', paywalled: true });
    expect(page.reason).toMatch(/^walled: /);
  });

  it('records why a page failed or was skipped, and still publishes the item with the feed text', () => {
    expect(rawFor('/articles/missing').page).toMatchObject({
      status: 'failed',
      reason: 'http-status: HTTP 404',
    });
    expect(rawFor('/articles/slow').page).toMatchObject({ status: 'failed' });
    expect(rawFor('/articles/slow').page!.reason).toMatch(/^timeout: /);
    expect(rawFor('/files/report.pdf').page).toMatchObject({
      status: 'failed',
      reason: 'not-html: application/pdf',
    });
    expect(rawFor('/private/memo').page).toMatchObject({ status: 'skipped' });
    expect(rawFor('/private/memo').page!.reason).toMatch(/^robots-disallowed/);
    expect(requested).not.toContain('/private/memo');
    const articles = records
      .filter((r) => r.topic === topic('news.articles.v1') || r.topic === topic('news.duplicates.v1'))
      .map((r) => r.value as ArticleRecord & { article?: ArticleRecord })
      .map((a) => a.article ?? a);
    const missing = articles.find((a) => a.url === `${base}/articles/missing`)!;
    expect(missing).toMatchObject({
      textSource: 'feed',
      pageStatus: 'failed',
      pageReason: 'http-status: HTTP 404',
    });
  });

  it('fetches a robots-disallowed page for a feed that says ignoreRobots', () => {
    expect(requested).toContain('/private/licensed');
    expect(rawFor('/private/licensed').page).toMatchObject({ status: 'ok', reason: null });
  });

  it('fetches robots.txt once per host', () => {
    expect(requested.filter((p) => p === '/robots.txt')).toHaveLength(1);
  });

  it('fetches no page for a feed whose policy is "never"', () => {
    expect(rawFor('/articles/never').page).toBeUndefined();
    expect(requested).not.toContain('/articles/never');
  });

  it('keeps the fetched HTML on news.pages.v1, keyed like the item', () => {
    const pages = records.filter((r) => r.topic === topic('news.pages.v1'));
    const story = pages.find((r) => r.key === rawFor('/articles/story').itemKey)!;
    const doc = story.value as PageDocumentRecord;
    expect(gunzipSync(Buffer.from(doc.body.data, 'base64')).equals(benchmarkPage(STORY))).toBe(true);
    expect(pages.map((r) => r.key).sort()).toEqual(
      ['/articles/story', '/articles/walled', '/private/licensed'].map((p) => rawFor(p).itemKey).sort(),
    );
  });
});
