import type { DedupeReason, DedupeStatus, StoryEvidence } from '@wirestream/contract';
import { compareStories, type StoryComparison, type StorySignature } from '@wirestream/story';
import { storyIdFor, storyRootOf } from './ids.js';
import { estimateSimilarity } from './minhash.js';

/** What one article contributes to the dedupe index. */
export interface DedupeFacts {
  articleId: string;
  /** Which feed item this occurrence came from: tells a redelivery from a second sighting. */
  itemKey: string;
  contentHash: string;
  signature: Uint32Array;
  bandKeys: string[];
  /**
   * The article's story signature (what survives translation) with its candidate keys and time
   * bucket (see @wirestream/story); without it the article is never linked across languages.
   */
  story?: StoryFacts;
}

export interface StoryFacts {
  signature: StorySignature;
  keys: string[];
  /** The time bucket its keys are written to, and the one beside it that is read too. */
  bucket: number;
  neighbour: number;
}

/** The decision remembered for an article, so a redelivery gets the same answer. */
export interface StoredArticle {
  articleId: string;
  itemKey: string;
  contentHash: string;
  revision: number;
  status: DedupeStatus;
  duplicateOf: string | null;
  reason: DedupeReason | null;
  similarity: number | null;
  storyId: string;
  /** For a same-story link: what the two reports share (kept, so a redelivery publishes the same). */
  evidence?: StoryEvidence | null;
  /**
   * Where the raw record that made this decision sits (`partition:offset` on the raw topic). A later
   * redelivery from the same position is the same record again; from another position, a repeat.
   */
  position?: string;
  /**
   * Claimed by an item whose decision is not stored yet: the lookup claims the article id at once, so
   * a second item with the same URL arriving in the same moment sees it and does not decide "unique".
   */
  pending?: boolean;
}

/** The placeholder a lookup leaves for an article id until the claiming item's decision is saved. */
export const pendingClaim = (articleId: string, itemKey: string): StoredArticle => ({
  articleId,
  itemKey,
  contentHash: '',
  revision: 1,
  status: 'unique',
  duplicateOf: null,
  reason: null,
  similarity: null,
  storyId: '',
  pending: true,
});

export interface Candidate {
  articleId: string;
  signature: Uint32Array;
  entry: StoredArticle | null;
}

/** An earlier report found under one of the article's story keys. */
export interface StoryCandidate {
  articleId: string;
  story: StorySignature;
  entry: StoredArticle | null;
}

/** What the index knew when the article arrived (the lookup also claims the article's keys). */
export interface IndexSnapshot {
  self: StoredArticle | null;
  contentOwner: { articleId: string; entry: StoredArticle | null } | null;
  candidates: Candidate[];
  /** Reports in the story window that share a story key (empty when the facts had no story). */
  storyCandidates?: StoryCandidate[];
}

export interface DedupeIndex {
  /** What the index knows about the article's id, text and bands; claims them for the article. */
  lookup(facts: DedupeFacts): Promise<IndexSnapshot>;
  /** The stored entries of these articles (null: claimed but not saved yet, or expired). */
  entries(articleIds: readonly string[]): Promise<Map<string, StoredArticle | null>>;
  save(entry: StoredArticle): Promise<void>;
}

/**
 * An index that also remembers where each item was first seen as a same-URL copy. A same-URL copy
 * stores no decision of its own (it shares its original's id), so without this a copy sent twice by
 * the fetcher would be published twice.
 */
export interface CopySightings {
  /** Records `itemKey` as a same-URL copy of `articleId` seen at `position`; the position it was first seen at, or null the first time. */
  sightCopy(articleId: string, itemKey: string, position: string): Promise<string | null>;
}

export const hasCopySightings = (index: object): index is CopySightings =>
  typeof (index as Partial<CopySightings>).sightCopy === 'function';

export type DecisionKind = 'new' | 'update' | 'redelivery' | 'copy';

