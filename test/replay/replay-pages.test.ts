/**
 * `replay pages` against the real broker and Redis: the live enricher published articles whose
 * page text an older extractor got wrong; a replay of the range extracts the kept HTML
 * (news.pages.v1) again and re-publishes exactly those articles, one revision up, without fetching
 * anything; a second replay finds nothing to do.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, ItemPage, PageDocumentRecord, RawItemRecord } from '@wirestream/contract';
import { itemPageOf } from '@wirestream/extract';
import { replayPages, type JobServices } from '@wirestream/replay';
import { createKafkaClient, type KafkaProducer } from '@wirestream/runtime';
import { kafkaBrokers, uniquePrefix } from '../harness/services.js';
import { testConfig } from '../support/config.js';
import { listenLocal } from '../support/listen.js';
import type { ConsumedRecord } from '../support/topics.js';
import { openLivePipeline, rawItemOf, readAll, stories, type LivePipeline, type Story } from './support.js';

const prefix = uniquePrefix('replay-pages');
const config = testConfig(prefix, {
  enricher: { groupId: `${prefix}enricher` },
  replay: { maxRecordsPerSecond: 0 },
  log: { level: 'warn' },
});
const topic = (name: string): string => `${prefix}${name}`;

// The sites the items link to: any request there would be a fetch, which a replay must never make.
let requests = 0;
const site: Server = createServer((_req, res) => {
  requests++;
  res.writeHead(500).end();
});

/** The story as an article page: navigation, the story in three paragraphs, related links, a footer. */
function pageHtml(story: Story): string {
  const sentences = story.body.replace(/<\/?p>/g, '').split(/(?<=\.) /);
  const third = Math.ceil(sentences.length / 3);
  const paragraphs = [0, 1, 2].map((i) => `<p>${sentences.slice(i * third, (i + 1) * third).join(' ')}</p>`);
  return (
    `<!doctype html><html lang="en"><head><title>${story.title}</title></head><body>` +
    `<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>` +
    `<article><h1>${story.title}</h1>${paragraphs.join('')}</article>` +
    `<aside class="related"><h2>More stories</h2><ul><li><a href="/a">Another story</a></li><li><a href="/b">And one more</a></li></ul></aside>` +
    `<footer>© Pages Desk</footer></body></html>`
  );
}

interface Case {
  name: 'stale' | 'legacy' | 'same' | 'not-kept';
  story: Story;
  raw: RawItemRecord;
  doc: PageDocumentRecord | null;
}

/** A raw item with a teaser in the feed and `page` as an extractor once read the kept HTML (or as a failed fetch). */
function caseOf(name: Case['name'], story: Story, fetchedAt: Date): Case {
  const html = Buffer.from(pageHtml(story));
  const sha256 = createHash('sha256').update(html).digest('hex');
  const base = rawItemOf(story, 'pages-desk', fetchedAt);
  const raw: RawItemRecord = { ...base, item: { ...base.item, contentHtml: null, summary: 'A teaser.' } };
  const at = fetchedAt.toISOString();
  const current: ItemPage = itemPageOf({
    url: story.link,
    finalUrl: story.link,
    fetchedAt: at,
    contentType: 'text/html; charset=utf-8',
    body: html,
    sha256,
  });
  // What an older extractor made of the page: the navigation, and the story's first sentence only.
  const stale: ItemPage = { ...current, text: `Home World Sport\n\n${current.text!.split('. ')[0]}.` };
  const doc: PageDocumentRecord = {
    schemaVersion: 1,
    itemKey: raw.itemKey,
    feedId: raw.feed.id,
    url: story.link,
    finalUrl: story.link,
    fetchedAt: at,
    http: { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } },
    body: { encoding: 'gzip+base64', data: gzipSync(html).toString('base64'), bytes: html.length, sha256 },
  };
  switch (name) {
    case 'stale':
      return { name, story, raw: { ...raw, page: stale }, doc };
    case 'legacy': // a record from before page.sha256: found by item key and fetch time
      return { name, story, raw: { ...raw, page: { ...stale, sha256: undefined } }, doc };
    case 'same':
      return { name, story, raw: { ...raw, page: current }, doc };
    case 'not-kept':
      return {
        name,
        story,
        raw: {
          ...raw,
          page: { ...current, status: 'failed', reason: 'http-status: HTTP 404', text: null, sha256: null },
        },
        doc: null,
      };
  }
}

