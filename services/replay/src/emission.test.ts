import { describe, expect, it } from 'vitest';
import { decideEmission, type Reprocessed } from './emission.js';
import type { PublishedArticle } from './published-index.js';

const published = (over: Partial<PublishedArticle> = {}): PublishedArticle => ({
  revision: 2,
  contentHash: 'c-now',
  tags: ['topic:trade'],
  digest: 'd-old',
  fetchedAt: 1_000,
  contentHashes: new Set(['c-before', 'c-now']),
  ...over,
});

const item = (over: Partial<Reprocessed> = {}): Reprocessed => ({
  contentHash: 'c-now',
  digest: 'd-old',
  fetchedAt: 1_000,
  decision: { kind: 'redelivery', revision: 2 },
  ...over,
});

describe('decideEmission', () => {
  it('leaves an article alone when text and tags are what consumers have', () => {
    expect(decideEmission(item(), published(), { reissue: false })).toEqual({
      action: 'unchanged',
      why: 'same',
    });
  });

  it('re-publishes one revision up, saying why, when only the tags changed', () => {
    expect(decideEmission(item({ digest: 'd-new' }), published(), { reissue: false })).toEqual({
      action: 'updated',
      revision: 3,
      reason: 'tags-changed',
    });
  });

  it('counts from the higher of the published and the live index revision', () => {
    // The live index already stands at 4 for another text: that text is newer than the scan saw.
    expect(
      decideEmission(item({ decision: { kind: 'update', revision: 5 } }), published(), { reissue: false }),
    ).toEqual({ action: 'unchanged', why: 'superseded' });
    // The index was forgotten (kind new): the published revision is the base.
    expect(
      decideEmission(item({ digest: 'd-new', decision: { kind: 'new', revision: 1 } }), published(), {
        reissue: false,
      }),
    ).toEqual({ action: 'updated', revision: 3, reason: 'tags-changed' });
  });

  it('never publishes an older text over a newer one, not even on reissue', () => {
    for (const reissue of [false, true]) {
      expect(decideEmission(item({ contentHash: 'c-before' }), published(), { reissue })).toEqual({
        action: 'unchanged',
        why: 'superseded',
      });
      expect(
        decideEmission(item({ contentHash: 'c-other', fetchedAt: 500 }), published(), { reissue }),
      ).toEqual({ action: 'unchanged', why: 'superseded' });
    }
  });

  it('publishes a newer text that consumers never got as a content change', () => {
    expect(
      decideEmission(
        item({ contentHash: 'c-newer', fetchedAt: 2_000, decision: { kind: 'update', revision: 3 } }),
        published(),
        {
          reissue: false,
        },
      ),
    ).toEqual({ action: 'updated', revision: 3, reason: 'content-changed' });
  });

  it('publishes what was never published as new, at the revision the dedupe step gave', () => {
    expect(
      decideEmission(item({ decision: { kind: 'new', revision: 1 } }), undefined, { reissue: false }),
    ).toEqual({
      action: 'new',
      revision: 1,
      reason: null,
    });
  });

  it('re-issues an unchanged article at its own revision', () => {
    expect(decideEmission(item(), published(), { reissue: true })).toEqual({
      action: 'reissued',
      revision: 2,
      reason: 'reissue',
    });
    // Known only to the live index (published before the scan): its revision is kept.
    expect(
      decideEmission(item({ decision: { kind: 'redelivery', revision: 4 } }), undefined, { reissue: true }),
    ).toEqual({
      action: 'reissued',
      revision: 4,
      reason: 'reissue',
    });
    expect(decideEmission(item(), undefined, { reissue: false })).toEqual({
      action: 'unchanged',
      why: 'untracked',
    });
  });
});
