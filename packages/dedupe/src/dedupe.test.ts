import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BANDS,
  MemoryDedupeIndex,
  PERMUTATIONS,
  ROWS,
  articleIdFor,
  dedupeArticle,
  urlIdentity,
  bandKeys,
  contentHashOf,
  decide,
  decodeSignature,
  encodeSignature,
  estimateSimilarity,
  minhashSignature,
  type DedupeFacts,
} from './index.js';

const words = (text: string): string[] => text.toLowerCase().split(/\W+/).filter(Boolean);

const storyA = `The port authority said the cargo terminal would stay closed until Thursday while engineers
inspect the cranes damaged by the storm. Shipping companies diverted twelve vessels to a neighbouring
harbour, and freight forwarders warned of delays of up to a week for container deliveries. The regional
government promised emergency funds for repairs and asked insurers to speed up their assessments.
Local unions said dock workers would be paid during the closure.`;

const storyB = `The central bank left its key interest rate unchanged at four percent on Wednesday, citing
stubborn inflation in services and a labour market that remains tight. Two members of the rate committee
voted for a cut. Markets had expected the decision, and the currency barely moved after the announcement.
Economists now see the first reduction in the spring.`;

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

async function run(index: MemoryDedupeIndex, f: DedupeFacts) {
  const decision = decide(f, await index.lookup(f));
  if (decision.save) await index.save(decision.save);
  return decision;
}

describe('ids', () => {
  it('derives the id from the canonical URL, else from feed and guid', () => {
    const a = articleIdFor({ canonicalUrl: 'https://x.example/a', guid: 'g1', feedId: 'f1' });
    expect(a).toBe(articleIdFor({ canonicalUrl: 'https://x.example/a', guid: 'other', feedId: 'f2' }));
    expect(a).toMatch(/^a-[0-9a-f]{24}$/);
    expect(articleIdFor({ canonicalUrl: null, guid: 'g1', feedId: 'f1' })).not.toBe(
      articleIdFor({ canonicalUrl: null, guid: 'g1', feedId: 'f2' }),
    );
  });
});

describe('urlIdentity', () => {
  it('gives one id to the http/https and www/bare forms of a page, and keeps other hosts apart', () => {
    const id = (url: string): string => articleIdFor({ canonicalUrl: url, guid: null, feedId: 'f' });
    const a = id('https://www.depeches.example/monde/article_123.html');
    expect(id('https://depeches.example/monde/article_123.html')).toBe(a);
    expect(id('http://www.depeches.example/monde/article_123.html')).toBe(a);
    expect(id('https://news.depeches.example/monde/article_123.html')).not.toBe(a);
    expect(id('https://depeches.example/monde/article_124.html')).not.toBe(a);
    // "www.example" is a registrable name of its own, not a prefix
    expect(urlIdentity('https://www.example/a')).toBe('https://www.example/a');
    expect(urlIdentity('http://www.x.example:8443/a')).toBe('https://x.example:8443/a');
    // Ids of https URLs without www. are what they were before the folding: the hash of the URL itself.
    const url = 'https://depeches.example/monde/article_123.html';
    expect(id(url)).toBe(`a-${createHash('sha256').update(url).digest('hex').slice(0, 24)}`);
  });
});

