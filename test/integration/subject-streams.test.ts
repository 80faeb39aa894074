/**
 * Subject streams against the real broker and Redis: the live enricher, with a tagger that gives
 * hand-made subjects (so that routing is tested apart from tagging), publishes each unique article to the stream of
 * every subject it carries, in the same transaction and under the same key and headers as on
 * news.articles.v1; copies go to news.duplicates.v1 only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SUBJECTS,
  SUBJECT_STREAMS,
  subjectStreamName,
  type ArticleRecord,
  type DuplicateRecord,
  type RawItemRecord,
  type SubjectTag,
} from '@wirestream/contract';
import { waitForDrain } from '@wirestream/cli';
import { itemKeyFor } from '@wirestream/dedupe';
import { Enricher } from '@wirestream/enricher';
import {
  KafkaGateway,
  createLogger,
  createRedis,
  type RecordProducer,
  type Redis,
  createKafkaClient,
  type KafkaProducer,
} from '@wirestream/runtime';
import { createEnrichmentDeps, type ReloadingTagger } from '@wirestream/runtime/enrichment';
import type { Tagger } from '@wirestream/tagging';
import { kafkaBrokers, uniquePrefix } from '../harness/services.js';
import { testConfig } from '../support/config.js';
import { readTopics, type ConsumedRecord } from '../support/topics.js';

const prefix = uniquePrefix('subject-streams');
const config = testConfig(prefix, { enricher: { groupId: `${prefix}enricher` }, log: { level: 'warn' } });
const topic = (name: string): string => `${prefix}${name}`;

const subject = (slug: string, score: number): SubjectTag => ({
  slug,
  iptc: SUBJECTS.find((s) => s.slug === slug)!.iptc,
  score,
  evidence: [],
});

/** The subjects the stub tagger gives, by a word of the title. */
const SUBJECTS_BY_WORD: Array<[RegExp, SubjectTag[]]> = [
  [/final/i, [subject('sport', 0.8), subject('economy-business', 0.2)]],
  [/storm/i, [subject('weather', 0.6), subject('disaster-accident', 0.4)]],
];

const bodies = {
  final: `<p>The home side won the cup final two goals to one after extra time on Saturday evening,
    with a header from the captain in the last minute deciding a tense match in front of a sold-out stadium.</p>
    <p>The club said the prize money would go into the youth academy and a new training ground.</p>`,
  storm: `<p>A storm with gusts of up to 140 kilometres an hour swept across the coast overnight, uprooting
    trees, closing two motorways and leaving forty thousand homes without power by the morning.</p>
    <p>The weather service kept its red warning in place for the islands until Tuesday noon.</p>`,
  council: `<p>The town council approved next year's budget after a four-hour debate on Thursday, with
    money set aside for school repairs, a new bus line to the hospital and longer library opening hours.</p>`,
};

function rawItem(feedId: string, guid: string, link: string, title: string, content: string): RawItemRecord {
  return {
    schemaVersion: 1,
    itemKey: itemKeyFor(feedId, guid),
    change: 'new',
    itemHash: itemKeyFor(feedId, content),
    feed: {
      id: feedId,
      agency: feedId,
      name: feedId,
      url: `https://${feedId}.example/feed.xml`,
      format: 'rss',
      title: null,
      languageHint: 'en',
    },
    item: {
      guid,
      link,
      title,
      summary: null,
      contentHtml: content,
      authors: [],
      categories: [],
      published: '2026-11-03T07:15:00Z',
      updated: null,
      language: null,
      media: [],
    },
    fetchedAt: '2026-11-03T07:20:00.000Z',
    http: {
      status: 200,
      finalUrl: `https://${feedId}.example/feed.xml`,
      contentType: 'application/rss+xml',
      etag: null,
      lastModified: null,
    },
  };
}

const final = rawItem(
  'north-wire',
  'nw-1',
  'https://north-wire.example/sport/final',
  'Cup final won late',
  bodies.final,
);
// Another agency carries the same text: a copy, published on news.duplicates.v1 only.
const finalCopy = rawItem(
  'south-wire',
  'sw-7',
  'https://south-wire.example/news/cup-final',
  'Cup final won late',
  bodies.final,
);
const storm = rawItem(
  'north-wire',
  'nw-2',
  'https://north-wire.example/news/storm',
  'Storm cuts power',
  bodies.storm,
);
const stormUpdate = {
  ...rawItem(
    'north-wire',
    'nw-2',
    'https://north-wire.example/news/storm',
    'Storm cuts power',
    `${bodies.storm}<p>Update: power was back in most homes by Monday evening.</p>`,
  ),
  change: 'updated' as const,
};
const council = rawItem(
  'north-wire',
  'nw-3',
  'https://north-wire.example/local/budget',
  'Council passes budget',
  bodies.council,
);