export interface DedupeDecision {
  kind: DecisionKind;
  status: DedupeStatus;
  duplicateOf: string | null;
  reason: DedupeReason | null;
  similarity: number | null;
  storyId: string;
  revision: number;
  /** For a same-story link: what the two reports share; null (or absent) otherwise. */
  evidence?: StoryEvidence | null;
  /** What to store, or null when the index must not change (a copy of an article stored under the same id). */
  save: StoredArticle | null;
  /**
   * The article this decision rests on when that article has claimed its keys but its decision is not
   * stored yet (another worker is between lookup and save). Its story is then not known: if it turns
   * out to be a copy itself, this one belongs to its root's story, not to a story named after it.
   */
  pendingOn: string | null;
}

export interface DecideOptions {
  /** Estimated Jaccard similarity of shingle sets at or above which two texts are one story. */
  nearDuplicateThreshold: number;
}

export const DEFAULT_DECIDE_OPTIONS: DecideOptions = { nearDuplicateThreshold: 0.3 };

/** An entry whose decision is stored; a pending claim says nothing about its story yet. */
const settled = (entry: StoredArticle | null): StoredArticle | null =>
  entry && !entry.pending ? entry : null;

/**
 * The original a copy of this article is a copy of, and its story. A report linked across languages
 * is the original of its own text (its duplicateOf names the story's first report, in another
 * language), so a copy of it is a copy of it.
 */
const rootOf = (articleId: string, claimed: StoredArticle | null): { root: string; storyId: string } => {
  const entry = settled(claimed);
  return {
    root: entry?.status === 'same-story' ? articleId : (entry?.duplicateOf ?? articleId),
    storyId: entry?.storyId ?? storyIdFor(articleId),
  };
};

function fromStored(stored: StoredArticle, kind: DecisionKind, save: StoredArticle | null): DedupeDecision {
  return {
    kind,
    status: stored.status,
    duplicateOf: stored.duplicateOf,
    reason: stored.reason,
    similarity: stored.similarity,
    storyId: stored.storyId,
    revision: stored.revision,
    evidence: stored.evidence ?? null,
    save,
    pendingOn: null,
  };
}

/** Another item with this URL is being decided right now; this one is its copy. */
function copyOfPending(self: StoredArticle): DedupeDecision {
  return {
    kind: 'copy',
    status: 'duplicate',
    duplicateOf: self.articleId,
    reason: 'same-url',
    similarity: 1,
    storyId: storyIdFor(self.articleId),
    revision: 1,
    evidence: null,
    save: null,
    pendingOn: self.articleId,
  };
}

/** The URL is known and decided: the same item again (redelivered or revised), or a copy of it. */
function decideKnownUrl(facts: DedupeFacts, self: StoredArticle): DedupeDecision {
  if (self.itemKey === facts.itemKey) {
    if (self.contentHash === facts.contentHash) return fromStored(self, 'redelivery', null);
    // Same item, new text: the agency corrected or extended it. It stays what it was, one revision up.
    const updated: StoredArticle = { ...self, contentHash: facts.contentHash, revision: self.revision + 1 };
    return fromStored(updated, 'update', updated);
  }
  // Another feed (or section) links the very same page.
  return {
    kind: 'copy',
    status: 'duplicate',
    duplicateOf: self.duplicateOf ?? self.articleId,
    reason: 'same-url',
    similarity: 1,
    storyId: self.storyId,
    revision: 1,
    evidence: null,
    save: null,
    pendingOn: null,
  };
}

/** The most similar candidate (ties: the smaller article id), leaving out those `skip` rules out. */
function closestCandidate(
  facts: DedupeFacts,
  candidates: readonly Candidate[],
  skip: (articleId: string, entry: StoredArticle | null) => boolean,
): { candidate: Candidate; similarity: number } | null {
  let best: { candidate: Candidate; similarity: number } | null = null;
  for (const candidate of candidates) {
    if (skip(candidate.articleId, candidate.entry)) continue;
    const similarity = estimateSimilarity(facts.signature, candidate.signature);
    if (
      !best ||
      similarity > best.similarity ||
      (similarity === best.similarity && candidate.articleId < best.candidate.articleId)
    ) {
      best = { candidate, similarity };
    }
  }
  return best;
}

