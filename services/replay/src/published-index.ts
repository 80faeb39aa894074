import type { ArticleRecord, DuplicateRecord } from '@wirestream/contract';
import { tagList, tagsDigest } from './tags.js';

/** What consumers last received for one article id. */
export interface PublishedArticle {
  revision: number;
  contentHash: string;
  tags: string[];
  digest: string;
  /** Fetch time of the published text, in ms: an older text is never published over a newer one. */
  fetchedAt: number;
  /** Every text ever published under the id: replaying an older one is no change. */
  contentHashes: Set<string>;
}

/** The decision consumers received for a copy. */
export type PublishedCopy = Pick<
  DuplicateRecord,
  'id' | 'duplicateOf' | 'storyId' | 'status' | 'reason' | 'similarity'
>;

/**
 * What was published, per article id: built by reading news.articles.v1 and news.duplicates.v1,
 * then kept current as the job publishes. Unlike the dedupe index it does not expire, so a replay
 * further back than the dedupe window still knows what consumers have.
 */
export class PublishedIndex {
  private readonly articles = new Map<string, PublishedArticle>();
  private readonly copies = new Map<string, PublishedCopy>();

  /** Records one published revision; a lower revision than the one known only adds its text. */
  noteArticle(
    article: Pick<
      ArticleRecord,
      'id' | 'revision' | 'dedupe' | 'fetchedAt' | 'subjects' | 'topics' | 'entities' | 'bilateral'
    >,
  ): void {
    const known = this.articles.get(article.id);
    const contentHash = article.dedupe.contentHash;
    if (known && known.revision > article.revision) {
      known.contentHashes.add(contentHash);
      return;
    }
    const tags = tagList(article);
    this.articles.set(article.id, {
      revision: article.revision,
      contentHash,
      tags,
      digest: tagsDigest(tags),
      fetchedAt: Date.parse(article.fetchedAt),
      contentHashes: new Set([...(known?.contentHashes ?? []), contentHash]),
    });
  }

  noteCopy(copy: PublishedCopy): void {
    this.copies.set(copy.id, {
      id: copy.id,
      duplicateOf: copy.duplicateOf,
      storyId: copy.storyId,
      status: copy.status,
      reason: copy.reason,
      similarity: copy.similarity,
    });
  }

  /**
   * The copy consumers have under this id, when the id is not its own original (a same-URL copy
   * shares its original's id, and says nothing about which article came first).
   */
  copyOf(id: string): PublishedCopy | undefined {
    const copy = this.copies.get(id);
    return copy && copy.duplicateOf !== id ? copy : undefined;
  }

  article(id: string): PublishedArticle | undefined {
    return this.articles.get(id);
  }

  hasCopy(id: string): boolean {
    return this.copies.has(id);
  }

  get size(): { articles: number; copies: number } {
    return { articles: this.articles.size, copies: this.copies.size };
  }
}
