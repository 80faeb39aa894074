import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { testConfig } from '../support/config.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, createKafkaClient } from '@wirestream/runtime';
import {
  openPipeline,
  startFeedServer,
  startSampleServer,
  waitForDrain,
  type FeedServer,
  type Pipeline,
} from '@wirestream/cli';
import { enricherRegistry } from '@wirestream/enricher';
import { loadFeedList } from '@wirestream/feeds';
import { fetcherRegistry, type FeedPollResult } from '@wirestream/fetcher';
import {
  SUBJECT_STREAMS,
  subjectStreamName,
  type ArticleRecord,
  type DeadLetterRecord,
  type DuplicateRecord,
  type FeedSource,
  type PageDocumentRecord,
  type RawItemRecord,
} from '@wirestream/contract';
import { kafkaBrokers, uniquePrefix } from '../harness/services.js';
import { readTopics, type ConsumedRecord } from '../support/topics.js';

const root = new URL('../../', import.meta.url).pathname;

interface ExpectedItem {
  feed: string;
  guid: string;
  title: string;
  story: string;
  variant: string;
  /** Asserted tags; given for the seed story's copies. */
  tags?: { topics: string[]; countries: string[]; bilateralPairs: string[] };
}
const expected = JSON.parse(readFileSync(`${root}examples/expected.json`, 'utf8')) as {
  items: ExpectedItem[];
};
const COPY_VARIANTS = new Set(['republication', 'same-url-other-section', 'retitled-trimmed']);
const seedItems = expected.items.filter((i) => i.tags);

