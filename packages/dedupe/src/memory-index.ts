import {
  pendingClaim,
  type CopySightings,
  type DedupeFacts,
  type DedupeIndex,
  type IndexSnapshot,
  type StoredArticle,
} from './decide.js';

/**
 * The dedupe index in process memory: same semantics as the Redis one, for `wirestream enrich`,
 * evaluation and tests. Entries do not expire: a run is bounded by its input.
 */
export class MemoryDedupeIndex implements DedupeIndex, CopySightings {
  private readonly articles = new Map<string, StoredArticle>();
  private readonly copySightings = new Map<string, string>();
  private readonly contentOwners = new Map<string, string>();
  /** The last article that had each band, as in the Redis index. */
  private readonly bands = new Map<string, string>();
  private readonly signatures = new Map<string, Uint32Array>();

  async sightCopy(articleId: string, itemKey: string, position: string): Promise<string | null> {
    const key = `${articleId} ${itemKey}`;
    const first = this.copySightings.get(key) ?? null;
    if (first === null) this.copySightings.set(key, position);
    return first;
  }

  async lookup(facts: DedupeFacts): Promise<IndexSnapshot> {
    const self = this.articles.get(facts.articleId) ?? null;
    if (!self) this.articles.set(facts.articleId, pendingClaim(facts.articleId, facts.itemKey));
    let ownerId = this.contentOwners.get(facts.contentHash);
    if (ownerId === undefined) {
      ownerId = facts.articleId;
      this.contentOwners.set(facts.contentHash, ownerId);
    }
    const candidateIds = new Set<string>();
    // An exact copy is represented by the first copy; it does not take over its bands.
    if (ownerId === facts.articleId) {
      for (const key of facts.bandKeys) {
        const last = this.bands.get(key);
        if (last !== undefined && last !== facts.articleId) candidateIds.add(last);
        this.bands.set(key, facts.articleId);
      }
    }
    if (!this.signatures.has(facts.articleId)) this.signatures.set(facts.articleId, facts.signature);
    return {
      self,
      contentOwner: { articleId: ownerId, entry: this.articles.get(ownerId) ?? null },
      candidates: [...candidateIds].map((articleId) => ({
        articleId,
        signature: this.signatures.get(articleId)!,
        entry: this.articles.get(articleId) ?? null,
      })),
    };
  }

  async entries(articleIds: readonly string[]): Promise<Map<string, StoredArticle | null>> {
    // A claim without a stored decision reads as nothing, as in Redis.
    return new Map(
      articleIds.map((id) => {
        const entry = this.articles.get(id);
        return [id, entry && !entry.pending ? entry : null];
      }),
    );
  }

  async save(entry: StoredArticle): Promise<void> {
    this.articles.set(entry.articleId, entry);
  }

  get size(): number {
    return this.articles.size;
  }
}
