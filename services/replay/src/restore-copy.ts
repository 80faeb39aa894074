import type { StoredArticle } from '@wirestream/dedupe';
import type { EnrichmentOutcome } from '@wirestream/enrichment';
import type { PublishedCopy } from './published-index.js';

/**
 * An article the replay decided anew, turned back into the copy consumers received. A replay reads
 * the raw topic's partitions side by side, not in the order the live enricher met them, and after
 * a Redis data loss its index is empty: a copy read before its original would otherwise become an
 * original itself, be published as a new story, and make the real original its copy.
 */
export function restoreCopy(
  outcome: EnrichmentOutcome,
  entry: StoredArticle,
  copy: PublishedCopy,
  detectedAt: Date,
): { outcome: EnrichmentOutcome; entry: StoredArticle } {
  const verdict = {
    status: copy.status,
    duplicateOf: copy.duplicateOf,
    reason: copy.reason,
    similarity: copy.similarity,
  };
  const article = {
    ...outcome.article,
    revision: 1,
    dedupe: { ...outcome.article.dedupe, ...verdict },
    storyId: copy.storyId,
  };
  const restored: StoredArticle = { ...entry, ...verdict, storyId: copy.storyId, revision: 1 };
  return {
    entry: restored,
    outcome: {
      article,
      decision: { ...outcome.decision, ...verdict, storyId: copy.storyId, revision: 1, save: restored },
      duplicate: {
        schemaVersion: 1,
        id: article.id,
        ...verdict,
        storyId: copy.storyId,
        occurrence: {
          feedId: article.source.feedId,
          itemKey: entry.itemKey,
          url: article.url,
        },
        detectedAt: detectedAt.toISOString(),
        article,
      },
    },
  };
}