/** The earlier report in another language that this one matches best (ties: the smaller id). */
function closestStory(
  story: StoryFacts,
  candidates: readonly StoryCandidate[],
  skip: (articleId: string, entry: StoredArticle | null) => boolean,
): { candidate: StoryCandidate; comparison: StoryComparison } | null {
  let best: { candidate: StoryCandidate; comparison: StoryComparison } | null = null;
  for (const candidate of candidates) {
    if (skip(candidate.articleId, candidate.entry)) continue;
    const comparison = compareStories(story.signature, candidate.story);
    if (!comparison.linked) continue;
    if (
      !best ||
      comparison.score > best.comparison.score ||
      (comparison.score === best.comparison.score && candidate.articleId < best.candidate.articleId)
    ) {
      best = { candidate, comparison };
    }
  }
  return best;
}

/** A same-story link to the story of `best`'s report, with what the two share. */
function sameStory(
  base: Pick<StoredArticle, 'articleId' | 'itemKey' | 'contentHash' | 'revision'>,
  best: { candidate: StoryCandidate; comparison: StoryComparison },
): DedupeDecision {
  const { candidate, comparison } = best;
  const { storyId } = rootOf(candidate.articleId, candidate.entry);
  const evidence: StoryEvidence = {
    matched: candidate.articleId,
    language: candidate.story.lang,
    score: comparison.score,
    hoursApart: comparison.hoursApart,
    shared: comparison.shared,
  };
  const entry: StoredArticle = {
    ...base,
    status: 'same-story',
    duplicateOf: storyRootOf(storyId),
    reason: 'shared-facts',
    similarity: null,
    storyId,
    evidence,
  };
  return {
    ...fromStored(entry, 'new', entry),
    pendingOn: settled(candidate.entry) ? null : candidate.articleId,
  };
}

/**
 * The duplicate decision, from the facts of one article and what the index knew. Pure, so the
 * Redis-backed and the in-memory index decide alike.
 */
export function decide(
  facts: DedupeFacts,
  snapshot: IndexSnapshot,
  options: DecideOptions = DEFAULT_DECIDE_OPTIONS,
): DedupeDecision {
  const { self } = snapshot;
  if (self?.pending && self.itemKey !== facts.itemKey) return copyOfPending(self);
  // A pending claim of this very item (its own, or left by a crash before the save) decides afresh.
  if (self && !self.pending) return decideKnownUrl(facts, self);

  const base = {
    articleId: facts.articleId,
    itemKey: facts.itemKey,
    contentHash: facts.contentHash,
    revision: 1,
  };
  // An article whose stored entry names this one as its original is no original of this one: that
  // happens when the copy was decided first (a replay restoring decisions consumers already have).
  const copyOfThis = (articleId: string, entry: StoredArticle | null): boolean =>
    articleId === facts.articleId || settled(entry)?.duplicateOf === facts.articleId;
  const owner = snapshot.contentOwner;
  if (owner && !copyOfThis(owner.articleId, owner.entry)) {
    const { root, storyId } = rootOf(owner.articleId, owner.entry);
    const entry: StoredArticle = {
      ...base,
      status: 'duplicate',
      duplicateOf: root,
      reason: 'same-content',
      similarity: 1,
      storyId,
    };
    return { ...fromStored(entry, 'new', entry), pendingOn: settled(owner.entry) ? null : owner.articleId };
  }

  const best = closestCandidate(facts, snapshot.candidates, copyOfThis);
  if (best && best.similarity >= options.nearDuplicateThreshold) {
    const { root, storyId } = rootOf(best.candidate.articleId, best.candidate.entry);
    const entry: StoredArticle = {
      ...base,
      status: 'near-duplicate',
      duplicateOf: root,
      reason: 'similar-content',
      similarity: Math.round(best.similarity * 1000) / 1000,
      storyId,
    };
    return {
      ...fromStored(entry, 'new', entry),
      pendingOn: settled(best.candidate.entry) ? null : best.candidate.articleId,
    };
  }

  // No copy in its own language: is it a report of an event already reported in another one?
  if (facts.story && snapshot.storyCandidates?.length) {
    const story = closestStory(facts.story, snapshot.storyCandidates, copyOfThis);
    if (story) return sameStory(base, story);
  }

  const entry: StoredArticle = {
    ...base,
    status: 'unique',
    duplicateOf: null,
    reason: null,
    similarity: null,
    storyId: storyIdFor(facts.articleId),
  };
  return fromStored(entry, 'new', entry);
}
