import { setTimeout as sleep } from 'node:timers/promises';
import {
  DEFAULT_DECIDE_OPTIONS,
  decide,
  type DecideOptions,
  type DedupeDecision,
  type DedupeFacts,
  type DedupeIndex,
  type IndexSnapshot,
  type StoredArticle,
} from './decide.js';

export interface SettleOptions {
  /** How often to re-read an article another worker is still deciding before taking the decision as is. */
  attempts: number;
  /** Wait before the first re-read; it grows linearly with each attempt. */
  delayMs: number;
}

// Another worker is between its lookup and its save, normally a millisecond or two.
export const DEFAULT_SETTLE: SettleOptions = { attempts: 4, delayMs: 3 };

/** The snapshot with the entries of articles that were still being decided filled in from `entries`. */
export function withEntries(
  snapshot: IndexSnapshot,
  entries: ReadonlyMap<string, StoredArticle | null>,
): IndexSnapshot {
  const fill = (id: string, entry: StoredArticle | null): StoredArticle | null =>
    entry && !entry.pending ? entry : (entries.get(id) ?? entry);
  const owner = snapshot.contentOwner;
  const self = snapshot.self;
  return {
    self: self?.pending ? (entries.get(self.articleId) ?? self) : self,
    contentOwner: owner && { articleId: owner.articleId, entry: fill(owner.articleId, owner.entry) },
    candidates: snapshot.candidates.map((c) => ({ ...c, entry: fill(c.articleId, c.entry) })),
    ...(snapshot.storyCandidates
      ? {
          storyCandidates: snapshot.storyCandidates.map((c) => ({ ...c, entry: fill(c.articleId, c.entry) })),
        }
      : {}),
  };
}

/**
 * The dedupe step: look up (which claims the article's keys), decide, save. When the decision rests on
 * an article another worker has claimed but not yet decided, its entry is re-read a few times first,
 * so a copy of a copy joins the root's story even when the two are processed at the same moment.
 */
export async function dedupeArticle(
  index: DedupeIndex,
  facts: DedupeFacts,
  options: DecideOptions = DEFAULT_DECIDE_OPTIONS,
  settle: SettleOptions = DEFAULT_SETTLE,
): Promise<DedupeDecision> {
  let snapshot = await index.lookup(facts);
  let decision = decide(facts, snapshot, options);
  for (let attempt = 1; decision.pendingOn !== null && attempt <= settle.attempts; attempt++) {
    await sleep(settle.delayMs * attempt);
    snapshot = withEntries(snapshot, await index.entries([decision.pendingOn]));
    decision = decide(facts, snapshot, options);
  }
  if (decision.save) await index.save(decision.save);
  return decision;
}
