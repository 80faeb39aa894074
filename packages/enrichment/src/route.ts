/**
 * Enrichment outcomes → topics: which topics an article or a copy goes to. Pure; the live enricher
 * and replay jobs both publish through it (moved here from the enricher so that replay need not
 * reach into it), so a replayed article lands where the live one did.
 */
import {
  ARTICLES_TOPIC,
  DUPLICATES_TOPIC,
  SUBJECT_STREAMS,
  TOPIC_STREAMS,
  subjectStreamName,
  topicStreamName,
  type TopicBatch,
  type TopicSpec,
} from '@wirestream/contract';
import type { EnrichmentOutcome } from './enrich.js';

const streamByName = new Map<string, TopicSpec>(
  [...TOPIC_STREAMS, ...SUBJECT_STREAMS].map((spec) => [spec.name, spec]),
);

/**
 * Where one enrichment outcome goes. Unique articles (new, updated, or redelivered after a crash:
 * the same key and revision, so consumers that key on id see no change) go to the articles topic,
 * their topic streams and their subject streams, once each; copies go to the duplicates topic only.
 * A slug without a stream in the registry is not routed.
 */
export function routeOutcome(outcome: EnrichmentOutcome): TopicBatch[] {
  const { article, duplicate } = outcome;
  const headers = { 'ws-revision': String(article.revision), 'ws-decision': outcome.decision.kind };
  if (duplicate)
    return [{ spec: DUPLICATES_TOPIC, records: [{ key: duplicate.id, value: duplicate, headers }] }];
  const streams = new Set<TopicSpec>();
  for (const topic of article.topics) {
    const spec = streamByName.get(topicStreamName(topic.slug));
    if (spec) streams.add(spec);
  }
  for (const subject of article.subjects) {
    const spec = streamByName.get(subjectStreamName(subject.slug));
    if (spec) streams.add(spec);
  }
  return [ARTICLES_TOPIC, ...streams].map((spec) => ({
    spec,
    records: [{ key: article.id, value: article, headers }],
  }));
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
