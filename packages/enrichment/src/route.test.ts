import { describe, expect, it } from 'vitest';
import {
  ARTICLES_TOPIC,
  DUPLICATES_TOPIC,
  DuplicateRecord,
  SUBJECTS,
  SUBJECT_STREAMS,
  TOPICS,
  subjectStreamName,
  topicStreamName,
  validate,
  type ArticleRecord,
  type SubjectTag,
  type TopicTag,
} from '@wirestream/contract';
import type { EnrichmentOutcome } from './enrich.js';
import { mergeBatches, routeOutcome } from './route.js';

const topic = (slug: string, score = 0.8): TopicTag => ({
  slug,
  iptc: null,
  score,
  evidence: [{ term: slug, match: slug, field: 'title', offset: 0, sentence: null }],
});

const subject = (slug: string, score: number): SubjectTag => ({
  slug,
  iptc: SUBJECTS.find((s) => s.slug === slug)?.iptc ?? 'medtop:99000000',
  score,
  evidence: [{ term: slug, match: slug, field: 'body', offset: 4, sentence: `The ${slug} story.` }],
});

/** An article as the enricher publishes it, built by hand: the tagger's subjects are not needed. */
const articleOf = (
  id: string,
  tags: { topics?: TopicTag[]; subjects?: SubjectTag[] },
  status: ArticleRecord['dedupe']['status'] = 'unique',
): ArticleRecord => ({
  schemaVersion: 1,
  id,
  revision: 1,
  revisionReason: null,
  url: `https://agency.test/${id}`,
  canonicalUrl: `https://agency.test/${id}`,
  title: `Title of ${id}`,
  summary: '',
  body: 'Body text.',
  credit: null,
  language: 'en',
  publishedAt: '2026-01-01T10:00:00.000Z',
  publishedAtSource: 'feed',
  publishedAtNote: null,
  fetchedAt: '2026-01-01T10:05:00.000Z',
  textSource: 'feed',
  pageStatus: null,
  pageReason: null,
  source: { feedId: 'agency-world', agency: 'Agency', name: 'World' },
  authors: [],
  categories: [],
  images: [],
  subjects: tags.subjects ?? [],
  topics: tags.topics ?? [],
  entities: { countries: [], people: [], organizations: [] },
  bilateral: [],
  dedupe: {
    status,
    duplicateOf: status === 'unique' ? null : 'a-original',
    reason: status === 'unique' ? null : 'same-content',
    similarity: status === 'unique' ? null : 1,
    contentHash: `hash-${id}`,
    fingerprint: null,
  },
  storyId: `story-${id}`,
  taxonomyVersion: 'test',
  pipelineVersion: 'test',
});

const decision = (
  kind: EnrichmentOutcome['decision']['kind'],
  status: EnrichmentOutcome['decision']['status'] = 'unique',
): EnrichmentOutcome['decision'] => ({
  kind,
  status,
  duplicateOf: status === 'unique' ? null : 'a-original',
  reason: status === 'unique' ? null : 'same-content',
  similarity: status === 'unique' ? null : 1,
  storyId: 'story-a-original',
  revision: 1,
  save: null,
  pendingOn: null,
});

const unique = (
  article: ArticleRecord,
  kind: 'new' | 'update' | 'redelivery' = 'new',
): EnrichmentOutcome => ({
  article,
  decision: decision(kind),
  duplicate: null,
});

const names = (batches: ReturnType<typeof routeOutcome>): string[] => batches.map((b) => b.spec.name);

