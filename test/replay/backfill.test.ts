/**
 * `backfill` against a local feed server over real HTTP, the real broker and Redis: an Atom feed
 * with five RFC 5005 archive pages and an RSS feed paged with ?page=N are walked politely (one
 * request at a time, a pause between them); every archived item is published exactly once, a
 * second backfill publishes nothing, a stopped backfill resumes at its checkpoint, and the stored
 * documents can be replayed with `replay feeds`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, FeedDocumentRecord, FeedSource } from '@wirestream/contract';
import { backfill, documentBody, openJobServices, replayFeeds, type JobServices } from '@wirestream/replay';
import { createLogger } from '@wirestream/runtime';
import { kafkaBrokers, uniquePrefix } from '../harness/services.js';
import { testConfig } from '../support/config.js';
import { listenLocal } from '../support/listen.js';
import type { ConsumedRecord } from '../support/topics.js';
import { readAll, stories, taxonomyWithTerm, type Story } from './support.js';

const prefix = uniquePrefix('backfill');
const config = testConfig(prefix, { replay: { maxRecordsPerSecond: 0 }, log: { level: 'warn' } });
const topic = (name: string): string => `${prefix}${name}`;
const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** The pages of one feed: page 0 is the current document, 1..5 its archives (5 the newest). */
function pagesOf(name: string, seed: number): Story[][] {
  return Array.from({ length: 6 }, (_, page) =>
    stories(3, (i) => page === 2 && i === 0, seed * 10 + page).map((s) => ({
      ...s,
      link: `https://${name}.example/story/${page}/${s.guid}`,
    })),
  );
}

