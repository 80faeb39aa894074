import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import {
  bandKeys,
  contentHashOf,
  decide,
  dedupeArticle,
  minhashSignature,
  type DedupeFacts,
  type DedupeIndex,
} from '@wirestream/dedupe';
import { loadConfig } from '@wirestream/runtime';
import { RedisDedupeIndex } from '@wirestream/runtime/enrichment';
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
const fifth = `Hospitals in the eastern province postponed planned operations for a week after a
ransomware attack locked their patient records. The health ministry said emergency departments stayed
open and were working from paper files. Investigators from the national cyber agency were on site and
had traced the intrusion to a compromised supplier account. No ransom would be paid, the minister said.
Patients whose appointments were cancelled would be contacted by letter.`;
const sixth = `The airline grounded its fleet of regional turboprops on Friday to inspect the propeller hubs
after a crack was found during routine maintenance. About sixty flights were cancelled and passengers
were rebooked onto partner carriers, a spokesperson said.`;
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

/**
 * The keys under a prefix, by SCAN: KEYS would hold the shared Redis for the whole keyspace at once
 * (tens of milliseconds with other runs' keys in it), and the window test asks again and again.
 */
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
    const keys = await keysUnder(redis, prefix);
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

  it('never publishes two "unique" decisions for one article id when two items with its URL race', async () => {
    // A text of its own, so the only relation between the three is their shared URL.
    const text = `Volunteers counted nine hundred migrating cranes on the lake shore at dawn, the highest number
since records began, and the reserve asked visitors to keep their dogs on a lead until the end of the month.`;
    const decisions = await Promise.all(
      ['i-sec-1', 'i-sec-2', 'i-sec-3'].map((item) => dedupeArticle(index, facts('a-url-race', item, text))),
    );
    expect(decisions.filter((d) => d.status === 'unique')).toHaveLength(1);
    for (const d of decisions.filter((x) => x.status !== 'unique')) {
      expect(d).toMatchObject({ reason: 'same-url', duplicateOf: 'a-url-race' });
    }
  });

  it('expires entries after the dedupe window', async () => {
    await run(
      index,
      facts('a-t1', 'i-t1', 'a short text that exists only to check the time to live of keys'),
    );
    const ttl = await redis.ttl(`${prefix}dd2:art:a-t1`);
    expect(ttl).toBeGreaterThan(6 * 86_400);
    expect(ttl).toBeLessThanOrEqual(7 * 86_400);
  });

  it('gives every key it writes a time to live of at most the window (bands: three windows)', async () => {
    const ownPrefix = uniquePrefix('dedupe-ttl');
    const own = new RedisDedupeIndex(
      redis,
      loadConfig({ env: {}, overrides: { redis: { url: redisUrl(), keyPrefix: ownPrefix } } }),
    );
    await run(own, facts('a-k1', 'i-k1', story));
    await run(own, facts('a-k2', 'i-k2', story));
    await run(own, facts('a-k3', 'i-k3', `${story} Freight operators welcomed the cameras.`));
    await own.lookup(
      facts('a-k4', 'i-k4', 'claimed and never saved, as after a crash between lookup and save'),
    );
    const keys = await keysUnder(redis, ownPrefix);
    expect(keys.some((k) => k.includes(':bands:'))).toBe(true);
    expect(keys.some((k) => k.includes(':sig:'))).toBe(true);
    for (const key of keys) {
      const ttl = await redis.pttl(key);
      expect(ttl, key).toBeGreaterThan(0);
      expect(ttl, key).toBeLessThanOrEqual((key.includes(':bands:') ? 3 : 1) * 7 * 86_400_000);
    }
    await redis.del(...keys);
  });

  it('sends the lookups and the saves made together as one script call each', async () => {
    const batchPrefix = uniquePrefix('dedupe-batch');
    const counted = new Redis(redisUrl());
    const batched = new RedisDedupeIndex(
      counted,
      loadConfig({ env: {}, overrides: { redis: { url: redisUrl(), keyPrefix: batchPrefix } } }),
    );
    // Once alone, so that Redis knows both scripts and no call below falls back from EVALSHA to EVAL.
    await dedupeArticle(batched, facts('a-b-first', 'i-b-first', other));
    const scriptCalls: string[] = [];
    const send = counted.sendCommand.bind(counted);
    counted.sendCommand = ((command: { name: string }, ...rest: unknown[]) => {
      if (command.name === 'evalsha' || command.name === 'eval') scriptCalls.push(command.name);
      return (send as (...args: unknown[]) => unknown)(command, ...rest);
    }) as typeof counted.sendCommand;
    const texts = [story, third, fourth, fifth, sixth];
    const decisions = await Promise.all(
      texts.map((t, i) => dedupeArticle(batched, facts(`a-b${i}`, `i-b${i}`, t))),
    );
    expect(decisions.map((d) => d.status)).toEqual(texts.map(() => 'unique'));
    expect(scriptCalls).toEqual(['evalsha', 'evalsha']);
    const keys = await keysUnder(redis, batchPrefix);
    if (keys.length) await redis.del(...keys);
    counted.disconnect();
  });

  it('forgets articles once the window has passed: a later copy is unique again', async () => {
    const shortPrefix = uniquePrefix('dedupe-window');
    const short = new RedisDedupeIndex(
      redis,
      loadConfig({
        env: {},
        overrides: {
          redis: { url: redisUrl(), keyPrefix: shortPrefix },
          enricher: { dedupeWindowDays: 1 / 86_400 },
        },
      }),
    );
    const first = await run(short, facts('a-w1', 'i-w1', story));
    expect(first.status).toBe('unique');
    expect(await redis.exists(`${shortPrefix}dd2:art:a-w1`)).toBe(1);
    const deadline = Date.now() + 10_000;
    while ((await keysUnder(redis, shortPrefix)).length > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect(await keysUnder(redis, shortPrefix)).toEqual([]);
    const later = await run(short, facts('a-w2', 'i-w2', story));
    expect(later).toMatchObject({ status: 'unique', duplicateOf: null });
    expect(later.storyId).not.toBe(first.storyId);
  });

  it("puts a near copy of a near copy in the root's story, pointing at the root", async () => {
    const sentences = fifth.split('. ');
    const root = await run(index, facts('a-n1', 'i-n1', fifth));
    // Each generation drops one more sentence and gains a different credit line.
    const child = `${sentences.slice(0, -1).join('. ')}. Reporting by the Example Wire desk.`;
    const grandchild = `${sentences.slice(1, -1).join('. ')}. Reporting by the health desk, editing by the night editor.`;
    const near = await run(index, facts('a-n2', 'i-n2', child));
    const nearOfNear = await run(index, facts('a-n3', 'i-n3', grandchild));
    expect(near).toMatchObject({ status: 'near-duplicate', duplicateOf: 'a-n1', storyId: root.storyId });
    expect(nearOfNear).toMatchObject({
      status: 'near-duplicate',
      duplicateOf: 'a-n1',
      storyId: root.storyId,
    });
  });

  it('reads stored entries back, and null for an article that is claimed but not decided', async () => {
    await run(index, facts('a-e1', 'i-e1', 'entries are read back in one pipelined round trip for settling'));
    await index.lookup(facts('a-e2', 'i-e2', 'an article whose worker stopped between lookup and save'));
    const entries = await index.entries(['a-e1', 'a-e2', 'a-e-none']);
    expect(entries.get('a-e1')).toMatchObject({ articleId: 'a-e1', status: 'unique', revision: 1 });
    expect(entries.get('a-e2')).toBeNull();
    expect(entries.get('a-e-none')).toBeNull();
  });

  it('settles racing copies of a copy into one story', async () => {
    const base = `${sixth} Inspections were expected to take until Sunday.`;
    const root = await run(index, facts('a-s0', 'i-s0', base));
    const trimmed = `${sixth} Copyright Example Wire.`;
    // Many workers at once on copies of one near copy: whoever claims first, all end in the root's story.
    const decisions = await Promise.all(
      Array.from({ length: 6 }, (_, i) => dedupeArticle(index, facts(`a-s${i + 1}`, `i-s${i + 1}`, trimmed))),
    );
    expect(decisions.filter((d) => d.status === 'near-duplicate')).toHaveLength(1);
    expect(decisions.filter((d) => d.status === 'duplicate')).toHaveLength(5);
    for (const d of decisions) expect(d).toMatchObject({ duplicateOf: 'a-s0', storyId: root.storyId });
  });

  it('works beside the keys earlier releases left in the window', async () => {
    const f = facts(
      'a-o1',
      'i-o1',
      'keys of the layouts from before the upgrade must not break a lookup of this text',
    );
    // Band sets, band strings, a signature, a decided article and a content owner of the older layouts.
    for (const band of f.bandKeys) {
      await redis.sadd(`${prefix}dd:band:${band}`, 'a-old');
      await redis.set(`${prefix}dd:band1:${band}`, 'a-old');
    }
    await redis.set(`${prefix}dd:sig:a-old`, 'mh2:AAAA');
    await redis.hset(`${prefix}dd:art:a-o1`, { articleId: 'a-o1', itemKey: 'i-other', status: 'unique' });
    await redis.set(`${prefix}dd:content:${f.contentHash}`, 'a-old');
    const decision = await run(index, f);
    expect(decision).toMatchObject({ kind: 'new', status: 'unique', duplicateOf: null });
    expect(await run(index, f)).toMatchObject({ kind: 'redelivery', status: 'unique' });
  });
});
