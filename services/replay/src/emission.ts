import type { DecisionKind } from '@wirestream/dedupe';
import type { PublishedArticle } from './published-index.js';

/** One re-enriched unique article, as far as the publish decision needs it. */
export interface Reprocessed {
  contentHash: string;
  digest: string;
  fetchedAt: number;
  /** The dedupe index's view: what it decided and which revision that gives. */
  decision: { kind: DecisionKind; revision: number };
}

export type Emission =
  | { action: 'new'; revision: number; reason: null }
  | { action: 'updated'; revision: number; reason: 'tags-changed' | 'content-changed' }
  | { action: 'reissued'; revision: number; reason: 'reissue' }
  | {
      action: 'unchanged';
      /** same: what consumers have; superseded: an older text; untracked: published before the scan, only the text could be compared. */
      why: 'same' | 'superseded' | 'untracked';
    };

/**
 * Whether a re-enriched article must be published again, with which revision and why. The revision
 * goes one above the highest known to consumers (the published records) or to the live enricher
 * (the dedupe index), so a consumer keeping the highest revision per id always ends on the newest.
 * An older text of the article is never published over a newer one, not even on --reissue.
 */
export function decideEmission(
  item: Reprocessed,
  published: PublishedArticle | undefined,
  options: { reissue: boolean },
): Emission {
  const { kind, revision } = item.decision;
  // What the live pipeline holds: a redelivery means this very text at that revision, an update another text one below.
  const indexRevision = kind === 'redelivery' ? revision : kind === 'update' ? revision - 1 : 0;
  const reissueOr = (revisionToKeep: number, why: 'same' | 'untracked'): Emission =>
    options.reissue
      ? { action: 'reissued', revision: revisionToKeep, reason: 'reissue' }
      : { action: 'unchanged', why };

  if (!published) {
    if (kind === 'new') return { action: 'new', revision, reason: null };
    if (kind === 'redelivery') return reissueOr(revision, 'untracked');
    return { action: 'updated', revision, reason: 'content-changed' };
  }
  // The live enricher published past what the scan saw (it runs beside the job): its word is newer.
  if (indexRevision > published.revision) {
    return kind === 'redelivery'
      ? reissueOr(indexRevision, 'untracked')
      : { action: 'unchanged', why: 'superseded' };
  }
  const base = Math.max(published.revision, indexRevision);
  if (item.contentHash === published.contentHash) {
    if (item.digest !== published.digest)
      return { action: 'updated', revision: base + 1, reason: 'tags-changed' };
    return reissueOr(base, 'same');
  }
  if (published.contentHashes.has(item.contentHash) || item.fetchedAt < published.fetchedAt) {
    return { action: 'unchanged', why: 'superseded' };
  }
  return { action: 'updated', revision: base + 1, reason: 'content-changed' };
}
