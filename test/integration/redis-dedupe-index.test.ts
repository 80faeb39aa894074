import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import {
  bandKeys,
  contentHashOf,
  decide,
  minhashSignature,
  type DedupeFacts,
  type DedupeIndex,
} from '@wirestream/dedupe';
import { RedisDedupeIndex } from '@wirestream/enricher';
import { loadConfig } from '@wirestream/runtime';
import { redisUrl, uniquePrefix } from '../harness/services.js';

const words = (text: string): string[] => text.toLowerCase().split(/\W+/).filter(Boolean);
const story = `Rail freight between the two northern ports resumed on Monday after engineers repaired the
signalling cable that thieves had cut at the weekend. Operators said about forty trains had been held
back and that the backlog would take until Thursday to clear. The transport ministry said it would
fund cameras along the most exposed stretches and asked police to step up patrols near the depots.`;
const third = `Fishermen on the southern coast were told to keep their boats in harbour for a second day
as the weather service extended its gale warning. Ferries to the islands were cancelled and the coast
guard said it had towed two yachts to safety overnight, with nobody hurt.`;
const fourth = `The city council approved a plan to plant twelve thousand trees along its main roads over
the next five years, paid for by a tax on new car parks. Opposition members called the levy a burden
on shops, while residents' groups welcomed the shade the trees would bring in summer.`;
const other = `The national statistics office said consumer prices rose by two point one percent in the
year to October, slightly less than in September, as cheaper fuel offset dearer food and rents.`;

function facts(id: string, item: string, text: string): DedupeFacts {
  const signature = minhashSignature(words(text));
  return {
    articleId: id,
    itemKey: item,
    contentHash: contentHashOf({ title: '', summary: '', body: words(text).join(' ') }),
    signature,
    bandKeys: bandKeys(signature),
  };
}

async function run(index: DedupeIndex, f: DedupeFacts) {
  const decision = decide(f, await index.lookup(f));
  if (decision.save) await index.save(decision.save);
  return decision;
}

describe('RedisDedupeIndex against real Redis', () => {
  let redis: Redis;
  let index: RedisDedupeIndex;
  let prefix: string;

  beforeAll(async () => {
    redis = new Redis(redisUrl());
    prefix = uniquePrefix('dedupe');
    index = new RedisDedupeIndex(
      redis,
      loadConfig({ env: {}, overrides: { redis: { url: redisUrl(), keyPrefix: prefix } } }),
    );
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('decides unique, exact copy, near copy and a different story like the in-memory index', async () => {
    const first = await run(index, facts('a-r1', 'i-r1', story));
    const copy = await run(index, facts('a-r2', 'i-r2', story));
    const trimmed = await run(
      index,
      facts('a-r3', 'i-r3', `${story.split('.').slice(0, 2).join('.')}. Copyright Example Wire.`),
    );
    const different = await run(index, facts('a-r4', 'i-r4', other));
    expect(first).toMatchObject({ status: 'unique', kind: 'new' });
    expect(copy).toMatchObject({
      status: 'duplicate',
      reason: 'same-content',
      duplicateOf: 'a-r1',
      storyId: first.storyId,
    });
    expect(trimmed).toMatchObject({ status: 'near-duplicate', duplicateOf: 'a-r1', storyId: first.storyId });
    expect(different.status).toBe('unique');
    expect(different.storyId).not.toBe(first.storyId);
  });

  it('gives a redelivery the same decision and an update a higher revision', async () => {
    await run(index, facts('a-u1', 'i-u1', third));
    const again = await run(index, facts('a-u1', 'i-u1', third));
    const updated = await run(index, facts('a-u1', 'i-u1', `${third} The warning was lifted at noon.`));
    expect(again).toMatchObject({ kind: 'redelivery', status: 'unique', revision: 1 });
    expect(updated).toMatchObject({ kind: 'update', status: 'unique', revision: 2 });
  });

  it('lets exactly one of two racing copies win, so two enrichers never both publish a story', async () => {
    const text = fourth;
    const [a, b] = await Promise.all([
      (async () => decide(facts('a-x1', 'i-x1', text), await index.lookup(facts('a-x1', 'i-x1', text))))(),
      (async () => decide(facts('a-x2', 'i-x2', text), await index.lookup(facts('a-x2', 'i-x2', text))))(),
    ]);
    expect([a.status, b.status].sort()).toEqual(['duplicate', 'unique']);
  });

  it('expires entries after the dedupe window', async () => {
    await run(
      index,
      facts('a-t1', 'i-t1', 'a short text that exists only to check the time to live of keys'),
    );
    const ttl = await redis.ttl(`${prefix}dd:art:a-t1`);
    expect(ttl).toBeGreaterThan(6 * 86_400);
    expect(ttl).toBeLessThanOrEqual(7 * 86_400);
  });
});