describe('minhash', () => {
  it('estimates high similarity for a trimmed copy and low for another story', () => {
    const full = minhashSignature(words(storyA));
    const trimmed = minhashSignature(
      words(storyA.split('.').slice(0, 4).join('.') + '. Read more on our site.'),
    );
    const other = minhashSignature(words(storyB));
    expect(estimateSimilarity(full, trimmed)).toBeGreaterThan(0.5);
    expect(estimateSimilarity(full, other)).toBeLessThan(0.1);
    expect(estimateSimilarity(full, full)).toBe(1);
  });

  it('keeps the signatures of earlier releases, which are stored in Redis and published as fingerprints', () => {
    // Values of the release before signing was rewritten over typed arrays; a change here would make
    // every stored signature incomparable with new ones until the window has passed.
    const text = `Rail freight between the two northern ports resumed on Monday after engineers repaired
the signalling cable that thieves had cut at the weekend.`;
    const signature = minhashSignature(words(text));
    expect(signature).toHaveLength(PERMUTATIONS);
    expect(Array.from(signature.slice(0, 4))).toEqual([3002311035, 347875274, 1988406809, 3628938344]);
    expect(Array.from(signature.slice(-4))).toEqual([2708388361, 53952600, 4016215261, 1361779500]);
    expect(Array.from(minhashSignature(['one', 'two']).slice(0, 4))).toEqual([
      1560824257, 3201355792, 546920031, 2187451566,
    ]);
  });

  it('signs each text on its own, whatever was signed before it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 60 }),
        fc.array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 600 }),
        (first, second) => {
          const alone = minhashSignature(first);
          minhashSignature(second);
          expect(minhashSignature(first)).toEqual(alone);
          expect(minhashSignature([...first])).toEqual(alone);
        },
      ),
    );
  });

  it('makes a rewrite keeping most sentences a candidate through a shared band, and not another story', () => {
    const sentences = storyA.split('. ');
    const rewrite = [...sentences.slice(0, 3), 'Officials gave no date for a full reopening'].join('. ');
    const bands = (text: string): Set<string> => new Set(bandKeys(minhashSignature(words(text))));
    const original = bands(storyA);
    expect(original.size).toBe(BANDS);
    expect(BANDS * ROWS).toBeLessThanOrEqual(PERMUTATIONS);
    expect([...bands(rewrite)].some((k) => original.has(k))).toBe(true);
    expect([...bands(storyB)].some((k) => original.has(k))).toBe(false);
  });

  it('round-trips an encoded signature', () => {
    const signature = minhashSignature(words(storyB));
    expect(decodeSignature(encodeSignature(signature))).toEqual(signature);
    expect(decodeSignature('mh2:AAAA')).toBeNull();
    // Signatures of the earlier k-permutation scheme are not comparable and must not be decoded.
    expect(decodeSignature(encodeSignature(signature).replace('mh2:', 'mh1:'))).toBeNull();
  });
});

