import type { DedupeFacts, DedupeIndex, IndexSnapshot, StoredArticle } from './decide.js';

/**
 * The dedupe index in process memory: same semantics as the Redis one, for `wirestream enrich`,
 * evaluation and tests. Entries do not expire: a run is bounded by its input.
 */
export class MemoryDedupeIndex implements DedupeIndex {
  private readonly articles = new Map<string, StoredArticle>();
  private readonly contentOwners = new Map<string, string>();
  private readonly bands = new Map<string, Set<string>>();
  private readonly signatures = new Map<string, Uint32Array>();

  async lookup(facts: DedupeFacts): Promise<IndexSnapshot> {
    const self = this.articles.get(facts.articleId) ?? null;
    let ownerId = this.contentOwners.get(facts.contentHash);
    if (ownerId === undefined) {
      ownerId = facts.articleId;
      this.contentOwners.set(facts.contentHash, ownerId);
    }
    const candidateIds = new Set<string>();
    for (const key of facts.bandKeys) {
      let members = this.bands.get(key);
      if (!members) this.bands.set(key, (members = new Set()));
      for (const id of members) if (id !== facts.articleId) candidateIds.add(id);
      members.add(facts.articleId);
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

  async save(entry: StoredArticle): Promise<void> {
    this.articles.set(entry.articleId, entry);
  }

  get size(): number {
    return this.articles.size;
  }
}