describe('pipeline end to end: sample agency feeds → Kafka', () => {
  const prefix = uniquePrefix('e2e');
  const config = testConfig(prefix, { enricher: { groupId: `${prefix}enricher` }, log: { level: 'warn' } });
  const topic = (name: string): string => `${prefix}${name}`;
  let samples: FeedServer;
  let broken: FeedServer;
  let pipeline: Pipeline;
  let feeds: FeedSource[];
  let firstPoll: FeedPollResult[];
  let records: ConsumedRecord[];
  const byTopic = (name: string): unknown[] =>
    records.filter((r) => r.topic === topic(name)).map((r) => r.value);

  beforeAll(async () => {
    // The sample feeds and the agencies' article pages, as `wirestream start` serves them (any free port).
    samples = await startSampleServer(root, 0);
    const brokenDir = mkdtempSync(join(tmpdir(), 'ws-broken-'));
    mkdirSync(join(brokenDir, 'broken'));
    writeFileSync(
      join(brokenDir, 'broken', 'feed.xml'),
      '<rss version="2.0"><channel><title>Cut off<item><title>half',
    );
    broken = await startFeedServer(brokenDir);
    feeds = [
      ...loadFeedList(`${root}examples/feeds.yaml`, { base: samples.baseUrl }),
      {
        id: 'broken-agency',
        url: `${broken.baseUrl}/broken/feed.xml`,
        agency: 'Broken Agency',
        intervalSeconds: 60,
      },
    ];
    pipeline = await openPipeline(config, createLogger('warn'), feeds);

    // Poison records first: the enricher must dead-letter them and carry on with the real items.
    const kafka = createKafkaClient({ brokers: kafkaBrokers() });
    // Idempotent, so a send retried under load cannot leave two copies of a poison record.
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({
      topic: topic('news.raw.v1'),
      messages: [
        { key: 'poison-json', value: '{"schemaVersion": 1, "itemKey": ' },
        { key: 'poison-schema', value: JSON.stringify({ schemaVersion: 1, itemKey: 'x', feed: { id: 42 } }) },
      ],
    });
    await producer.disconnect();

    await pipeline.enricher.start();
    firstPoll = await pipeline.fetcher.pollAll();
    expect(await waitForDrain(pipeline.kafka, config.enricher.groupId, 90_000)).toBe(true);
    const count = (rs: ConsumedRecord[], name: string): number =>
      rs.filter((r) => r.topic === topic(name)).length;
    records = await readTopics(
      kafkaBrokers(),
      [
        topic('news.raw.v1'),
        topic('news.pages.v1'),
        topic('news.articles.v1'),
        topic('news.duplicates.v1'),
        topic('news.dlq.v1'),
        topic('news.topic.sanctions.v1'),
        topic('news.topic.bilateral-relations.v1'),
        ...SUBJECT_STREAMS.map((s) => topic(s.name)),
      ],
      {
        // At least everything the producer was acknowledged for; the idle wait after it would reveal extras.
        until: (rs) =>
          count(rs, 'news.raw.v1') >= (pipeline.producer.sent.get('news.raw.v1') ?? 0) + 2 &&
          count(rs, 'news.articles.v1') >= (pipeline.producer.sent.get('news.articles.v1') ?? 0) &&
          count(rs, 'news.duplicates.v1') >= (pipeline.producer.sent.get('news.duplicates.v1') ?? 0) &&
          count(rs, 'news.dlq.v1') >= (pipeline.producer.sent.get('news.dlq.v1') ?? 0) &&
          count(rs, 'news.pages.v1') >= (pipeline.producer.sent.get('news.pages.v1') ?? 0) &&
          SUBJECT_STREAMS.every((s) => count(rs, s.name) >= (pipeline.producer.sent.get(s.name) ?? 0)),
      },
    );
  });

  afterAll(async () => {
    await pipeline?.close();
    await samples?.close();
    await broken?.close();
  });

  it('polls every sample feed and reports the malformed one without stopping the others', () => {
    const failed = firstPoll.filter((r) => r.outcome === 'error');
    expect(failed.map((r) => r.feedId)).toEqual(['broken-agency']);
    expect(failed[0]!.error).toMatch(/malformed|not-a-feed/);
    expect(firstPoll.filter((r) => r.outcome === 'ok')).toHaveLength(feeds.length - 1);
  });

  it('publishes one raw record per sample item', () => {
    const raw = byTopic('news.raw.v1') as Array<{ itemKey?: string }>;
    // The two poison records are in the raw topic too.
    expect(raw.length - 2).toBe(expected.items.length);
  });

  it('publishes each story once on news.articles.v1 and every copy on news.duplicates.v1', () => {
    const articles = byTopic('news.articles.v1') as ArticleRecord[];
    const duplicates = byTopic('news.duplicates.v1') as DuplicateRecord[];
    const uniques = expected.items.filter((i) => !COPY_VARIANTS.has(i.variant));
    const copies = expected.items.filter((i) => COPY_VARIANTS.has(i.variant));
    expect(new Set(articles.map((a) => a.id)).size).toBe(articles.length);
    expect(articles).toHaveLength(uniques.length);
    expect(duplicates).toHaveLength(copies.length);
    const articleIds = new Set(articles.map((a) => a.id));
    for (const d of duplicates) {
      expect(articleIds.has(d.duplicateOf), `${d.id} duplicates ${d.duplicateOf}`).toBe(true);
      const original = articles.find((a) => a.id === d.duplicateOf)!;
      expect(d.storyId).toBe(original.storyId);
      expect(d.article.dedupe.status).not.toBe('unique');
    }
    // Nothing lost: every real raw item became an article or a duplicate.
    expect(articles.length + duplicates.length).toBe(expected.items.length);
    // The enricher's transactional producers count into the pipeline's tally, which `start --once` prints.
    expect(pipeline.producer.sent.get('news.articles.v1')).toBe(articles.length);
    expect(pipeline.producer.sent.get('news.duplicates.v1')).toBe(duplicates.length);
  });

  it("reads the article pages behind teaser items and enriches those articles on the pages' text", () => {
    const raws = (byTopic('news.raw.v1') as RawItemRecord[]).filter((r) => typeof r === 'object' && r.item);
    const teaserFeeds = new Set(['continental-world', 'atlantic-latest']);
    const teasers = raws.filter((r) => teaserFeeds.has(r.feed.id));
    expect(teasers).toHaveLength(10);
    // Every link points at the sample server, which has the page; one of them is behind a paywall.
    for (const raw of teasers) {
      expect(raw.item.link!.startsWith(`${samples.baseUrl}/`), raw.item.link!).toBe(true);
      expect(raw.page?.status, raw.item.link!).toBe(raw.item.link!.includes('wall-street') ? 'walled' : 'ok');
    }
    // A full-text German feed item is fetched only when it is short (auto); its walled page leaves the feed's text.
    const dax = raws.find((r) => r.item.link?.includes('dax-wochenstart'))!;
    expect(dax.page).toMatchObject({ status: 'walled', paywalled: true });
    expect(raws.filter((r) => r.page?.status === 'failed' || r.page?.status === 'skipped')).toEqual([]);

    const enriched = [
      ...(byTopic('news.articles.v1') as ArticleRecord[]),
      ...(byTopic('news.duplicates.v1') as DuplicateRecord[]).map((d) => d.article),
    ];
    for (const article of enriched.filter((a) => teaserFeeds.has(a.source.feedId))) {
      expect(article.textSource, article.url).toBe('page');
      // The teaser is one sentence; the page gave the story.
      expect(article.body.length, article.url).toBeGreaterThan(article.summary.length * 2);
    }
    expect(enriched.find((a) => a.url.includes('dax-wochenstart'))).toMatchObject({
      textSource: 'feed',
      pageStatus: 'walled',
    });
    // The page HTML is kept, keyed like the item, for every page that was read.
    const pages = byTopic('news.pages.v1') as PageDocumentRecord[];
    expect(pages).toHaveLength(
      raws.filter((r) => r.page?.status === 'ok' || r.page?.status === 'walled').length,
    );
    const sha = new Set(pages.map((p) => p.body.sha256));
    for (const raw of raws.filter((r) => r.page?.sha256)) expect(sha.has(raw.page!.sha256!)).toBe(true);
  });

  it('tags the retold seed story and routes it to the sanctions and bilateral-relations streams', () => {
    const articles = byTopic('news.articles.v1') as ArticleRecord[];
    const seedTitles = new Set(seedItems.map((i) => i.title));
    // Copies of the story go to news.duplicates.v1; the ones published as articles are the original and the translation.
    const seedArticles = articles.filter((a) => seedTitles.has(a.title));
    expect(seedArticles.length).toBeGreaterThan(0);
    for (const article of seedArticles) {
      const codes = article.entities.countries.map((c) => c.code);
      expect(codes).toEqual(expect.arrayContaining(['RU', 'AZ', 'US']));
      expect(article.topics.map((t) => t.slug)).toEqual(
        expect.arrayContaining(['sanctions', 'bilateral-relations']),
      );
      const sanctions = byTopic('news.topic.sanctions.v1') as ArticleRecord[];
      const bilateral = byTopic('news.topic.bilateral-relations.v1') as ArticleRecord[];
      expect(sanctions.map((a) => a.id)).toContain(article.id);
      expect(bilateral.map((a) => a.id)).toContain(article.id);
    }
  });

  it('creates a stream per subject and routes each article to the streams of its subjects only', async () => {
    const admin = createKafkaClient({ brokers: kafkaBrokers() }).admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({
        topics: SUBJECT_STREAMS.map((s) => topic(s.name)),
      });
      expect(Object.fromEntries(topics.map((t) => [t.name, t.partitions.length]))).toEqual(
        Object.fromEntries(SUBJECT_STREAMS.map((s) => [topic(s.name), s.partitions])),
      );
    } finally {
      await admin.disconnect();
    }
    const articles = byTopic('news.articles.v1') as ArticleRecord[];
    // The field is on the wire even while the tagger gives no subject.
    for (const article of articles) expect(Array.isArray(article.subjects), article.id).toBe(true);
    for (const spec of SUBJECT_STREAMS) {
      const routed = (byTopic(spec.name) as ArticleRecord[]).map((a) => a.id).sort();
      const tagged = articles
        .filter((a) => a.subjects.some((s) => subjectStreamName(s.slug) === spec.name))
        .map((a) => a.id)
        .sort();
      expect(routed, spec.name).toEqual(tagged);
      expect(pipeline.producer.sent.get(spec.name) ?? 0, spec.name).toBe(routed.length);
      // Copies stay on news.duplicates.v1 (a same-URL copy shares its original's id: the decision tells).
      for (const record of records.filter((r) => r.topic === topic(spec.name)))
        expect(record.headers['ws-decision'], `${spec.name} ${record.key}`).not.toBe('copy');
    }
  });

  it('dead-letters the malformed feed and the poison records with their reasons and payloads', () => {
    const letters = byTopic('news.dlq.v1') as DeadLetterRecord[];
    const feedLetter = letters.find((l) => l.source.feedId === 'broken-agency');
    expect(feedLetter?.stage).toBe('parse');
    expect(feedLetter?.payload).toContain('Cut off');
    const poison = letters.filter((l) => l.stage === 'validate');
    expect(poison.map((l) => l.source.key).sort()).toEqual(['poison-json', 'poison-schema']);
    expect(poison.find((l) => l.source.key === 'poison-json')?.payload).toBe(
      '{"schemaVersion": 1, "itemKey": ',
    );
    expect(poison.find((l) => l.source.key === 'poison-schema')?.error.message).toMatch(/feed/);
  });

  it('measures latency and freshness: publication → fetch → article, newest item per feed and agency', async () => {
    // Each stage has its own registry; `wirestream start` serves both on one /metrics.
    const text = `${await fetcherRegistry.metrics()}\n${await enricherRegistry.metrics()}`;
    const count = (name: string): number =>
      Number(text.match(new RegExp(`^${name}_count (\\d+)`, 'm'))?.[1] ?? 0);
    const uniques = expected.items.filter((i) => !COPY_VARIANTS.has(i.variant)).length;
    expect(count('wirestream_fetch_to_article_seconds')).toBeGreaterThanOrEqual(uniques);
    // The sample items are dated October 2025, long before the fetch: they land in the top bucket.
    expect(count('wirestream_item_publish_to_fetch_seconds')).toBeGreaterThanOrEqual(uniques);
    expect(text).toMatch(
      /wirestream_feed_newest_item_timestamp_seconds\{feed="nordwire-world",agency="Nordwire Nachrichten"\} 17\d{8}/,
    );
    expect(text).toMatch(/wirestream_feed_last_http_status\{feed="broken-agency"\} 200/);
    expect(text).toMatch(/wirestream_feed_next_poll_timestamp_seconds\{feed="atlantic-latest"\} \d+/);
  });

  it('publishes nothing new when the feeds did not change, with or without conditional GET', async () => {
    const before = new Map(pipeline.producer.sent);
    const second = await pipeline.fetcher.pollAll(feeds.filter((f) => f.id !== 'broken-agency'));
    // Listed per feed, with the error and status, so that a failure says which feed answered what.
    expect(second.map((r) => `${r.feedId}: ${r.outcome} ${r.status ?? ''} ${r.error ?? ''}`.trim())).toEqual(
      second.map((r) => `${r.feedId}: not-modified 304`),
    );
    // Without validators the server answers 200 again: the seen-items state must hold the line.
    for (const feed of feeds)
      await pipeline.redis.hdel(`${prefix}feed:${feed.id}:state`, 'etag', 'lastModified');
    const third = await pipeline.fetcher.pollAll(feeds.filter((f) => f.id !== 'broken-agency'));
    expect(third.every((r) => r.outcome === 'ok' && r.published.new === 0 && r.published.updated === 0)).toBe(
      true,
    );
    expect(pipeline.producer.sent.get('news.raw.v1')).toBe(before.get('news.raw.v1'));
  });
});
