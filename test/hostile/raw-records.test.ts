/**
 * Hostile records on news.raw.v1 itself (another producer, an old parser, a corrupted replay),
 * consumed by the real enricher: what fails validation goes to news.dlq.v1 with the reason and the
 * enricher carries on; what can be repaired comes out clean.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, DeadLetterRecord, RawItemRecord } from '@wirestream/contract';
import { openPipeline, type Pipeline } from '@wirestream/cli';
import { itemKeyFor } from '@wirestream/dedupe';
import { createLogger, deadLetters, createKafkaClient, type KafkaProducer } from '@wirestream/runtime';
import { kafkaBrokers, uniquePrefix } from '../harness/services.js';
import { testConfig } from '../support/config.js';
import { TopicCollector, counted, reportLine, type CollectedRecord } from './support.js';

function rawItem(guid: string, title: string, body: string, published: string | null): RawItemRecord {
  return {
    schemaVersion: 1,
    itemKey: itemKeyFor('raw-hostile', guid),
    change: 'new',
    itemHash: itemKeyFor('raw-hostile', `${title}${body}`),
    feed: {
      id: 'raw-hostile',
      agency: 'Raw Hostile Wire',
      name: 'Raw Hostile Wire',
      url: 'https://raw-hostile.example/feed.xml',
      format: 'rss',
      title: null,
      languageHint: 'en',
    },
    item: {
      guid,
      link: `https://raw-hostile.example/news/${guid}`,
      title,
      summary: null,
      contentHtml: `<p>${body}</p>`,
      authors: [],
      categories: [],
      published,
      updated: null,
      language: null,
      media: [],
    },
    fetchedAt: '2025-11-03T08:00:00.000Z',
    http: {
      status: 200,
      finalUrl: 'https://raw-hostile.example/feed.xml',
      contentType: 'application/rss+xml',
      etag: null,
      lastModified: null,
    },
  };
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

const STORIES = [
  'Lighthouse keepers on the northern islands will be replaced by automatic beacons by next year.',
  'The regional orchestra announced a winter season of free concerts in village halls.',
  'A new cycling bridge over the river will open to the public after three years of construction.',
  'Fishermen reported the largest herring catch in a decade after a cold and calm autumn.',
];

describe('hostile records on news.raw.v1, consumed by the real enricher', () => {
  const prefix = uniquePrefix('hostile-raw');
  const config = testConfig(prefix, { enricher: { groupId: `${prefix}enricher` }, log: { level: 'silent' } });
  const topic = (name: string): string => `${prefix}${name}`;
  let pipeline: Pipeline;
  let producer: KafkaProducer;
  let collector: TopicCollector;
  let healthy = 0;

  const line = reportLine;

  const produce = (key: string, value: string | Buffer): Promise<unknown> =>
    producer.send({ topic: topic('news.raw.v1'), messages: [{ key, value }] });

  const articleOf = (guid: string) => (records: CollectedRecord[]) => {
    for (const r of records) {
      const value = r.value as ArticleRecord & { article?: ArticleRecord };
      const article = r.topic === topic('news.duplicates.v1') ? value.article : value;
      if (r.topic !== topic('news.dlq.v1') && article?.url?.endsWith(`/news/${guid}`)) return article;
    }
    return undefined;
  };

  /** A good record after the hostile one: its article shows the enricher is still consuming. */
  async function enricherAlive(): Promise<boolean> {
    const guid = `healthy-${healthy}`;
    const story = STORIES[healthy++ % STORIES.length]!;
    await produce(
      guid,
      JSON.stringify(rawItem(guid, `Healthy story ${healthy}: ${story.slice(0, 40)}`, story, null)),
    );
    const article = await collector.waitFor(`article ${guid}`, articleOf(guid));
    return article.title.startsWith('Healthy story');
  }

  async function deadLetterFor(key: string): Promise<DeadLetterRecord> {
    return collector.waitFor(`dead letter ${key}`, (records) => {
      const found = records.find((r) => r.topic === topic('news.dlq.v1') && r.key === key);
      return found?.value as DeadLetterRecord | undefined;
    });
  }

  beforeAll(async () => {
    pipeline = await openPipeline(config, createLogger('silent'), []);
    producer = createKafkaClient({ brokers: kafkaBrokers() }).producer({
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    collector = await TopicCollector.start(
      kafkaBrokers(),
      ['news.dlq.v1', 'news.articles.v1', 'news.duplicates.v1'].map(topic),
    );
    await pipeline.enricher.start();
  });

  afterAll(async () => {
    await collector?.stop();
    await producer?.disconnect();
    await pipeline?.close();
  });

  it('a record that is not JSON goes to the dead-letter topic with the reason, payload kept', async () => {
    const poison = Buffer.concat([
      Buffer.from([0x00, 0xff, 0xfe]),
      Buffer.from('{"schemaVersion": 1, "itemKey": '),
    ]);
    await produce('raw-not-json', poison);
    const letter = await deadLetterFor('raw-not-json');
    expect(letter).toMatchObject({ stage: 'validate', payloadEncoding: 'base64' });
    expect(Buffer.from(letter.payload, 'base64').equals(poison)).toBe(true);
    expect(await counted(deadLetters, { stage: 'validate' })).toBeGreaterThanOrEqual(1);
    const alive = await enricherAlive();
    expect(alive).toBe(true);
    line('raw-not-json', 'rejected', `${letter.error.name}: ${letter.error.message.split('\n')[0]}`, alive);
  });

  it('a record with wrong types fails validation: dead letter with the offending fields named', async () => {
    const record = rawItem('wrong-types', 'x', 'y', null) as unknown as Record<string, unknown>;
    const wrong = {
      ...record,
      fetchedAt: 'yesterday',
      item: { ...(record.item as object), title: 42, authors: 'nobody' },
    };
    await produce('raw-wrong-types', JSON.stringify(wrong));
    const letter = await deadLetterFor('raw-wrong-types');
    expect(letter.stage).toBe('validate');
    for (const field of ['fetchedAt', 'title', 'authors']) expect(letter.error.message).toContain(field);
    expect(JSON.parse(letter.payload)).toEqual(wrong);
    const alive = await enricherAlive();
    expect(alive).toBe(true);
    line(
      'raw-wrong-types',
      'rejected',
      `${letter.error.name}: ${letter.error.message.replace(/\s+/g, ' ').slice(0, 200)}`,
      alive,
    );
  });

  it('an unclean item from another producer comes out clean: controls stripped, title bounded, future date replaced', async () => {
    const title = `\u0007Alert\u001b[0m: ${'very long headline '.repeat(50_000)}`;
    const story = 'Customs officers seized a record amount of counterfeit watches at the ferry terminal.';
    await produce(
      'raw-unclean',
      JSON.stringify(rawItem('unclean', title, `${story}\u0000\u000b`, '9999-12-31T23:59:59Z')),
    );
    const article = await collector.waitFor('article unclean', articleOf('unclean'));
    expect(`${article.title}${article.body}`).not.toMatch(CONTROL);
    expect(article.title.length).toBeLessThanOrEqual(1000);
    expect(article.title.startsWith('Alert[0m: very long headline')).toBe(true);
    expect(article).toMatchObject({
      publishedAt: '2025-11-03T08:00:00.000Z',
      publishedAtSource: 'fetch-time',
      publishedAtNote: 'in-future',
    });
    const alive = await enricherAlive();
    expect(alive).toBe(true);
    line(
      'raw-unclean-item',
      'repaired',
      `title of ${title.length} characters cut to ${article.title.length}, control characters stripped, date 9999-12-31 replaced by fetch time (${article.publishedAtNote})`,
      alive,
    );
  });
});
