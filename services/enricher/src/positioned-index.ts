import {
  hasCopySightings,
  type DedupeDecision,
  type DedupeFacts,
  type DedupeIndex,
  type IndexSnapshot,
  type StoredArticle,
} from '@wirestream/dedupe';

/** The dedupe index could not be reached or answered with an error: wait and retry, never dead-letter. */
export class DedupeUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`dedupe index unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DedupeUnavailableError';
  }
}

const unavailable = (err: unknown): never => {
  throw new DedupeUnavailableError(err);
};

/**
 * The dedupe index as seen by one raw record: every decision it stores remembers the record's
 * position on the raw topic (`rawRecordPosition` of @wirestream/enrichment), and what the index
 * held for the article before is kept, so the enricher can tell the same record delivered again
 * (same position: its earlier outputs were lost or aborted, publish again) from the fetcher sending
 * the same item twice (another position: the first copy is already published, drop it). Failures
 * of the index itself are marked as transient.
 */
export class PositionedDedupeIndex implements DedupeIndex {
  /** The article's stored entry before this record's lookup; null when there was none. */
  before: StoredArticle | null = null;

  constructor(
    private readonly index: DedupeIndex,
    readonly position: string,
  ) {}

  async lookup(facts: DedupeFacts): Promise<IndexSnapshot> {
    const snapshot = await this.index.lookup(facts).catch(unavailable);
    this.before = snapshot.self;
    return snapshot;
  }

  entries(articleIds: readonly string[]): Promise<Map<string, StoredArticle | null>> {
    return this.index.entries(articleIds).catch(unavailable);
  }

  save(entry: StoredArticle): Promise<void> {
    return this.index.save({ ...entry, position: this.position }).catch(unavailable);
  }

  /**
   * True when the decision is a redelivery resting on an entry another raw record made: the item was
   * sent twice. Entries stored before positions were recorded count as the same record (publish again).
   */
  isRepeat(decision: Pick<DedupeDecision, 'kind'>): boolean {
    const position = this.before?.position;
    return decision.kind === 'redelivery' && position !== undefined && position !== this.position;
  }

  /**
   * True when the decision is a same-URL copy that this item was already published as, from another
   * raw record. The first sighting is recorded here.
   */
  async isRepeatedCopy(
    decision: Pick<DedupeDecision, 'kind' | 'reason'>,
    articleId: string,
    itemKey: string,
  ): Promise<boolean> {
    if (decision.kind !== 'copy' || decision.reason !== 'same-url' || !hasCopySightings(this.index))
      return false;
    const first = await this.index.sightCopy(articleId, itemKey, this.position).catch(unavailable);
    return first !== null && first !== this.position;
  }
}
