import { describe, expect, it } from 'vitest';
import type { RawItemRecord } from '@wirestream/contract';
import { MemoryDedupeIndex, type DedupeIndex } from '@wirestream/dedupe';
import type { EnrichmentDeps } from '@wirestream/enrichment';
import { createLogger, type ConsumedMessage } from '@wirestream/runtime';
import { OutcomeRouter, type RoutingStats } from './outcome-router.js';
import { DedupeUnavailableError } from './positioned-index.js';

const tagger: EnrichmentDeps['tagger'] = {
  tag: () => ({
    subjects: [],
    topics: [],
    countries: [],
    people: [],
    organizations: [],
    bilateral: [],
    taxonomyVersion: 'test',
  }),
  explain: () => {
    throw new Error('not used');
  },
  taxonomyVersion: 'test',
};

function rawItem(
  guid: string,
  body = '<p>The port authority said the terminal would stay closed until Thursday.</p>',
): RawItemRecord {
  return {
    schemaVersion: 1,
    itemKey: `item-${guid}`,
    change: 'new',
    itemHash: `hash-${guid}`,
    feed: {
      id: 'router-test',
      agency: 'Router Wire',
      name: 'Router Wire',
      url: 'http://router.example/feed',
      format: 'rss',
      title: null,
      languageHint: 'en',
    },
    item: {
      guid,
      link: `https://router.example/story/${guid}`,
      title: `Harbour cranes inspected after storm ${guid}`,
      summary: 'Engineers inspect two cranes.',
      contentHtml: body,
      authors: [],
      categories: [],
      published: new Date().toUTCString(),
      updated: null,
      language: 'en',
      media: [],
    },
    fetchedAt: new Date().toISOString(),
    http: {
      status: 200,
      finalUrl: 'http://router.example/feed',
      contentType: 'application/rss+xml',
      etag: null,
      lastModified: null,
    },
  };
}

const message = (offset: number, key: string, value: string): ConsumedMessage => ({
  key: Buffer.from(key),
  value: Buffer.from(value),
  offset: String(offset),
  timestamp: String(Date.now()),
});

function router(dedupe: DedupeIndex = new MemoryDedupeIndex()): {
  router: OutcomeRouter;
  stats: RoutingStats;
} {
  const stats: RoutingStats = { articles: 0, duplicates: 0, deadLettered: 0, repeats: 0 };
  const enrichment: EnrichmentDeps = {
    tagger,
    dedupe,
    pipelineVersion: 'test',
    futureToleranceMs: 600_000,
    nearDuplicateThreshold: 0.8,
  };
  return { router: new OutcomeRouter({ logger: createLogger('silent'), enrichment }, stats), stats };
}

describe('OutcomeRouter', () => {
  it('routes an enriched item to news.articles.v1', async () => {
    const { router: r, stats } = router();
    const raw = rawItem('a');
    const batches = await r.route('raw', 0, message(5, raw.itemKey, JSON.stringify(raw)));
    expect(batches.map((b) => b.spec.name)).toEqual(['news.articles.v1']);
    expect(batches[0]!.records).toHaveLength(1);
    expect(stats).toEqual({ articles: 1, duplicates: 0, deadLettered: 0, repeats: 0 });
  });

  it('dead-letters a record it cannot read, with where it came from, and carries on', async () => {
    const { router: r, stats } = router();
    const [letter, ...rest] = await r.route('raw', 3, message(7, 'k1', '{"schemaVersion": 1, '));
    expect(rest).toEqual([]);
    expect(letter!.spec.name).toBe('news.dlq.v1');
    expect(letter!.records[0]!.key).toBe('k1');
    expect(letter!.records[0]!.value).toMatchObject({
      stage: 'validate',
      source: { topic: 'raw', partition: 3, offset: '7', key: 'k1' },
    });
    expect(stats.deadLettered).toBe(1);
  });

  it('drops the same item sent again from another offset, and publishes it again when delivered again', async () => {
    const { router: r, stats } = router();
    const raw = rawItem('b');
    const value = JSON.stringify(raw);
    expect(await r.route('raw', 0, message(1, raw.itemKey, value))).not.toEqual([]);
    expect(await r.route('raw', 0, message(2, raw.itemKey, value))).toEqual([]);
    expect(stats.repeats).toBe(1);
    // The first record again (its outputs were not committed): published again.
    expect(await r.route('raw', 0, message(1, raw.itemKey, value))).not.toEqual([]);
  });

  it('throws, rather than dead-letters, while the dedupe index is away', async () => {
    const down = new Proxy(new MemoryDedupeIndex(), {
      get: (target, name) =>
        typeof (target as unknown as Record<string | symbol, unknown>)[name] === 'function'
          ? () => Promise.reject(new Error('connection refused'))
          : (target as unknown as Record<string | symbol, unknown>)[name],
    });
    const { router: r, stats } = router(down);
    const raw = rawItem('c');
    await expect(r.route('raw', 0, message(1, raw.itemKey, JSON.stringify(raw)))).rejects.toBeInstanceOf(
      DedupeUnavailableError,
    );
    expect(stats.deadLettered).toBe(0);
  });

  it('enriches a chunk with the records of one key one after another, merged per topic', async () => {
    const { router: r, stats } = router();
    const a = rawItem('d');
    const b = rawItem(
      'e',
      '<p>Council members voted to extend the library opening hours across all districts next spring.</p>',
    );
    const merged = await r.routeChunk('raw', 0, [
      message(1, a.itemKey, JSON.stringify(a)),
      message(2, b.itemKey, JSON.stringify(b)),
      message(3, a.itemKey, JSON.stringify(a)),
    ]);
    expect(merged.map((batch) => [batch.spec.name, batch.records.length])).toEqual([['news.articles.v1', 2]]);
    expect(stats).toMatchObject({ articles: 2, repeats: 1 });
  });
});
