import { testConfig } from '../support/config.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, DuplicateRecord, RawItemRecord } from '@wirestream/contract';
import { openPipeline, waitForDrain, type Pipeline } from '@wirestream/cli';
import { itemKeyFor } from '@wirestream/dedupe';
import { createLogger, createKafkaClient, type KafkaProducer } from '@wirestream/runtime';
import { kafkaBrokers, uniquePrefix } from '../harness/services.js';
import { readTopics, type ConsumedRecord } from '../support/topics.js';

const body = `<p>The port authority said the container terminal would stay closed until Thursday while
engineers inspect two cranes damaged in Sunday's storm.</p>
<p>Shipping lines diverted eleven vessels to a neighbouring harbour, and freight forwarders warned of
delays of up to a week for deliveries to the region's supermarkets and car plants.</p>
<p>The regional government promised emergency funds for the repairs and asked insurers to speed up
their assessments. Dock workers will be paid during the closure, the union said.</p>`;

function rawItem(
  feedId: string,
  guid: string,
  link: string,
  content: string,
  change: 'new' | 'updated',
): RawItemRecord {
  return {
    schemaVersion: 1,
    itemKey: itemKeyFor(feedId, guid),
    change,
    itemHash: itemKeyFor(feedId, content),
    feed: {
      id: feedId,
      agency: feedId === 'harbour-wire' ? 'Harbour Wire' : 'Coastal Courier',
      name: feedId,
      url: `https://${feedId}.example/feed.xml`,
      format: 'rss',
      title: null,
      languageHint: 'en',
    },
    item: {
      guid,
      link,
      title: 'Storm-damaged cranes keep container terminal shut',
      summary: null,
      contentHtml: content,
      authors: ['desk@harbour-wire.example (Harbour Desk)'],
      categories: [{ term: 'Transport', scheme: null, label: null }],
      published: '2025-11-03T07:15:00Z',
      updated: null,
      language: null,
      media: [
        {
          url: 'https://img.harbour-wire.example/cranes.jpg',
          type: 'image/jpeg',
          title: 'Damaged cranes',
          credit: 'Harbour Wire',
        },
      ],
    },
    fetchedAt: '2025-11-03T07:20:00.000Z',
    http: {
      status: 200,
      finalUrl: `https://${feedId}.example/feed.xml`,
      contentType: 'application/rss+xml',
      etag: null,
      lastModified: null,
    },
  };
}

