/**
 * Hostile and broken feeds, each served over real HTTP to the real fetcher (and, for what the
 * enricher repairs, on to real articles): every class is refused with a clear reason or repaired in
 * a documented way, is counted by a metric and recorded (feed state, news.dlq.v1), costs no other
 * feed an item, and leaves the worker polling.
 */
import { createServer, type Server } from 'node:http';
import { createGzip, gzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, DeadLetterRecord, FeedSource, RawItemRecord } from '@wirestream/contract';
import { openPipeline, type Pipeline } from '@wirestream/cli';
import { feedErrors, inputRepairs, type FeedPollResult } from '@wirestream/fetcher';
import { createLogger, deadLetters } from '@wirestream/runtime';
import { kafkaBrokers, uniquePrefix } from '../harness/services.js';
import { listenLocal } from '../support/listen.js';
import { testConfig } from '../support/config.js';
import {
  TopicCollector,
  counted,
  goodFeed,
  reportLine,
  streamBytes,
  type CollectedRecord,
  type Route,
} from './support.js';

const MAX_BODY = 10 * 1024 * 1024;
const rss = (items: string, head = '<?xml version="1.0" encoding="utf-8"?>'): string =>
  `${head}<rss version="2.0"><channel><title>Hostile</title>${items}</channel></rss>`;

