/**
 * The ninjs projection against the real broker and Redis: with `enricher.ninjs` on, the live
 * enricher publishes each unique article (not its copies) as an IPTC ninjs 3.1 item to
 * news.articles.ninjs.v1, in the transaction that carries the article, under the same key and
 * headers; with it off (the default), nothing reaches that topic.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ARTICLES_NINJS_TOPIC,
  toNinjs,
  type ArticleRecord,
  type RawItemRecord,
  type WirestreamConfig,
} from '@wirestream/contract';
import { waitForDrain } from '@wirestream/cli';
import { itemKeyFor } from '@wirestream/dedupe';
import { Enricher } from '@wirestream/enricher';
import { KafkaGateway, createKafkaClient, createLogger, createRedis, loadConfig } from '@wirestream/runtime';
import { createEnrichmentDeps } from '@wirestream/runtime/enrichment';
import { kafkaBrokers, uniquePrefix } from '../harness/services.js';
import { testConfig } from '../support/config.js';
import { readTopics, type ConsumedRecord } from '../support/topics.js';

const require = createRequire(import.meta.url);
const json = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

/** IPTC's ninjs 3.1 schema (shared/standards/ninjs), with the GeoJSON schema it refers to. */
function ninjs31(): ValidateFunction {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (formats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addMetaSchema(json(require.resolve('ajv/dist/refs/json-schema-draft-07.json')));
  ajv.addSchema(json(require.resolve('geojson-schema/GeoJSON.json')));
  return ajv.compile(
    json(fileURLToPath(new URL('../../../shared/standards/ninjs/ninjs-schema_3.1.json', import.meta.url))),
  );
}

const body = (text: string) => `<p>${text}</p><p>${text.split(' ').reverse().join(' ')}.</p>`;

function rawItem(feedId: string, guid: string, title: string, text: string): RawItemRecord {
  return {
    schemaVersion: 1,
    itemKey: itemKeyFor(feedId, guid),
    change: 'new',
    itemHash: itemKeyFor(feedId, text),
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
      link: `https://${feedId}.example/news/${guid}`,
      title,
      summary: null,
      contentHtml: body(text),
      authors: ['Anna Berg'],
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

const sanctions =
  'The European Union widened sanctions on Russian shipping companies on Tuesday, adding twelve tankers accused of carrying oil above the price cap to its list';
const storm =
  'A storm with gusts of up to 140 kilometres an hour swept across the Norwegian coast overnight, closing two motorways and leaving forty thousand homes without power';
const ITEMS = [
  rawItem('north-wire', 'nw-1', 'EU widens sanctions on Russian shipping', sanctions),
  rawItem('north-wire', 'nw-2', 'Storm cuts power on the coast', storm),
  // Another agency carries the same text: a copy, which has no ninjs item.
  rawItem('south-wire', 'sw-7', 'EU widens sanctions on Russian shipping', sanctions),
];

/** Runs a live enricher over ITEMS with `ninjs` on or off; returns what it published. */
async function publishThrough(
  ninjs: boolean,
): Promise<{ config: WirestreamConfig; records: ConsumedRecord[] }> {
  const prefix = uniquePrefix(`ninjs-${ninjs ? 'on' : 'off'}`);
  const config = testConfig(prefix, {
    enricher: { groupId: `${prefix}enricher`, ninjs },
    log: { level: 'warn' },
  });
  const logger = createLogger('warn');
  const kafka = new KafkaGateway(config.kafka, logger);
  await kafka.ensureTopics();
  const redis = createRedis(config.redis, logger);
  await redis.connect();
  const producer = await kafka.connectProducer();
  const enrichment = createEnrichmentDeps(config, redis);
  const enricher = new Enricher({ config, logger, kafka, producer, enrichment });
  const raw = createKafkaClient({ brokers: kafkaBrokers() }).producer({
    idempotent: true,
    maxInFlightRequests: 1,
  });
  try {
    await enricher.start();
    await raw.connect();
    for (const item of ITEMS) {
      await raw.send({
        topic: kafka.topic('news.raw.v1'),
        messages: [{ key: item.itemKey, value: JSON.stringify(item) }],
      });
      expect(await waitForDrain(kafka, config.enricher.groupId, 60_000)).toBe(true);
    }
    expect(enricher.stats).toMatchObject({ articles: 2, duplicates: 1, deadLettered: 0 });
    const topics = ['news.articles.v1', 'news.duplicates.v1', ARTICLES_NINJS_TOPIC.name].map((t) =>
      kafka.topic(t),
    );
    const records = await readTopics(kafkaBrokers(), topics, {
      until: (rs) =>
        rs.filter((r) => r.topic === topics[0]).length >= 2 && rs.some((r) => r.topic === topics[1]),
    });
    return { config, records: records.map((r) => ({ ...r, topic: r.topic.slice(prefix.length) })) };
  } finally {
    await raw.disconnect();
    await enricher.stop();
    await producer.disconnect();
    redis.disconnect();
    enrichment.tagger.close();
  }
}

describe('news.articles.ninjs.v1 with enricher.ninjs on', () => {
  let records: ConsumedRecord[];
  const on = (topic: string) => records.filter((r) => r.topic === topic);

  beforeAll(async () => {
    ({ records } = await publishThrough(true));
  });

  it('carries one valid ninjs 3.1 item per unique article, none for the copy', () => {
    const articles = on('news.articles.v1');
    const items = on(ARTICLES_NINJS_TOPIC.name);
    expect(articles).toHaveLength(2);
    expect(on('news.duplicates.v1')).toHaveLength(1);
    expect(items.map((r) => r.key).sort()).toEqual(articles.map((r) => r.key).sort());
    const check = ninjs31();
    for (const item of items) expect(check(item.value), JSON.stringify(check.errors)).toBe(true);
  });

  it('is the projection of the article published beside it, with its key and headers', () => {
    for (const item of on(ARTICLES_NINJS_TOPIC.name)) {
      const article = on('news.articles.v1').find((r) => r.key === item.key)!;
      expect(item.value).toEqual(toNinjs(article.value as ArticleRecord));
      expect(item.headers).toEqual({ ...article.headers, 'ws-schema': ARTICLES_NINJS_TOPIC.name });
      expect(item.value).toMatchObject({ uri: `urn:wirestream:article:${item.key}`, version: '1' });
    }
    const sanctionsItem = on(ARTICLES_NINJS_TOPIC.name).find((r) =>
      (r.value as { headlines: Array<{ value: string }> }).headlines[0]!.value.includes('sanctions'),
    )!;
    expect(
      (sanctionsItem.value as { subjects: Array<{ uri?: string }> }).subjects.map((s) => s.uri),
    ).toContain('http://cv.iptc.org/newscodes/mediatopic/20000642');
  });
});

describe('news.articles.ninjs.v1 with enricher.ninjs off (the default)', () => {
  it('is off unless one setting turns it on', () => {
    expect(loadConfig({ env: {} }).enricher.ninjs).toBe(false);
    expect(loadConfig({ env: { ENRICHER_NINJS: 'true' } }).enricher.ninjs).toBe(true);
  });

  it('receives nothing while the articles are published', async () => {
    const { config, records } = await publishThrough(false);
    expect(config.enricher.ninjs).toBe(false);
    expect(records.filter((r) => r.topic === 'news.articles.v1')).toHaveLength(2);
    expect(records.filter((r) => r.topic === ARTICLES_NINJS_TOPIC.name)).toEqual([]);
  });
});
