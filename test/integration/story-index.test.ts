/**
 * The story keys of the Redis dedupe index against a real Redis: one event told in three languages
 * is one story, decided alike by the Redis and the in-memory index, also when the three reports are
 * decided at the same moment; a redelivery gets the stored link again; keys carry the window; a
 * report whose signature left the window is no candidate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { MemoryDedupeIndex, type DedupeIndex } from '@wirestream/dedupe';
import { enrichRawItem, rawItemFromInput, type EnrichmentDeps } from '@wirestream/enrichment';
import { loadConfig } from '@wirestream/runtime';
import { RedisDedupeIndex } from '@wirestream/runtime/enrichment';
import { STORY_BUCKET_MS, StorySigner } from '@wirestream/story';
import { loadGazetteer, loadTagger } from '@wirestream/tagging';
import {
  HARD_NEGATIVE_ES_SAME_DAY,
  HARD_NEGATIVE_FR_DAY_BEFORE,
  LANDSLIDE_DE,
  LANDSLIDE_EN,
  LANDSLIDE_RU,
  type FixtureReport,
} from '../../packages/story/src/stories.fixtures.js';
import { redisUrl, uniquePrefix } from '../harness/services.js';

const at = new Date('2026-06-09T12:00:00Z');
const tagger = loadTagger();
const storySigner = new StorySigner(loadGazetteer());

function raw(r: FixtureReport, id = r.id) {
  return rawItemFromInput(
    {
      id,
      title: r.title,
      summary: r.summary,
      body: r.body,
      url: `https://${id}.example/story`,
      published: r.publishedAt,
      language: r.language,
      source: `agency-${r.language}`,
    },
    1,
    at,
  );
}

const depsWith = (dedupe: DedupeIndex): EnrichmentDeps => ({
  tagger,
  dedupe,
  storySigner,
  pipelineVersion: 'test',
  nearDuplicateThreshold: 0.3,
  futureToleranceMs: 3_600_000,
  now: () => at,
});

const verdict = (o: Awaited<ReturnType<typeof enrichRawItem>>) => ({
  status: o.article.dedupe.status,
  duplicateOf: o.article.dedupe.duplicateOf,
  evidence: o.article.dedupe.evidence,
  storyId: o.article.storyId,
});

async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 5000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found;
}

describe('story keys of the Redis dedupe index', () => {
  let redis: Redis;
  const prefixes: string[] = [];
  const config = () => {
    const prefix = uniquePrefix('story');
    prefixes.push(prefix);
    return {
      prefix,
      config: loadConfig({ env: {}, overrides: { redis: { url: redisUrl(), keyPrefix: prefix } } }),
    };
  };

  beforeAll(() => {
    redis = new Redis(redisUrl());
  });
  afterAll(async () => {
    for (const prefix of prefixes) {
      const keys = await keysUnder(redis, prefix);
      if (keys.length) await redis.del(...keys);
    }
    redis.disconnect();
  });

  it('links three languages into one story, keeps the hard negatives apart, like the in-memory index', async () => {
    const { config: c } = config();
    const live = depsWith(new RedisDedupeIndex(redis, c));
    const memory = depsWith(new MemoryDedupeIndex());
    const order = [
      HARD_NEGATIVE_FR_DAY_BEFORE,
      LANDSLIDE_EN,
      LANDSLIDE_DE,
      HARD_NEGATIVE_ES_SAME_DAY,
      LANDSLIDE_RU,
    ];
    const fromRedis = [];
    const fromMemory = [];
    for (const r of order) {
      fromRedis.push(verdict(await enrichRawItem(raw(r), live)));
      fromMemory.push(verdict(await enrichRawItem(raw(r), memory)));
    }
    expect(fromRedis).toEqual(fromMemory);
    const [fr, en, de, es, ru] = fromRedis;
    expect([fr!.status, en!.status, es!.status]).toEqual(['unique', 'unique', 'unique']);
    expect(de).toMatchObject({ status: 'same-story', storyId: en!.storyId });
    expect(ru).toMatchObject({ status: 'same-story', storyId: en!.storyId });
    expect(new Set([fr!.storyId, en!.storyId, es!.storyId]).size).toBe(3);
  });

  it('decides reports of one event that arrive at the same moment as one story, once', async () => {
    const { config: c } = config();
    const deps = depsWith(new RedisDedupeIndex(redis, c));
    // Enriched concurrently: their lookups go to Redis in one script call, the later ones find the
    // earlier ones claimed but undecided and wait for their decisions.
    const outcomes = await Promise.all(
      [LANDSLIDE_EN, LANDSLIDE_DE, LANDSLIDE_RU].map((r) => enrichRawItem(raw(r), deps)),
    );
    const statuses = outcomes.map((o) => o.article.dedupe.status);
    expect(statuses.filter((s) => s === 'unique')).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.article.storyId)).size).toBe(1);
  });

  it('gives a redelivered report the same link and evidence, and keeps its keys for the window', async () => {
    const { prefix, config: c } = config();
    const deps = depsWith(new RedisDedupeIndex(redis, c));
    await enrichRawItem(raw(LANDSLIDE_EN), deps);
    const first = await enrichRawItem(raw(LANDSLIDE_DE), deps);
    const again = await enrichRawItem(raw(LANDSLIDE_DE), deps);
    expect(again.decision.kind).toBe('redelivery');
    expect(again.article).toEqual(first.article);
    expect(again.link).toEqual(first.link);

    const windowMs = c.enricher.dedupeWindowDays * 86_400_000;
    const ssig = await redis.pttl(`${prefix}dd2:ssig:${first.article.id}`);
    expect(ssig).toBeGreaterThan(windowMs - 60_000);
    expect(ssig).toBeLessThanOrEqual(windowMs);
    const bucket = `${prefix}dd2:story:${Math.floor(Date.parse(first.article.publishedAt) / STORY_BUCKET_MS)}`;
    expect(await redis.hlen(bucket)).toBeGreaterThan(0);
    expect(await redis.pttl(bucket)).toBeLessThanOrEqual(windowMs);
  });

  it('does not link to a report whose signature has left the window', async () => {
    const { prefix, config: c } = config();
    const deps = depsWith(new RedisDedupeIndex(redis, c));
    const en = await enrichRawItem(raw(LANDSLIDE_EN), deps);
    await redis.del(`${prefix}dd2:ssig:${en.article.id}`);
    const de = await enrichRawItem(raw(LANDSLIDE_DE), deps);
    expect(de.article.dedupe.status).toBe('unique');
  });
});