describe('decide', () => {
  it('marks the first copy unique and an exact copy under another URL a duplicate of it', async () => {
    const index = new MemoryDedupeIndex();
    const first = await run(index, facts('a-1', 'i-1', storyA));
    const copy = await run(index, facts('a-2', 'i-2', storyA));
    expect(first).toMatchObject({ status: 'unique', kind: 'new', duplicateOf: null });
    expect(copy).toMatchObject({
      status: 'duplicate',
      reason: 'same-content',
      duplicateOf: 'a-1',
      storyId: first.storyId,
    });
  });

  it('finds a trimmed copy with a new ending as a near-duplicate', async () => {
    const index = new MemoryDedupeIndex();
    await run(index, facts('a-1', 'i-1', storyA));
    const trimmed =
      storyA.split('.').slice(0, 4).join('.') + '. Copyright Example Wire. All rights reserved.';
    const near = await run(index, facts('a-2', 'i-2', trimmed));
    expect(near.status).toBe('near-duplicate');
    expect(near.duplicateOf).toBe('a-1');
    expect(near.similarity).toBeGreaterThan(0.3);
  });

  it('keeps a different story unique', async () => {
    const index = new MemoryDedupeIndex();
    await run(index, facts('a-1', 'i-1', storyA));
    expect((await run(index, facts('a-2', 'i-2', storyB))).status).toBe('unique');
  });

  it('gives a redelivered item the same decision, never a duplicate of itself', async () => {
    const index = new MemoryDedupeIndex();
    await run(index, facts('a-1', 'i-1', storyA));
    const dup = await run(index, facts('a-2', 'i-2', storyA));
    const again = await run(index, facts('a-1', 'i-1', storyA));
    const dupAgain = await run(index, facts('a-2', 'i-2', storyA));
    expect(again).toMatchObject({ kind: 'redelivery', status: 'unique', duplicateOf: null, revision: 1 });
    expect(dupAgain).toMatchObject({ kind: 'redelivery', status: dup.status, duplicateOf: 'a-1' });
  });

  it('publishes changed text of the same item as a higher revision, not a duplicate', async () => {
    const index = new MemoryDedupeIndex();
    await run(index, facts('a-1', 'i-1', storyA));
    const updated = await run(index, facts('a-1', 'i-1', `${storyA} The terminal reopened on Wednesday.`));
    expect(updated).toMatchObject({ kind: 'update', status: 'unique', revision: 2 });
    const updatedAgain = await run(
      index,
      facts('a-1', 'i-1', `${storyA} The terminal reopened on Wednesday.`),
    );
    expect(updatedAgain).toMatchObject({ kind: 'redelivery', revision: 2 });
  });

  it('calls a second feed linking the same page a same-url duplicate', async () => {
    const index = new MemoryDedupeIndex();
    await run(index, facts('a-1', 'i-1', storyA));
    const other = await run(index, facts('a-1', 'i-9', storyA));
    expect(other).toMatchObject({
      kind: 'copy',
      status: 'duplicate',
      reason: 'same-url',
      duplicateOf: 'a-1',
      save: null,
    });
  });

  it('waits for an article another worker is still deciding, so a copy of a copy joins the root story', async () => {
    const index = new MemoryDedupeIndex();
    const root = await run(index, facts('a-1', 'i-1', storyA));
    const trimmed = storyA.split('.').slice(0, 4).join('.') + '. Copyright Example Wire.';
    // Worker 1 has looked up a near copy but not saved its decision yet…
    const first = facts('a-2', 'i-2', trimmed);
    const firstDecision = decide(first, await index.lookup(first));
    expect(firstDecision.storyId).toBe(root.storyId);
    // …when worker 2 sees an exact copy of that near copy: it must not start a story named after a-2.
    const second = dedupeArticle(index, facts('a-3', 'i-3', trimmed), undefined, { attempts: 4, delayMs: 2 });
    setTimeout(() => void index.save(firstDecision.save!), 1);
    expect(await second).toMatchObject({ status: 'duplicate', duplicateOf: 'a-1', storyId: root.storyId });
  });

  it('lets the original that arrives after its stored copy stay the original, not a copy of its copy', async () => {
    // A replay restoring what consumers have can store a copy before its original is read again.
    const index = new MemoryDedupeIndex();
    const storyId = 'story-of-a-1';
    const trimmed = storyA.split('.').slice(0, 4).join('.') + '. Copyright Example Wire.';
    for (const [id, text, status] of [
      ['a-2', storyA, 'duplicate'],
      ['a-3', trimmed, 'near-duplicate'],
    ] as const) {
      const f = facts(id, `i-${id}`, text);
      await index.lookup(f);
      const d = decide(f, await index.lookup(f));
      await index.save({ ...d.save!, status, duplicateOf: 'a-1', reason: 'same-content', storyId });
    }
    const original = await run(index, facts('a-1', 'i-1', storyA));
    expect(original).toMatchObject({ kind: 'new', status: 'unique', duplicateOf: null });
    // Another copy arriving later joins the original's story through either stored copy.
    const late = await run(index, facts('a-4', 'i-4', storyA));
    expect(late).toMatchObject({ status: 'duplicate', duplicateOf: 'a-1', storyId });
  });

  it('takes the decision as it stands when the other worker never saves', async () => {
    const index = new MemoryDedupeIndex();
    const lost = facts('a-1', 'i-1', storyA);
    await index.lookup(lost);
    const copy = await dedupeArticle(index, facts('a-2', 'i-2', storyA), undefined, {
      attempts: 2,
      delayMs: 1,
    });
    expect(copy).toMatchObject({ status: 'duplicate', duplicateOf: 'a-1', pendingOn: 'a-1' });
  });
});

describe('two items with the same URL decided at the same moment', () => {
  it('makes the second a same-url copy of the first, never a second "unique" under one id', async () => {
    const index = new MemoryDedupeIndex();
    const a = facts('a-same', 'i-section-1', storyA);
    const b = facts('a-same', 'i-section-2', storyA);
    // Both look up before either saves, as two enrichers on two partitions would.
    const [snapA, snapB] = [await index.lookup(a), await index.lookup(b)];
    const first = decide(a, snapA);
    const second = decide(b, snapB);
    expect(first).toMatchObject({ status: 'unique', kind: 'new' });
    expect(second).toMatchObject({
      kind: 'copy',
      status: 'duplicate',
      reason: 'same-url',
      duplicateOf: 'a-same',
    });
    expect(second.pendingOn).toBe('a-same');
    await index.save(first.save!);
    // A redelivery of the first item, after its decision was saved, gets that decision back.
    expect(decide(a, await index.lookup(a))).toMatchObject({ kind: 'redelivery', status: 'unique' });
  });
});