let live: LivePipeline;
let services: JobServices;
let producer: KafkaProducer;
let cases: Case[];
let from: Date;
let to: Date;

const articles = async (min: number): Promise<ConsumedRecord[]> =>
  (await readAll(kafkaBrokers(), [topic('news.articles.v1')], (rs) => rs.length >= min)).filter(
    (r) => r.topic === topic('news.articles.v1'),
  );
const caseOfUrl = (url: string): Case => cases.find((c) => c.story.link === url)!;

beforeAll(async () => {
  const base = await listenLocal(site);
  const names: Case['name'][] = ['stale', 'legacy', 'same', 'not-kept'];
  const set = stories(names.length, () => false, 91).map((s) => ({ ...s, link: `${base}/news/${s.guid}` }));
  live = await openLivePipeline(config);
  services = live.services;
  producer = createKafkaClient({ brokers: kafkaBrokers() }).producer({
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  from = new Date(Date.now() - 1000);
  const fetchedAt = new Date();
  cases = names.map((name, i) => caseOf(name, set[i]!, fetchedAt));
  // As the fetcher sends them: the kept pages, and the raw items that name them.
  await producer.send({
    topic: topic('news.pages.v1'),
    messages: cases.flatMap((c) => (c.doc ? [{ key: c.doc.itemKey, value: JSON.stringify(c.doc) }] : [])),
  });
  await live.sendRaw(cases.map((c) => c.raw));
  to = new Date(Date.now() + 1000);
});

afterAll(async () => {
  await producer?.disconnect();
  await live?.close();
  site.close();
});

describe('replay pages after an extractor change', () => {
  it('the live enricher published what the old extraction gave', async () => {
    const first = await articles(cases.length);
    expect(first).toHaveLength(cases.length);
    for (const r of first) {
      const article = r.value as ArticleRecord;
      const c = caseOfUrl(article.url);
      expect(article.textSource, c.name).toBe(c.name === 'not-kept' ? 'feed' : 'page');
      if (c.name === 'stale' || c.name === 'legacy') expect(article.body).toMatch(/^Home World Sport/);
    }
  });

  let job = '';
  it('re-extracts the kept pages and re-publishes exactly the articles whose text changed, fetching nothing', async () => {
    const summary = await replayPages(services, { from, to });
    job = summary.job;
    expect(summary).toMatchObject({
      kind: 'replay-pages',
      read: 4,
      new: 0,
      updated: 2,
      unchanged: 1,
      skipped: 1,
      failed: 0,
      stopped: false,
    });
    expect(requests).toBe(0);
    const replayed = (await articles(cases.length + 2)).filter((r) => r.headers['ws-replay'] === job);
    expect(replayed.map((r) => caseOfUrl((r.value as ArticleRecord).url).name).sort()).toEqual([
      'legacy',
      'stale',
    ]);
    for (const r of replayed) {
      const article = r.value as ArticleRecord;
      expect(article).toMatchObject({
        revision: 2,
        revisionReason: 'content-changed',
        textSource: 'page',
        pageStatus: 'ok',
      });
      expect(article.body).not.toMatch(/Home|World Sport|More stories|Pages Desk/);
      // The whole story now: its last sentence too.
      const last = caseOfUrl(article.url)
        .story.body.replace(/<\/?p>/g, '')
        .split(/(?<=\.) /)
        .pop()!;
      expect(article.body).toContain(last);
      expect(r.headers).toMatchObject({
        'ws-replay-kind': 'replay-pages',
        'ws-revision-reason': 'content-changed',
      });
    }
  });

  it('finds nothing to publish when replayed again', async () => {
    const summary = await replayPages(services, { from, to });
    expect(summary.job).toBe(job);
    expect(summary).toMatchObject({ read: 4, new: 0, updated: 0, unchanged: 3, skipped: 1, failed: 0 });
    expect(requests).toBe(0);
  });
});