function atom(name: string, stories: Story[], prev: string | null): string {
  const entries = stories
    .map(
      (s) => `<entry><id>${s.link}</id><title>${escape(s.title)}</title><link href="${s.link}"/>
      <updated>2025-06-01T10:00:00Z</updated><content type="html">${escape(s.body)}</content></entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:fh="http://purl.org/syndication/history/1.0">
<title>${name}</title><id>urn:${name}</id><updated>2025-06-01T10:00:00Z</updated>
${prev ? `<link rel="prev-archive" href="${prev}"/>` : ''}
${entries}
</feed>`;
}

function rss(name: string, stories: Story[]): string {
  const items = stories
    .map(
      (s) => `<item><guid>${s.link}</guid><title>${escape(s.title)}</title><link>${s.link}</link>
      <pubDate>Sun, 01 Jun 2025 10:00:00 GMT</pubDate><description>${escape(s.body)}</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${name}</title><link>https://${name}.example/</link>${items}</channel></rss>`;
}

const archived = pagesOf('archive-wire', 1);
const resumable = pagesOf('resume-wire', 2);
const paged = pagesOf('paged-wire', 3);
// A story published meanwhile pushes the last item of page 2 onto page 3: it is served twice.
paged[3] = [paged[2]![2]!, ...paged[3]!.slice(0, 2)];

const requests: Array<{ path: string; start: number; end: number }> = [];
function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const entry = { path: `${url.pathname}${url.search}`, start: Date.now(), end: 0 };
  requests.push(entry);
  const send = (status: number, body: string, type = 'application/atom+xml'): void => {
    // A little latency, so overlapping requests would be seen overlapping.
    setTimeout(() => {
      entry.end = Date.now();
      res.writeHead(status, { 'content-type': type, 'set-cookie': 'session=secret' }).end(body);
    }, 20);
  };
  const archive = /^\/(archive|resume)\/(\d)\.xml$/.exec(url.pathname);
  if (url.pathname === '/archive.xml' || url.pathname === '/resume.xml') {
    const pages = url.pathname === '/archive.xml' ? archived : resumable;
    return send(200, atom(url.pathname.slice(1), pages[0]!, `/${url.pathname.slice(1, -4)}/5.xml`));
  }
  if (archive) {
    const n = Number(archive[2]);
    const pages = archive[1] === 'archive' ? archived : resumable;
    return send(200, atom(archive[1]!, pages[6 - n]!, n > 1 ? `${n - 1}.xml` : null));
  }
  if (url.pathname === '/paged.xml') {
    // Knows ?page=N only; ?paged=N is ignored (page 1 again), as many servers do.
    const n = Number(url.searchParams.get('page') ?? '1');
    if (n > 6) return send(404, 'no such page', 'text/plain');
    return send(200, rss('paged-wire', paged[n - 1]!), 'application/rss+xml');
  }
  send(404, 'not found', 'text/plain');
}

let base = '';
let services: JobServices;
const server = createServer(handle);
const feed = (id: string, path: string): FeedSource => ({
  id,
  url: `${base}${path}`,
  agency: id,
  intervalSeconds: 300,
  allowPrivateNetwork: true,
});
const articles = async (): Promise<ArticleRecord[]> =>
  (await readAll(kafkaBrokers(), [topic('news.articles.v1')])).map((r) => r.value as ArticleRecord);
const linksOf = (pages: Story[][]): Set<string> => new Set(pages.flat().map((s) => s.link));

beforeAll(async () => {
  base = await listenLocal(server);
  services = await openJobServices(config, createLogger('warn'));
});

afterAll(async () => {
  await services?.close();
  server.closeAllConnections();
  server.close();
});

describe('backfill', () => {
  const delay = 60;
  const from = new Date(Date.now() - 1000);

  it('follows five RFC 5005 archive pages politely and publishes every item exactly once', async () => {
    requests.length = 0;
    const summary = await backfill(services, {
      feed: feed('archive-wire', '/archive.xml'),
      requestDelayMs: delay,
    });
    expect(summary).toMatchObject({ read: 18, new: 18, updated: 0, failed: 0, stopped: false });
    expect(requests.map((r) => r.path)).toEqual([
      '/archive.xml',
      '/archive/5.xml',
      '/archive/4.xml',
      '/archive/3.xml',
      '/archive/2.xml',
      '/archive/1.xml',
    ]);
    // One request at a time, the pause counted from the end of the previous answer (two milliseconds of
    // slack for timer rounding: the server's clock reads the end before the client has the answer).
    for (let i = 1; i < requests.length; i++) {
      expect(requests[i]!.start - requests[i - 1]!.end).toBeGreaterThanOrEqual(delay - 2);
    }
    const published = (await articles()).filter((a) => a.source.feedId === 'archive-wire');
    expect(published).toHaveLength(18);
    expect(new Set(published.map((a) => a.url))).toEqual(linksOf(archived));
  });

  it('keeps each fetched document on news.feeds.raw.v1, without the cookie', async () => {
    const docs = (await readAll(kafkaBrokers(), [topic('news.feeds.raw.v1')], (rs) => rs.length >= 6)).map(
      (r) => r.value as FeedDocumentRecord,
    );
    expect(docs).toHaveLength(6);
    for (const doc of docs) {
      expect(doc.feed.id).toBe('archive-wire');
      expect(doc.http.headers['content-type']).toBe('application/atom+xml');
      expect(doc.http.headers).not.toHaveProperty('set-cookie');
      expect(documentBody(doc).toString('utf8')).toContain('<feed');
    }
  });

  it('publishes nothing when run again', async () => {
    const summary = await backfill(services, {
      feed: feed('archive-wire', '/archive.xml'),
      requestDelayMs: 0,
    });
    expect(summary).toMatchObject({ read: 18, new: 0, updated: 0, unchanged: 18 });
    expect((await articles()).filter((a) => a.source.feedId === 'archive-wire')).toHaveLength(18);
  });

  it('walks ?page=N when the feed links no archive, once per item even when pages overlap', async () => {
    requests.length = 0;
    const summary = await backfill(services, { feed: feed('paged-wire', '/paged.xml'), requestDelayMs: 0 });
    const expected = linksOf(paged);
    expect(summary).toMatchObject({ new: expected.size, failed: 0, stopped: false });
    expect(requests.map((r) => r.path)).toEqual([
      '/paged.xml',
      '/paged.xml?paged=2',
      '/paged.xml?page=2',
      '/paged.xml?page=3',
      '/paged.xml?page=4',
      '/paged.xml?page=5',
      '/paged.xml?page=6',
      '/paged.xml?page=7',
    ]);
    const published = (await articles()).filter((a) => a.source.feedId === 'paged-wire');
    expect(published).toHaveLength(expected.size);
    expect(new Set(published.map((a) => a.url))).toEqual(expected);
  });

  it('stops on a signal and resumes at the next page, publishing no item twice', async () => {
    const controller = new AbortController();
    let changes = 0;
    const options = { feed: feed('resume-wire', '/resume.xml'), requestDelayMs: 0 };
    const stopped = await backfill(services, {
      ...options,
      signal: controller.signal,
      onChange: () => {
        if (++changes === 5) controller.abort();
      },
    });
    expect(stopped.stopped).toBe(true);
    expect(stopped.new).toBeLessThan(18);
    const resumed = await backfill(services, options);
    expect(resumed).toMatchObject({ resumed: true, stopped: false });
    const published = (await articles()).filter((a) => a.source.feedId === 'resume-wire');
    expect(published).toHaveLength(18);
    expect(new Set(published.map((a) => a.url))).toEqual(linksOf(resumable));
    expect(stopped.new + resumed.new).toBe(18);
  });

  it('replays the stored documents: nothing changes, until the taxonomy does', async () => {
    const to = new Date(Date.now() + 1000);
    const same = await replayFeeds(services, { from, to, feeds: ['archive-wire'] });
    expect(same).toMatchObject({ new: 0, updated: 0, failed: 0 });
    // Six documents for the first backfill and six for the second: each item read twice.
    expect(same.unchanged).toBe(36);
    const taxonomyPath = taxonomyWithTerm('cyber', 'quantum decryption', 4, 'backfill-test-2');
    const retagged = await replayFeeds(services, { from, to, feeds: ['archive-wire'], taxonomyPath });
    const quantum = archived.flat().filter((s) => s.quantum).length;
    expect(quantum).toBeGreaterThan(0);
    expect(retagged).toMatchObject({ updated: quantum, new: 0, failed: 0 });
    const replayed: ConsumedRecord[] = (await readAll(kafkaBrokers(), [topic('news.articles.v1')])).filter(
      (r) => r.headers['ws-replay'] === retagged.job,
    );
    expect(replayed).toHaveLength(quantum);
    expect((replayed[0]!.value as ArticleRecord).revisionReason).toBe('tags-changed');
  });
});