/** 200 MB of zeros as gzip (about 200 KB), compressed a megabyte at a time. */
async function gzipBomb(inflatedBytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const megabyte = Buffer.alloc(1024 * 1024, 0x20);
  for (let written = 0; written < inflatedBytes; written += megabyte.length) {
    if (!gzip.write(megabyte)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(out);
}

describe('hostile and broken feeds', () => {
  const prefix = uniquePrefix('hostile-feeds');
  const config = testConfig(prefix, { enricher: { groupId: `${prefix}enricher` }, log: { level: 'silent' } });
  const topic = (name: string): string => `${prefix}${name}`;
  const routes = new Map<string, Route>();
  let server: Server;
  let canary: Server;
  let base = '';
  let canaryBase = '';
  const canaryHits: string[] = [];
  let pipeline: Pipeline;
  let collector: TopicCollector;
  /** Feeds that must have published everything: id → item count. */
  const mustPublish = new Map<string, number>();

  const feed = (id: string): FeedSource => ({
    id,
    url: `${base}/${id}`,
    agency: 'Hostile Test',
    intervalSeconds: 300,
  });
  const serve = (id: string, route: Route): void => void routes.set(`/${id}`, route);
  const serveText = (id: string, body: string | Buffer, contentType = 'application/rss+xml'): void =>
    serve(id, (_req, res) => void res.writeHead(200, { 'content-type': contentType }).end(body));

  interface Round {
    hostile: FeedPollResult;
    lastError: string;
    alive: boolean;
  }

  /**
   * Polls the hostile feed together with a good one, then a healthy one on its own: the good feed
   * must publish all its items, the healthy poll shows the worker still works.
   */
  async function round(id: string): Promise<Round> {
    const good = `${id}-good`;
    const after = `${id}-after`;
    serveText(good, goodFeed(good, 3));
    serveText(after, goodFeed(after, 2));
    const [hostile, goodResult] = await pipeline.fetcher.pollAll([feed(id), feed(good)]);
    expect(goodResult).toMatchObject({ feedId: good, outcome: 'ok', published: { new: 3, updated: 0 } });
    const [healthy] = await pipeline.fetcher.pollAll([feed(after)]);
    mustPublish.set(good, 3).set(after, 2);
    const alive = healthy?.outcome === 'ok' && healthy.published.new === 2;
    expect(alive).toBe(true);
    const state = await pipeline.fetcher.state.get(id);
    return { hostile: hostile!, lastError: state.lastError ?? '', alive };
  }

  const line = reportLine;

  /** A document the parser refused: its dead letter, its metrics and the feed state all say why. */
  async function expectDeadLetter(id: string, reason: string, r: Round): Promise<string> {
    expect(r.hostile.outcome).toBe('error');
    const letter = await collector.waitFor(
      `dead letter of ${id}`,
      (records) =>
        records.find((rec) => rec.topic === topic('news.dlq.v1') && rec.key === id)?.value as
          DeadLetterRecord | undefined,
    );
    expect(letter).toMatchObject({ stage: 'parse', error: { name: `FeedParseError:${reason}` } });
    expect(letter.source.feedId).toBe(id);
    expect(r.lastError).toBe(`${reason}: ${letter.error.message}`);
    expect(await counted(feedErrors, { feed: id, reason })).toBe(1);
    expect(await counted(deadLetters, { stage: 'parse', reason })).toBeGreaterThanOrEqual(1);
    return letter.error.message;
  }

  /** A fetch the fetcher refused: no body was kept, so the feed state and the metric say why. */
  async function expectFetchRefusal(id: string, reason: string, r: Round): Promise<string> {
    expect(r.hostile.outcome).toBe('error');
    expect(r.lastError.startsWith(`${reason}: `)).toBe(true);
    expect(await counted(feedErrors, { feed: id, reason })).toBe(1);
    return r.lastError.slice(reason.length + 2);
  }

  /** A feed published after a repair: the metric counts the kind, the feed state says what was done. */
  async function expectRepair(id: string, kind: string, r: Round, items: number): Promise<string> {
    expect(r.hostile).toMatchObject({ outcome: 'ok', published: { new: items } });
    mustPublish.set(id, items);
    expect(r.lastError.startsWith('repaired: ')).toBe(true);
    expect(await counted(inputRepairs, { feed: id, kind })).toBeGreaterThanOrEqual(1);
    return r.lastError.slice('repaired: '.length);
  }

  const rawItems = (id: string) => (records: CollectedRecord[]) => {
    const found = records
      .filter((r) => r.topic === topic('news.raw.v1') && (r.value as RawItemRecord).feed.id === id)
      .map((r) => r.value as RawItemRecord);
    return found.length > 0 ? found : undefined;
  };

  /** The enriched article of a feed's item, wherever dedupe put it (articles, or duplicates as a copy). */
  const articleOf = (id: string) => (records: CollectedRecord[]) => {
    for (const r of records) {
      if (r.topic === topic('news.articles.v1') && (r.value as ArticleRecord).source.feedId === id) {
        return r.value as ArticleRecord;
      }
      const copy = (r.value as { article?: ArticleRecord }).article;
      if (r.topic === topic('news.duplicates.v1') && copy?.source.feedId === id) return copy;
    }
    return undefined;
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const route = routes.get(new URL(req.url ?? '/', 'http://x').pathname);
      if (route) route(req, res);
      else res.writeHead(404).end();
    });
    base = await listenLocal(server);
    // Stands for an internal service an external entity would make the parser fetch.
    canary = createServer((req, res) => {
      canaryHits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/plain' }).end('secret-canary-token');
    });
    canaryBase = await listenLocal(canary);
    pipeline = await openPipeline(config, createLogger('silent'), []);
    collector = await TopicCollector.start(
      kafkaBrokers(),
      ['news.raw.v1', 'news.dlq.v1', 'news.articles.v1', 'news.duplicates.v1'].map(topic),
    );
    await pipeline.enricher.start();
  });

  afterAll(async () => {
    await collector?.stop();
    await pipeline?.close();
    for (const s of [server, canary]) {
      s?.closeAllConnections();
      s?.close();
    }
  });

  it('billion laughs: nested entities are refused, never expanded', async () => {
    const lol = Array.from({ length: 9 }, (_, i) =>
      i === 0 ? '<!ENTITY lol0 "lol">' : `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`,
    ).join('');
    serveText(
      'billion-laughs',
      rss(
        '<item><guid>l1</guid><title>&lol8;</title></item>',
        `<?xml version="1.0"?><!DOCTYPE rss [${lol}]>`,
      ),
    );
    const r = await round('billion-laughs');
    const reason = await expectDeadLetter('billion-laughs', 'unsafe-dtd', r);
    expect(reason).toMatch(/nested entity expansion is refused/);
    line('billion-laughs', 'rejected', reason, r.alive);
  });

  it('quadratic blowup: a plain entity referenced many times is cut off at the expansion bound', async () => {
    const body = rss(
      `<item><guid>q1</guid><title>${'&big;'.repeat(20_000)}</title></item>`,
      `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "${'x'.repeat(1000)}">]>`,
    );
    serveText('entity-blowup', body);
    const r = await round('entity-blowup');
    const reason = await expectDeadLetter('entity-blowup', 'unsafe-dtd', r);
    expect(reason).toMatch(/expand to more than \d+ characters/);
    line('entity-blowup', 'rejected', reason, r.alive);
  });

  it('XXE with file:///etc/passwd: the external entity is refused, the file never read', async () => {
    serveText(
      'xxe-file',
      rss(
        '<item><guid>x1</guid><title>leak &xxe;</title></item>',
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
      ),
    );
    const r = await round('xxe-file');
    const reason = await expectDeadLetter('xxe-file', 'unsafe-dtd', r);
    expect(reason).toBe('unsafe DTD: external entity "xxe" (file:///etc/passwd) is never resolved');
    expect(JSON.stringify(collector.records)).not.toMatch(/root:x:0:0/);
    line('xxe-file', 'rejected', reason, r.alive);
  });

  it('XXE over HTTP: external general and parameter entities never reach the canary server', async () => {
    serveText(
      'xxe-http',
      rss(
        '<item><guid>x2</guid><title>leak &net;</title></item>',
        `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % dtd SYSTEM "${canaryBase}/evil.dtd"> %dtd; <!ENTITY net SYSTEM "${canaryBase}/xxe">]>`,
      ),
    );
    // A parameter entity alone is not refused (real feeds reference XHTML entity sets) but never read.
    serveText(
      'xxe-param',
      rss(
        '<item><guid>x3</guid><title>Parameter entity only</title><link>https://xxe.example/3</link></item>',
        `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % dtd SYSTEM "${canaryBase}/param.dtd"> %dtd;]>`,
      ),
    );
    const r = await round('xxe-http');
    const reason = await expectDeadLetter('xxe-http', 'unsafe-dtd', r);
    expect(reason).toBe(`unsafe DTD: external entity "net" (${canaryBase}/xxe) is never resolved`);
    const [param] = await pipeline.fetcher.pollAll([feed('xxe-param')]);
    expect(param).toMatchObject({ outcome: 'ok', published: { new: 1 } });
    mustPublish.set('xxe-param', 1);
    expect(canaryHits).toEqual([]);
    line('xxe-http', 'rejected', `${reason}; canary hits: ${canaryHits.length}`, r.alive);
  });

  it('a 200 MB body is cut at the size limit while streaming, not buffered', async () => {
    const sent = { bytes: 0, closed: false };
    serve('body-200mb', (_req, res) =>
      streamBytes(
        res,
        '<rss version="2.0"><channel><title>',
        Buffer.alloc(64 * 1024, 0x61),
        200 * 1024 * 1024,
        sent,
      ),
    );
    const rssBefore = process.memoryUsage().rss;
    const r = await round('body-200mb');
    const reason = await expectFetchRefusal('body-200mb', 'too-large', r);
    expect(reason).toBe(`body exceeds the limit of ${MAX_BODY} bytes`);
    await expect.poll(() => sent.closed).toBe(true);
    // The connection was dropped once the limit was passed: what went out is the limit plus socket buffers.
    expect(sent.bytes).toBeLessThan(MAX_BODY + 32 * 1024 * 1024);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * 1024 * 1024);
    line(
      'body-200mb',
      'rejected',
      `${reason} (server sent ${(sent.bytes / 1048576).toFixed(0)} of 200 MiB)`,
      r.alive,
    );
  });

  it('a gzip bomb is cut at the limit on inflated bytes', async () => {
    const bomb = await gzipBomb(200 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    serve(
      'gzip-bomb',
      (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' })
          .end(bomb),
    );
    const r = await round('gzip-bomb');
    const reason = await expectFetchRefusal('gzip-bomb', 'too-large', r);
    expect(reason).toBe(`body exceeds the limit of ${MAX_BODY} bytes`);
    line('gzip-bomb', 'rejected', `${reason} (inflated; ${bomb.length} bytes on the wire)`, r.alive);
  });

  it('a gzip file sent without Content-Encoding is held to the same limit when the parser inflates it', async () => {
    const bomb = await gzipBomb(64 * 1024 * 1024);
    serveText('gzip-file-bomb', bomb); // application/rss+xml, no Content-Encoding
    const r = await round('gzip-file-bomb');
    const reason = await expectDeadLetter('gzip-file-bomb', 'too-large', r);
    expect(reason).toBe(`feed too large: gzip body inflates past ${MAX_BODY} bytes`);
    line('gzip-file-bomb', 'rejected', `${reason} (${bomb.length} bytes on the wire)`, r.alive);
  });

  it('invalid UTF-8 in a UTF-8 feed: stray bytes are read as windows-1252, the items kept', async () => {
    const body = Buffer.concat([
      Buffer.from(rss('<item><guid>u1</guid><title>Zürich: Fähre fällt aus ').split('</channel>')[0]!),
      Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xff, 0xe2, 0x82]), // overlong, surrogate, 0xFF, truncated
      Buffer.from('</title><link>https://utf.example/1</link></item></channel></rss>'),
    ]);
    serveText('invalid-utf8', body);
    const r = await round('invalid-utf8');
    const reason = await expectRepair('invalid-utf8', 'charset', r, 1);
    const [raw] = await collector.waitFor('raw item of invalid-utf8', rawItems('invalid-utf8'));
    expect(raw!.item.title).toMatch(/^Zürich: Fähre fällt aus /);
    expect(raw!.item.title).not.toContain('\uFFFD');
    line('invalid-utf8', 'repaired', reason, r.alive);
  });

  it('mixed encodings: a windows-1252 item inside a UTF-8 feed is read right, and so is the UTF-8', async () => {
    const body = Buffer.concat([
      Buffer.from(rss('<item><guid>m1</guid><title>Grüße aus Köln').split('</channel>')[0]!),
      Buffer.from('</title><link>https://mixed.example/1</link></item><item><guid>m2</guid><title>'),
      // "Grüße aus Kärnten “News”" in windows-1252, pasted from another system.
      Buffer.from([
        0x47, 0x72, 0xfc, 0xdf, 0x65, 0x20, 0x61, 0x75, 0x73, 0x20, 0x4b, 0xe4, 0x72, 0x6e, 0x74, 0x65, 0x6e,
        0x20, 0x93, 0x4e, 0x65, 0x77, 0x73, 0x94,
      ]),
      Buffer.from('</title><link>https://mixed.example/2</link></item></channel></rss>'),
    ]);
    serveText('mixed-encodings', body);
    const r = await round('mixed-encodings');
    const reason = await expectRepair('mixed-encodings', 'charset', r, 2);
    const raws = await collector.waitFor('raw items of mixed-encodings', (records) => {
      const found = rawItems('mixed-encodings')(records);
      return found && found.length === 2 ? found : undefined;
    });
    expect(raws.map((x) => x.item.title).sort()).toEqual(['Grüße aus Kärnten “News”', 'Grüße aus Köln']);
    line('mixed-encodings', 'repaired', reason, r.alive);
  });

  it('binary garbage is refused as undecodable, kept in the dead letter as base64', async () => {
    const garbage = Buffer.alloc(256 * 1024);
    let seed = 42;
    for (let i = 0; i < garbage.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      garbage[i] = seed >> 16;
    }
    serveText('binary-garbage', garbage);
    const r = await round('binary-garbage');
    const reason = await expectDeadLetter('binary-garbage', 'undecodable', r);
    const letter = collector.records.find(
      (x) => x.topic === topic('news.dlq.v1') && x.key === 'binary-garbage',
    )!.value as DeadLetterRecord;
    expect(letter.payloadEncoding).toBe('base64');
    expect(Buffer.from(letter.payload, 'base64').equals(garbage)).toBe(true);
    line('binary-garbage', 'rejected', reason, r.alive);
  });

  it('an HTML page served as a feed is refused as not a feed', async () => {
    serveText(
      'html-page',
      '<!DOCTYPE html><html><head><title>Agency home</title></head><body><h1>Latest news</h1><p>Welcome</p></body></html>',
      'text/html; charset=utf-8',
    );
    const r = await round('html-page');
    const reason = await expectDeadLetter('html-page', 'not-a-feed', r);
    expect(reason).toBe('not a feed: root element <html>');
    line('html-page', 'rejected', reason, r.alive);
  });

  it('a JSON Feed with wrong types: wrong members ignored, non-object items skipped, the rest published', async () => {
    serveText(
      'json-wrong-types',
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: ['not', 'a', 'string'],
        items: [
          {
            id: 1,
            url: 'https://json.example/1',
            title: { en: 'Object title' },
            content_text: 'Ports reopen after the storm.',
          },
          'a string where an item belongs',
          null,
          {
            id: 'j2',
            url: 'https://json.example/2',
            title: 'Proper title',
            tags: 'not-an-array',
            date_published: 20251103,
          },
        ],
      }),
      'application/feed+json',
    );
    const r = await round('json-wrong-types');
    const reason = await expectRepair('json-wrong-types', 'wrong-type', r, 2);
    expect(reason).toContain('JSON Feed items that are a string or null skipped');
    expect(reason).toContain('JSON Feed "title" of the wrong type (an object) ignored');
    line('json-wrong-types', 'repaired', reason, r.alive);
  });

  it('a JSON Feed whose items are not an array is refused as malformed', async () => {
    serveText(
      'json-items-object',
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'Odd',
        items: { first: { id: '1' } },
      }),
      'application/feed+json',
    );
    const r = await round('json-items-object');
    const reason = await expectDeadLetter('json-items-object', 'malformed', r);
    expect(reason).toBe('malformed JSON Feed: "items" is an object, not an array');
    line('json-items-object', 'rejected', reason, r.alive);
  });

  it('a 5 MB title is cut to a bounded length, and the item goes through to an article', async () => {
    const title = 'Breaking '.repeat(Math.ceil((5 * 1024 * 1024) / 9)).slice(0, 5 * 1024 * 1024);
    serveText(
      'huge-title',
      rss(`<item><guid>h1</guid><title>${title}</title><link>https://huge.example/1</link>
<description>The customs office reported record grain exports through the northern port.</description></item>`),
    );
    const r = await round('huge-title');
    const reason = await expectRepair('huge-title', 'truncated', r, 1);
    expect(reason).toBe('title cut to 1000 characters (1 item, largest 5242880)');
    const [raw] = await collector.waitFor('raw item of huge-title', rawItems('huge-title'));
    expect(raw!.item.title).toHaveLength(1000);
    const article = await collector.waitFor('article of huge-title', articleOf('huge-title'));
    expect(article.title.length).toBeLessThanOrEqual(1000);
    line('huge-title', 'repaired', reason, r.alive);
  });

  it('many items with megabytes of content each: cut to the bound, published in requests the broker accepts', async () => {
    const items = Array.from(
      { length: 5 },
      (
        _,
        i,
      ) => `<item><guid>big-${i}</guid><title>Tariff schedule part ${i}</title><link>https://big.example/${i}</link>
<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">${i} ${'€'.repeat(600_000)}</content:encoded></item>`,
    ).join('');
    const body = await new Promise<Buffer>((resolve, reject) =>
      gzip(rss(items), (err, out) => (err ? reject(err) : resolve(out))),
    );
    serve(
      'many-large-items',
      (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' })
          .end(body),
    );
    const r = await round('many-large-items');
    const reason = await expectRepair('many-large-items', 'truncated', r, 5);
    expect(reason).toBe('contentHtml cut to 524288 characters (5 items, largest 600002)');
    const raws = await collector.waitFor('raw items of many-large-items', (records) => {
      const found = rawItems('many-large-items')(records);
      return found && found.length === 5 ? found : undefined;
    });
    // About 1.5 MB of UTF-8 each: together more than one partition's batch may hold (4 MiB).
    for (const raw of raws) expect(raw.item.contentHtml?.length).toBeLessThanOrEqual(524_288);
    line('many-large-items', 'repaired', reason, r.alive);
  });

  it('control characters are stripped, from XML text and from JSON escapes alike', async () => {
    serveText(
      'control-chars',
      rss(`<item><guid>c1</guid><title>Storm\u0007 warning\u001b[31m for the coast</title><link>https://ctl.example/1</link>
<description>Gale\u0000 force winds\u000b expected tonight along the fjords.</description></item>`),
    );
    serveText(
      'control-chars-json',
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        items: [
          {
            id: 'cj1',
            url: 'https://ctl.example/json/1',
            title: 'Rail\u0000 strike\u0007 called off\u009b',
            content_text: 'Unions\u0001 and operators agreed overnight on a new wage deal.',
          },
        ],
      }),
      'application/feed+json',
    );
    const r = await round('control-chars');
    const reason = await expectRepair('control-chars', 'control-characters', r, 1);
    const [json] = await pipeline.fetcher.pollAll([feed('control-chars-json')]);
    expect(json).toMatchObject({ outcome: 'ok', published: { new: 1 } });
    mustPublish.set('control-chars-json', 1);
    // One per field that had any: the title and the text.
    expect(await counted(inputRepairs, { feed: 'control-chars-json', kind: 'control-characters' })).toBe(2);
    const xmlArticle = await collector.waitFor('article of control-chars', articleOf('control-chars'));
    const jsonArticle = await collector.waitFor(
      'article of control-chars-json',
      articleOf('control-chars-json'),
    );
    // eslint-disable-next-line no-control-regex
    const controls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
    for (const a of [xmlArticle, jsonArticle]) {
      expect(`${a.title}${a.summary}${a.body}`).not.toMatch(controls);
    }
    expect(xmlArticle.title).toBe('Storm warning[31m for the coast');
    expect(jsonArticle.title).toBe('Rail strike called off');
    line('control-characters', 'repaired', reason, r.alive);
  });

  it('a date in year 9999 is replaced by the fetch time, noted as in-future', async () => {
    serveText(
      'year-9999',
      rss(`<item><guid>y1</guid><title>Observatory announces comet visibility window</title>
<link>https://future.example/1</link><pubDate>Fri, 31 Dec 9999 23:59:59 GMT</pubDate>
<description>Astronomers expect the comet to be visible to the naked eye next spring.</description></item>`),
    );
    const r = await round('year-9999');
    const note = await expectRepair('year-9999', 'future-date', r, 1);
    expect(note).toBe('1 item dated in the future (published with the fetch time)');
    const article = await collector.waitFor('article of year-9999', articleOf('year-9999'));
    expect(article).toMatchObject({ publishedAtSource: 'fetch-time', publishedAtNote: 'in-future' });
    expect(article.publishedAt).toBe(article.fetchedAt);
    line(
      'year-9999-date',
      'repaired',
      `"Fri, 31 Dec 9999" replaced by the fetch time ${article.publishedAt} (publishedAtNote ${article.publishedAtNote})`,
      r.alive,
    );
  });

  it('lost nothing: every good, healthy and repaired feed has all its items on news.raw.v1, once', async () => {
    const counts = await collector.waitFor('all raw items', (records) => {
      const perFeed = new Map<string, Set<string>>();
      for (const rec of records) {
        if (rec.topic !== topic('news.raw.v1')) continue;
        const raw = rec.value as RawItemRecord;
        perFeed.set(raw.feed.id, (perFeed.get(raw.feed.id) ?? new Set()).add(raw.itemKey));
      }
      const complete = [...mustPublish].every(([id, n]) => (perFeed.get(id)?.size ?? 0) >= n);
      return complete ? perFeed : undefined;
    });
    for (const [id, n] of mustPublish) expect(counts.get(id)?.size, id).toBe(n);
    const rawRecords = collector.records.filter((r) => r.topic === topic('news.raw.v1'));
    expect(new Set(rawRecords.map((r) => (r.value as RawItemRecord).itemKey)).size).toBe(rawRecords.length);
    expect(mustPublish.size).toBeGreaterThanOrEqual(30);
  });
});