describe('enricher deduplication against real Kafka and Redis', () => {
  const prefix = uniquePrefix('dedupe-enricher');
  const config = testConfig(prefix, { enricher: { groupId: `${prefix}enricher` }, log: { level: 'warn' } });
  const topic = (name: string): string => `${prefix}${name}`;
  const original = rawItem(
    'harbour-wire',
    'hw-2025-1103-01',
    'https://www.harbour-wire.example/news/terminal-closed?utm_source=rss',
    body,
    'new',
  );
  // Another agency's feed carries the same text under its own URL.
  const copy = rawItem(
    'coastal-courier',
    'cc-88172',
    'https://coastal-courier.example/shipping/terminal-closed-storm',
    body,
    'new',
  );
  // A partner's feed links the very page of the original: a same-URL copy.
  const sameUrl = rawItem(
    'coastal-courier',
    'cc-partner-5501',
    'https://harbour-wire.example/news/terminal-closed',
    body,
    'new',
  );
  const updated = rawItem(
    'harbour-wire',
    'hw-2025-1103-01',
    'https://www.harbour-wire.example/news/terminal-closed?utm_source=rss',
    `${body}<p>Update: the terminal partly reopened on Wednesday evening.</p>`,
    'updated',
  );
  let pipeline: Pipeline;
  let producer: KafkaProducer;
  let records: ConsumedRecord[];
  const on = (name: string): ConsumedRecord[] => records.filter((r) => r.topic === topic(name));

  async function feed(raw: RawItemRecord): Promise<void> {
    await producer.send({
      topic: topic('news.raw.v1'),
      messages: [{ key: raw.itemKey, value: JSON.stringify(raw) }],
    });
    // One at a time: the order of decisions is what this test is about.
    expect(await waitForDrain(pipeline.kafka, config.enricher.groupId, 60_000)).toBe(true);
  }

  beforeAll(async () => {
    pipeline = await openPipeline(config, createLogger('warn'), []);
    // Idempotent: a retried send on a loaded broker must not add a redelivery this test did not make.
    producer = createKafkaClient({ brokers: kafkaBrokers() }).producer({
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    await pipeline.enricher.start();
    await feed(original);
    await feed(original); // sent again by the fetcher (another offset): a repeat, dropped
    await feed(copy);
    await feed(copy); // likewise
    await feed(sameUrl);
    await feed(sameUrl); // likewise: a same-URL copy keeps no decision of its own, only where it was seen
    await feed(updated);
    records = await readTopics(kafkaBrokers(), [topic('news.articles.v1'), topic('news.duplicates.v1')], {
      until: (rs) =>
        rs.filter((r) => r.topic === topic('news.articles.v1')).length >= 2 &&
        rs.filter((r) => r.topic === topic('news.duplicates.v1')).length >= 2,
    });
  });

  afterAll(async () => {
    await producer?.disconnect();
    await pipeline?.close();
  });

  it('publishes an item the fetcher sent twice (two offsets) once: the repeat is dropped', () => {
    const articles = on('news.articles.v1');
    expect(articles).toHaveLength(2);
    const [first] = articles.map((r) => r.value as ArticleRecord);
    expect(first!.dedupe.status).toBe('unique');
    expect(pipeline.enricher.stats.repeats).toBe(3);
    expect(articles.map((r) => r.headers['ws-decision'])).toEqual(['new', 'update']);
    expect(articles[0]!.key).toBe(first!.id);
  });

  it('publishes the other agency’s copy on news.duplicates.v1, linked to the first and its story', () => {
    const first = on('news.articles.v1')[0]!.value as ArticleRecord;
    const duplicates = on('news.duplicates.v1')
      .map((r) => r.value as DuplicateRecord)
      .filter((d) => d.reason === 'same-content');
    expect(duplicates).toHaveLength(1);
    for (const d of duplicates) {
      expect(d).toMatchObject({
        duplicateOf: first.id,
        storyId: first.storyId,
        status: 'duplicate',
        reason: 'same-content',
        occurrence: { feedId: 'coastal-courier' },
      });
      expect(d.id).not.toBe(first.id);
      expect(d.article.storyId).toBe(first.storyId);
    }
  });

  it('publishes a same-URL copy once, however often the fetcher sends it', () => {
    const first = on('news.articles.v1')[0]!.value as ArticleRecord;
    const sameUrlCopies = on('news.duplicates.v1')
      .map((r) => r.value as DuplicateRecord)
      .filter((d) => d.reason === 'same-url');
    expect(sameUrlCopies).toHaveLength(1);
    expect(sameUrlCopies[0]).toMatchObject({
      id: first.id,
      duplicateOf: first.id,
      storyId: first.storyId,
      occurrence: { feedId: 'coastal-courier', itemKey: sameUrl.itemKey },
    });
  });

  it('publishes the corrected item as revision 2 of the same article, still unique', () => {
    const [first, update] = on('news.articles.v1').map((r) => r.value as ArticleRecord);
    expect(update).toMatchObject({ id: first!.id, revision: 2, storyId: first!.storyId });
    expect(update!.dedupe.status).toBe('unique');
    expect(update!.body).toContain('partly reopened');
    expect(on('news.articles.v1')[1]!.headers['ws-revision']).toBe('2');
  });

  it('carries the normalised authors, categories and images into the record', () => {
    const first = on('news.articles.v1')[0]!.value as ArticleRecord;
    expect(first.canonicalUrl).toBe('https://www.harbour-wire.example/news/terminal-closed');
    expect(first.authors).toEqual(['Harbour Desk']);
    expect(first.categories).toEqual(['Transport']);
    expect(first.images).toEqual([
      {
        url: 'https://img.harbour-wire.example/cranes.jpg',
        caption: 'Damaged cranes',
        credit: 'Harbour Wire',
        type: 'image/jpeg',
      },
    ]);
    expect(first.publishedAtNote).toBeNull();
  });
});
