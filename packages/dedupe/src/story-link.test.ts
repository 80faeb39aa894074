import { describe, expect, it } from 'vitest';
import { storyPlacement, StorySigner } from '@wirestream/story';
import {
  FIXTURE_TAGS,
  HARD_NEGATIVE_ES_SAME_DAY,
  HARD_NEGATIVE_FR_DAY_BEFORE,
  LANDSLIDE_DE,
  LANDSLIDE_EN,
  LANDSLIDE_RU,
  type FixtureReport,
} from '../../story/src/stories.fixtures.js';
import {
  MemoryDedupeIndex,
  bandKeys,
  contentHashOf,
  decide,
  dedupeArticle,
  minhashSignature,
  storyIdFor,
  type DedupeFacts,
  type StoredArticle,
} from './index.js';

const signer = new StorySigner();
const words = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

function facts(report: FixtureReport, id = `a-${report.id}`, item = `i-${report.id}`): DedupeFacts {
  const signature = minhashSignature(words(report.body));
  const story = signer.sign(report, FIXTURE_TAGS);
  return {
    articleId: id,
    itemKey: item,
    contentHash: contentHashOf({ title: '', summary: '', body: words(report.body).join(' ') }),
    signature,
    bandKeys: bandKeys(signature),
    story: { signature: story, ...storyPlacement(story) },
  };
}

describe('cross-lingual story links in the dedupe decision', () => {
  it('links the German and the Russian report to the story of the English one, with evidence', async () => {
    const index = new MemoryDedupeIndex();
    const en = await dedupeArticle(index, facts(LANDSLIDE_EN));
    expect(en.status).toBe('unique');
    const de = await dedupeArticle(index, facts(LANDSLIDE_DE));
    expect(de).toMatchObject({
      kind: 'new',
      status: 'same-story',
      reason: 'shared-facts',
      duplicateOf: 'a-landslide-en',
      storyId: en.storyId,
      similarity: null,
    });
    expect(de.evidence).toMatchObject({ matched: 'a-landslide-en', language: 'en', hoursApart: 1.4 });
    expect(de.evidence!.shared.map((s) => s.kind)).toEqual(
      expect.arrayContaining(['country', 'figure', 'time']),
    );
    const ru = await dedupeArticle(index, facts(LANDSLIDE_RU));
    expect(ru.status).toBe('same-story');
    expect(ru.storyId).toBe(en.storyId);
    // Linked to the story's first report, whichever report it matched best.
    expect(ru.duplicateOf).toBe('a-landslide-en');
  });

  it('gives a redelivered report the stored link and evidence again', async () => {
    const index = new MemoryDedupeIndex();
    await dedupeArticle(index, facts(LANDSLIDE_EN));
    const first = await dedupeArticle(index, facts(LANDSLIDE_DE));
    const again = await dedupeArticle(index, facts(LANDSLIDE_DE));
    expect(again.kind).toBe('redelivery');
    expect({ ...again, kind: 'new', save: null }).toEqual({ ...first, save: null });
  });

  it('keeps hard negatives in other languages apart: the day before, and the same day elsewhere', async () => {
    const index = new MemoryDedupeIndex();
    await dedupeArticle(index, facts(HARD_NEGATIVE_FR_DAY_BEFORE));
    const en = await dedupeArticle(index, facts(LANDSLIDE_EN));
    expect(en.status).toBe('unique');
    const es = await dedupeArticle(index, facts(HARD_NEGATIVE_ES_SAME_DAY));
    expect(es.status).toBe('unique');
    expect(new Set([en.storyId, es.storyId]).size).toBe(2);
  });

  it('makes a same-language copy of a linked report a copy of that report, in the story', async () => {
    const index = new MemoryDedupeIndex();
    const en = await dedupeArticle(index, facts(LANDSLIDE_EN));
    await dedupeArticle(index, facts(LANDSLIDE_DE));
    const copy = await dedupeArticle(index, facts(LANDSLIDE_DE, 'a-republished-de', 'i-republished-de'));
    expect(copy).toMatchObject({
      status: 'duplicate',
      reason: 'same-content',
      duplicateOf: 'a-landslide-de',
      storyId: en.storyId,
    });
  });

  it('prefers a copy in the same language over a story link', async () => {
    const index = new MemoryDedupeIndex();
    await dedupeArticle(index, facts(LANDSLIDE_EN));
    const trimmed = { ...LANDSLIDE_EN, body: LANDSLIDE_EN.body.split('\n\n').slice(0, 3).join('\n\n') };
    const near = await dedupeArticle(index, facts(trimmed, 'a-trimmed', 'i-trimmed'));
    expect(near.status).toBe('near-duplicate');
  });

  it('waits for a matched report that is still being decided (pendingOn)', () => {
    const en = facts(LANDSLIDE_EN);
    const de = facts(LANDSLIDE_DE);
    const pending: StoredArticle = {
      articleId: en.articleId,
      itemKey: en.itemKey,
      contentHash: '',
      revision: 1,
      status: 'unique',
      duplicateOf: null,
      reason: null,
      similarity: null,
      storyId: '',
      pending: true,
    };
    const snapshot = {
      self: null,
      contentOwner: { articleId: de.articleId, entry: null },
      candidates: [],
      storyCandidates: [{ articleId: en.articleId, story: en.story!.signature, entry: pending }],
    };
    const decision = decide(de, snapshot);
    expect(decision.status).toBe('same-story');
    expect(decision.pendingOn).toBe(en.articleId);
    const settled = decide(de, {
      ...snapshot,
      storyCandidates: [
        {
          ...snapshot.storyCandidates[0]!,
          entry: { ...pending, pending: false, storyId: storyIdFor(en.articleId) },
        },
      ],
    });
    expect(settled.pendingOn).toBeNull();
    expect(settled.storyId).toBe(storyIdFor(en.articleId));
  });

  it('does not link without a story signature', async () => {
    const index = new MemoryDedupeIndex();
    await dedupeArticle(index, { ...facts(LANDSLIDE_EN), story: undefined });
    const { story: _none, ...bare } = facts(LANDSLIDE_DE);
    expect((await dedupeArticle(index, bare)).status).toBe('unique');
  });
});