describe('routeOutcome', () => {
  it('sends a unique article to the articles topic, its topic streams and its subject streams', () => {
    const article = articleOf('a-1', {
      topics: [topic('sanctions'), topic('trade', 0.4)],
      subjects: [subject('politics', 0.6), subject('economy-business', 0.4)],
    });
    const batches = routeOutcome(unique(article));
    expect(names(batches)).toEqual([
      'news.articles.v1',
      'news.topic.sanctions.v1',
      'news.topic.trade.v1',
      'news.subject.politics.v1',
      'news.subject.economy-business.v1',
    ]);
    // Every stream gets the same record: the article under its id, with the same headers.
    for (const batch of batches) {
      expect(batch.records).toEqual([
        { key: 'a-1', value: article, headers: { 'ws-revision': '1', 'ws-decision': 'new' } },
      ]);
      // What the enricher validates before publishing: the record fits the stream's schema.
      expect(() => validate(batch.spec.schema, batch.records[0]!.value, batch.spec.name)).not.toThrow();
    }
    expect(batches[0]!.spec).toBe(ARTICLES_TOPIC);
  });

  it('routes an article with subjects and no topic to its subject streams', () => {
    const article = articleOf('a-2', { subjects: [subject('sport', 1)] });
    expect(names(routeOutcome(unique(article)))).toEqual(['news.articles.v1', 'news.subject.sport.v1']);
    expect(names(routeOutcome(unique(articleOf('a-3', {}))))).toEqual(['news.articles.v1']);
  });

  it('keeps a topic and a subject of the same slug apart', () => {
    const article = articleOf('a-4', { topics: [topic('health')], subjects: [subject('health', 1)] });
    expect(names(routeOutcome(unique(article)))).toEqual([
      'news.articles.v1',
      topicStreamName('health'),
      subjectStreamName('health'),
    ]);
  });

  it('routes updates and redeliveries like new articles, with their decision in the headers', () => {
    const article = { ...articleOf('a-5', { subjects: [subject('weather', 1)] }), revision: 3 };
    for (const kind of ['update', 'redelivery'] as const) {
      const batches = routeOutcome(unique(article, kind));
      expect(names(batches)).toEqual(['news.articles.v1', 'news.subject.weather.v1']);
      expect(batches[1]!.records[0]!.headers).toEqual({ 'ws-revision': '3', 'ws-decision': kind });
    }
  });

  it('publishes an article once per stream, and not at all to a slug without a stream', () => {
    const article = articleOf('a-6', {
      subjects: [subject('sport', 0.5), subject('sport', 0.5), subject('no-such-subject', 0.2)],
    });
    expect(names(routeOutcome(unique(article)))).toEqual(['news.articles.v1', 'news.subject.sport.v1']);
  });

  it('sends a copy to the duplicates topic only, whatever its subjects and topics', () => {
    const copy = articleOf(
      'a-7',
      { topics: [topic('sanctions')], subjects: [subject('politics', 1)] },
      'duplicate',
    );
    const duplicate: DuplicateRecord = {
      schemaVersion: 1,
      id: 'a-7',
      duplicateOf: 'a-original',
      storyId: 'story-a-original',
      status: 'duplicate',
      reason: 'same-content',
      similarity: 1,
      occurrence: { feedId: 'agency-world', itemKey: 'item-7', url: copy.url },
      detectedAt: '2026-01-01T10:05:00.000Z',
      article: copy,
    };
    const batches = routeOutcome({
      article: copy,
      decision: decision('copy', 'duplicate'),
      duplicate,
    });
    expect(batches).toEqual([
      {
        spec: DUPLICATES_TOPIC,
        records: [{ key: 'a-7', value: duplicate, headers: { 'ws-revision': '1', 'ws-decision': 'copy' } }],
      },
    ]);
    expect(() => validate(DuplicateRecord, duplicate)).not.toThrow();
  });

  it('has a registered stream for every subject, so each one is created and published to', () => {
    const registered = new Set(TOPICS.map((t) => t.name));
    for (const { slug } of SUBJECTS) {
      const batches = routeOutcome(unique(articleOf(`a-${slug}`, { subjects: [subject(slug, 1)] })));
      expect(names(batches)).toEqual(['news.articles.v1', subjectStreamName(slug)]);
      expect(registered.has(subjectStreamName(slug))).toBe(true);
    }
    expect(SUBJECT_STREAMS).toHaveLength(SUBJECTS.length);
  });
});

describe('mergeBatches', () => {
  it('gathers the records of a chunk into one batch per topic and subject stream, in order', () => {
    const first = articleOf('a-10', { topics: [topic('sanctions')], subjects: [subject('politics', 1)] });
    const second = articleOf('a-11', { subjects: [subject('politics', 0.7), subject('sport', 0.3)] });
    const merged = mergeBatches([...routeOutcome(unique(first)), ...routeOutcome(unique(second))]);
    expect(merged.map((b) => [b.spec.name, b.records.map((r) => r.key)])).toEqual([
      ['news.articles.v1', ['a-10', 'a-11']],
      ['news.topic.sanctions.v1', ['a-10']],
      ['news.subject.politics.v1', ['a-10', 'a-11']],
      ['news.subject.sport.v1', ['a-11']],
    ]);
  });
});
