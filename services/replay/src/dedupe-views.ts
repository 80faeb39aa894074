import {
  MemoryDedupeIndex,
  type DedupeFacts,
  type DedupeIndex,
  type IndexSnapshot,
  type StoredArticle,
} from '@wirestream/dedupe';

/**
 * The live dedupe index with its saves held back: a replay decides itself what to store (the
 * revision it publishes, or nothing for an older text), so it never turns the live enricher's
 * entry back to a text that was superseded.
 */
export class HeldSaveIndex implements DedupeIndex {
  private readonly held = new Map<string, StoredArticle>();

  constructor(readonly live: DedupeIndex) {}

  lookup(facts: DedupeFacts): Promise<IndexSnapshot> {
    return this.live.lookup(facts);
  }

  entries(articleIds: readonly string[]): Promise<Map<string, StoredArticle | null>> {
    return this.live.entries(articleIds);
  }

  async save(entry: StoredArticle): Promise<void> {
    this.held.set(entry.articleId, entry);
  }

  /** The entry the dedupe step wanted to store for this article, if any; forgotten once taken. */
  take(articleId: string): StoredArticle | null {
    const entry = this.held.get(articleId) ?? null;
    this.held.delete(articleId);
    return entry;
  }
}

/**
 * For --dry-run: reads the live index but writes nothing to it (a lookup there claims keys). Each
 * article's own entry comes from the live index; copies are found among the articles of this run
 * only, so a dry run may count as new a copy whose original it did not read.
 */
export class DryRunIndex implements DedupeIndex {
  private readonly local = new MemoryDedupeIndex();

  constructor(private readonly live: DedupeIndex) {}

  async lookup(facts: DedupeFacts): Promise<IndexSnapshot> {
    const [snapshot, stored] = await Promise.all([
      this.local.lookup(facts),
      this.live.entries([facts.articleId]),
    ]);
    const self =
      snapshot.self && !snapshot.self.pending
        ? snapshot.self
        : (stored.get(facts.articleId) ?? snapshot.self);
    return { ...snapshot, self };
  }

  async entries(articleIds: readonly string[]): Promise<Map<string, StoredArticle | null>> {
    const local = await this.local.entries(articleIds);
    const missing = articleIds.filter((id) => !local.get(id));
    const live =
      missing.length > 0 ? await this.live.entries(missing) : new Map<string, StoredArticle | null>();
    return new Map(articleIds.map((id) => [id, local.get(id) ?? live.get(id) ?? null]));
  }

  save(entry: StoredArticle): Promise<void> {
    return this.local.save(entry);
  }

  take(articleId: string): StoredArticle | null {
    void articleId;
    return null;
  }
}
