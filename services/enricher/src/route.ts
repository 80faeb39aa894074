import {
  ARTICLES_TOPIC,
  DUPLICATES_TOPIC,
  TOPIC_STREAMS,
  topicStreamName,
  type TopicSpec,
} from '@wirestream/contract';
import type { EnrichmentOutcome } from '@wirestream/enrichment';
import type { TopicBatch } from '@wirestream/runtime';

const streamBySlug = new Map<string, TopicSpec>(TOPIC_STREAMS.map((spec) => [spec.name, spec]));

/**
 * Where one enrichment outcome goes. Unique articles (new, updated, or redelivered after a crash:
 * the same key and revision, so consumers that key on id see no change) go to the articles topic
 * and their topic streams; copies go to the duplicates topic only.
 */
export function routeOutcome(outcome: EnrichmentOutcome): TopicBatch[] {
  const { article, duplicate } = outcome;
  const headers = { 'ws-revision': String(article.revision), 'ws-decision': outcome.decision.kind };
  if (duplicate)
    return [{ spec: DUPLICATES_TOPIC, records: [{ key: duplicate.id, value: duplicate, headers }] }];
  const batches: TopicBatch[] = [
    { spec: ARTICLES_TOPIC, records: [{ key: article.id, value: article, headers }] },
  ];
  for (const topic of article.topics) {
    const spec = streamBySlug.get(topicStreamName(topic.slug));
    if (spec) batches.push({ spec, records: [{ key: article.id, value: article, headers }] });
  }
  return batches;
}

/** Merges per-record batches into one batch per topic, keeping record order. */
export function mergeBatches(batches: readonly TopicBatch[]): TopicBatch[] {
  const bySpec = new Map<TopicSpec, TopicBatch>();
  for (const batch of batches) {
    const merged = bySpec.get(batch.spec);
    if (merged) merged.records.push(...batch.records);
    else bySpec.set(batch.spec, { spec: batch.spec, records: [...batch.records] });
  }
  return [...bySpec.values()];
}
