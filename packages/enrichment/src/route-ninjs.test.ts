import { describe, expect, it } from 'vitest';
import {
  ARTICLES_NINJS_TOPIC,
  NinjsArticle,
  SUBJECTS,
  TOPICS,
  toNinjs,
  validate,
  type ArticleRecord,
  type DuplicateRecord,
} from '@wirestream/contract';
import type { EnrichmentOutcome } from './enrich.js';
import { routeOutcome } from './route.js';

const article: ArticleRecord = {
  schemaVersion: 1,
  id: 'a-ninjs-1',
  revision: 2,
  revisionReason: 'content-changed',
  url: 'https://agency.test/a',
  canonicalUrl: 'https://agency.test/a',
  title: 'Cup final won late',
  summary: '',
  body: 'The home side won the cup final.',
  credit: null,
  language: 'en',
  publishedAt: '2026-01-01T10:00:00.000Z',
  publishedAtSource: 'feed',
  publishedAtNote: null,
  fetchedAt: '2026-01-01T10:05:00.000Z',
  textSource: 'feed',
  pageStatus: null,
  pageReason: null,
  source: { feedId: 'agency-sport', agency: 'Agency', name: 'Sport' },
  authors: [],
  categories: [],
  images: [],
  subjects: [{ slug: 'sport', iptc: SUBJECTS.find((s) => s.slug === 'sport')!.iptc, score: 1, evidence: [] }],
  topics: [],
  entities: { countries: [], people: [], organizations: [] },
  bilateral: [],
  dedupe: {
    status: 'unique',
    duplicateOf: null,
    reason: null,
    similarity: null,
    contentHash: 'c-1',
    fingerprint: null,
    evidence: null,
  },
  storyId: 's-ninjs-1',
  taxonomyVersion: 'test',
  pipelineVersion: 'test',
};

// Only the decision's kind matters to routing.
const outcome = (
  kind: 'new' | 'update' | 'copy',
  duplicate: DuplicateRecord | null = null,
): EnrichmentOutcome => ({
  article,
  decision: { kind } as EnrichmentOutcome['decision'],
  duplicate,
});

const names = (batches: ReturnType<typeof routeOutcome>): string[] => batches.map((b) => b.spec.name);

describe('routeOutcome with the ninjs projection', () => {
  it('sends nothing to news.articles.ninjs.v1 unless asked to (enricher.ninjs is off by default)', () => {
    expect(names(routeOutcome(outcome('new')))).not.toContain(ARTICLES_NINJS_TOPIC.name);
    expect(names(routeOutcome(outcome('new'), { ninjs: false }))).not.toContain(ARTICLES_NINJS_TOPIC.name);
  });

  it('adds the ninjs item of a unique article, under its key and headers, beside the article', () => {
    const batches = routeOutcome(outcome('update'), { ninjs: true });
    expect(names(batches)).toEqual(['news.articles.v1', 'news.subject.sport.v1', 'news.articles.ninjs.v1']);
    const [record] = batches.at(-1)!.records;
    expect(record).toEqual({
      key: article.id,
      value: toNinjs(article),
      headers: { 'ws-revision': '2', 'ws-decision': 'update' },
    });
    expect(validate(NinjsArticle, record!.value)).toMatchObject({ version: '2' });
    expect(TOPICS).toContain(ARTICLES_NINJS_TOPIC);
  });

  it('sends no ninjs item for a copy', () => {
    const duplicate = { id: 'a-copy' } as DuplicateRecord;
    expect(names(routeOutcome(outcome('copy', duplicate), { ninjs: true }))).toEqual(['news.duplicates.v1']);
  });
});
