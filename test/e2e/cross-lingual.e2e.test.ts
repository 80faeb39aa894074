/**
 * One event from feeds in three languages (English, German, Russian agencies, each its own feed)
 * through the whole pipeline on the real broker and Redis: the fetcher polls the feeds, the enricher
 * tags, dedupes and links. One story comes out with three articles on news.articles.v1 (each report
 * is published: it is a different text), the two later reports linked to it on news.duplicates.v1
 * with status same-story and the facts they share; a report of other floods in the same state on the
 * same day, in Spanish, stays a story of its own.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@wirestream/runtime';
import { openPipeline, startFeedServer, waitForDrain, type FeedServer, type Pipeline } from '@wirestream/cli';
import type { ArticleRecord, DuplicateRecord, FeedSource } from '@wirestream/contract';
import {
  HARD_NEGATIVE_ES_SAME_DAY,
  LANDSLIDE_DE,
  LANDSLIDE_EN,
  LANDSLIDE_RU,
  type FixtureReport,
} from '../../packages/story/src/stories.fixtures.js';
import { kafkaBrokers, uniquePrefix } from '../harness/services.js';
import { testConfig } from '../support/config.js';
import { readTopics, type ConsumedRecord } from '../support/topics.js';

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An RSS 2.0 feed of one agency with one item: the report, its paragraphs as HTML. */
function rss(agency: string, report: FixtureReport, link: string): string {
  const html = report.body
    .split('\n\n')
    .map((p) => `<p>${escape(p)}</p>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>${agency}</title><link>${link}</link><description>${agency}</description><language>${report.language}</language>
<item>
  <title>${escape(report.title)}</title>
  <link>${link}/${report.id}</link>
  <guid isPermaLink="false">${report.id}</guid>
  <pubDate>${new Date(report.publishedAt).toUTCString()}</pubDate>
  <description>${escape(report.summary)}</description>
  <content:encoded><![CDATA[${html}]]></content:encoded>
</item>
</channel></rss>`;
}

const AGENCIES: Array<[string, FixtureReport]> = [
  ['harbour-wire', LANDSLIDE_EN],
  ['nordkurier', LANDSLIDE_DE],
  ['kavkaz-info', LANDSLIDE_RU],
  ['agencia-latina', HARD_NEGATIVE_ES_SAME_DAY],
];

describe('one event from feeds in three languages → one story with three linked articles', () => {
  const prefix = uniquePrefix('e2e-xl');
  const config = testConfig(prefix, { enricher: { groupId: `${prefix}enricher` }, log: { level: 'warn' } });
  const topic = (name: string): string => `${prefix}${name}`;
  let server: FeedServer;
  let pipeline: Pipeline;
  let records: ConsumedRecord[];

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ws-xl-'));
    for (const [agency, report] of AGENCIES) {
      mkdirSync(join(dir, agency));
      writeFileSync(join(dir, agency, 'feed.xml'), rss(agency, report, `https://${agency}.example`));
    }
    server = await startFeedServer(dir);
    // Published one after another, as the agencies did: the first report starts the story.
    const feeds: FeedSource[] = AGENCIES.map(([agency, report]) => ({
      id: agency,
      url: `${server.baseUrl}/${agency}/feed.xml`,
      agency,
      language: report.language,
      intervalSeconds: 60,
      allowPrivateNetwork: true,
      fullText: 'never',
    }));
    pipeline = await openPipeline(config, createLogger('warn'), feeds);
    await pipeline.enricher.start();
    for (const feed of feeds) {
      await pipeline.fetcher.pollAll([feed]);
      expect(await waitForDrain(pipeline.kafka, config.enricher.groupId, 60_000)).toBe(true);
    }
    records = await readTopics(kafkaBrokers(), [topic('news.articles.v1'), topic('news.duplicates.v1')], {
      until: (rs) =>
        rs.filter((r) => r.topic === topic('news.articles.v1')).length >= AGENCIES.length &&
        rs.filter((r) => r.topic === topic('news.duplicates.v1')).length >= 2,
    });
  });

  afterAll(async () => {
    await pipeline?.close();
    await server?.close();
  });

  it('publishes all four reports as articles, three of them in one story', () => {
    const articles = records
      .filter((r) => r.topic === topic('news.articles.v1'))
      .map((r) => r.value as ArticleRecord);
    expect(articles).toHaveLength(AGENCIES.length);
    const byLanguage = new Map(articles.map((a) => [a.language, a]));
    const en = byLanguage.get('en')!;
    const story = [byLanguage.get('en')!, byLanguage.get('de')!, byLanguage.get('ru')!];
    expect(new Set(story.map((a) => a.storyId))).toEqual(new Set([en.storyId]));
    expect(story.map((a) => a.dedupe.status)).toEqual(['unique', 'same-story', 'same-story']);
    for (const linked of story.slice(1)) {
      expect(linked.dedupe.duplicateOf).toBe(en.id);
      expect(linked.dedupe.reason).toBe('shared-facts');
      const kinds = new Set(linked.dedupe.evidence!.shared.map((s) => s.kind));
      expect([...kinds]).toEqual(expect.arrayContaining(['country', 'figure', 'time', 'date']));
    }
    // Other floods in the same state on the same day: a story of its own.
    expect(byLanguage.get('es')!.storyId).not.toBe(en.storyId);
    expect(byLanguage.get('es')!.dedupe.status).toBe('unique');
  });

  it('links the two later reports to the story on news.duplicates.v1, with the published article', () => {
    const articles = records
      .filter((r) => r.topic === topic('news.articles.v1'))
      .map((r) => r.value as ArticleRecord);
    const links = records
      .filter((r) => r.topic === topic('news.duplicates.v1'))
      .map((r) => r.value as DuplicateRecord);
    expect(links).toHaveLength(2);
    const en = articles.find((a) => a.language === 'en')!;
    for (const link of links) {
      expect(link).toMatchObject({
        status: 'same-story',
        reason: 'shared-facts',
        duplicateOf: en.id,
        storyId: en.storyId,
      });
      expect(articles.find((a) => a.id === link.id)).toEqual(link.article);
    }
    expect(links.map((l) => l.article.language).sort()).toEqual(['de', 'ru']);
  });
});