describe('subject streams, published by the live enricher', () => {
  let kafka: KafkaGateway;
  let redis: Redis;
  let producer: RecordProducer;
  let enricher: Enricher;
  let realTagger: ReloadingTagger;
  let raw: KafkaProducer;
  let records: ConsumedRecord[];
  const on = (name: string): ConsumedRecord[] => records.filter((r) => r.topic === topic(name));

  beforeAll(async () => {
    const logger = createLogger('warn');
    kafka = new KafkaGateway(config.kafka, logger);
    await kafka.ensureTopics();
    redis = createRedis(config.redis, logger);
    await redis.connect();
    producer = await kafka.connectProducer();
    const enrichment = createEnrichmentDeps(config, redis);
    realTagger = enrichment.tagger;
    const tagger: Tagger = {
      tag: (input) => ({
        ...realTagger.tag(input),
        subjects: SUBJECTS_BY_WORD.find(([word]) => word.test(input.title))?.[1] ?? [],
      }),
      explain: (input) => realTagger.explain(input),
      get taxonomyVersion() {
        return realTagger.taxonomyVersion;
      },
    };
    enricher = new Enricher({ config, logger, kafka, producer, enrichment: { ...enrichment, tagger } });
    await enricher.start();
    raw = createKafkaClient({ brokers: kafkaBrokers() }).producer({
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await raw.connect();
    // One at a time, so the original comes before its copy and the story before its update.
    for (const item of [final, finalCopy, storm, stormUpdate, council]) {
      await raw.send({
        topic: topic('news.raw.v1'),
        messages: [{ key: item.itemKey, value: JSON.stringify(item) }],
      });
      expect(await waitForDrain(kafka, config.enricher.groupId, 60_000)).toBe(true);
    }
    records = await readTopics(
      kafkaBrokers(),
      [topic('news.articles.v1'), topic('news.duplicates.v1'), ...SUBJECT_STREAMS.map((s) => topic(s.name))],
      {
        until: (rs) =>
          rs.filter((r) => r.topic === topic('news.articles.v1')).length >= 4 &&
          rs.filter((r) => r.topic === topic('news.duplicates.v1')).length >= 1 &&
          rs.filter((r) => r.topic.startsWith(topic('news.subject.'))).length >= 6,
      },
    );
  });

  afterAll(async () => {
    await raw?.disconnect();
    await enricher?.stop();
    await producer?.disconnect();
    redis?.disconnect();
    realTagger?.close();
  });

  it('publishes every item, none dead-lettered', () => {
    expect(enricher.stats).toMatchObject({ articles: 4, duplicates: 1, deadLettered: 0 });
    // Articles sit on several partitions, so the order they are read in says nothing.
    expect(
      on('news.articles.v1')
        .map((r) => (r.value as ArticleRecord).title)
        .sort(),
    ).toEqual(['Council passes budget', 'Cup final won late', 'Storm cuts power', 'Storm cuts power']);
  });

  it('routes each unique article, and each revision of it, to the stream of every subject it has', () => {
    const articles = on('news.articles.v1').map((r) => r.value as ArticleRecord);
    const finalArticle = articles.find((a) => a.title === 'Cup final won late');
    // One story, so one key and one partition: its revisions are read in order.
    const [stormFirst, stormSecond] = articles.filter((a) => a.title === 'Storm cuts power');
    expect(finalArticle!.subjects.map((s) => s.slug)).toEqual(['sport', 'economy-business']);
    expect(stormSecond!.revision).toBe(2);
    const ids = (slug: string) => on(subjectStreamName(slug)).map((r) => [r.key, r.headers['ws-revision']]);
    expect(ids('sport')).toEqual([[finalArticle!.id, '1']]);
    expect(ids('economy-business')).toEqual([[finalArticle!.id, '1']]);
    expect(ids('weather')).toEqual([
      [stormFirst!.id, '1'],
      [stormSecond!.id, '2'],
    ]);
    expect(ids('disaster-accident')).toEqual(ids('weather'));
    const routed = new Set(['sport', 'economy-business', 'weather', 'disaster-accident']);
    for (const { slug } of SUBJECTS.filter((s) => !routed.has(s.slug)))
      expect(on(subjectStreamName(slug)), slug).toEqual([]);
  });

  it('publishes the same record with the same key and headers as on news.articles.v1', () => {
    const published = new Map(
      on('news.articles.v1').map((r) => [`${r.key}@${r.headers['ws-revision']}`, r] as const),
    );
    for (const record of records.filter((r) => r.topic.startsWith(topic('news.subject.')))) {
      const original = published.get(`${record.key}@${record.headers['ws-revision']}`)!;
      expect(original, record.topic).toBeDefined();
      expect(record.value).toEqual(original.value);
      // ws-schema names the registry entry the record was written to.
      const streamName = record.topic.slice(prefix.length);
      expect(record.headers).toEqual({ ...original.headers, 'ws-schema': streamName });
      expect(record.headers['ws-decision']).not.toBe('copy');
    }
  });

  it('sends the copy to news.duplicates.v1 only, with its subjects in the enriched copy', () => {
    const [copy] = on('news.duplicates.v1').map((r) => r.value as DuplicateRecord);
    expect(copy).toMatchObject({ reason: 'same-content', occurrence: { feedId: 'south-wire' } });
    expect(copy!.article.subjects.map((s) => s.slug)).toEqual(['sport', 'economy-business']);
    expect(on(subjectStreamName('sport')).map((r) => r.key)).not.toContain(copy!.id);
  });
});
