/**
 * Enrichment outcomes → topics: which topics an article or a copy goes to. Pure; the live enricher
 * and replay jobs both publish through it (moved here from the enricher so that replay need not
 * reach into it), so a replayed article lands where the live one did.
 */
import {
  ARTICLES_NINJS_TOPIC,
  ARTICLES_TOPIC,
  DUPLICATES_TOPIC,
  SUBJECT_STREAMS,
  TOPIC_STREAMS,
  subjectStreamName,
  toNinjs,
  topicStreamName,
  type TopicBatch,
  type TopicSpec,
} from '@wirestream/contract';
import type { EnrichmentOutcome } from './enrich.js';

const streamByName = new Map<string, TopicSpec>(
  [...TOPIC_STREAMS, ...SUBJECT_STREAMS].map((spec) => [spec.name, spec]),
);

/** Optional outputs, from the configuration (`enricher.ninjs`). */
export interface RouteOptions {
  /** Also publish each unique article's ninjs 3.1 projection to news.articles.ninjs.v1. */
  ninjs?: boolean;
}

/**
 * Where one enrichment outcome goes. Unique articles (new, updated, or redelivered after a crash:
 * the same key and revision, so consumers that key on id see no change) go to the articles topic,
 * their topic streams and their subject streams, once each, and with `ninjs` on as a ninjs item to
 * news.articles.ninjs.v1; copies go to the duplicates topic only. A slug without a stream in the
 * registry is not routed.
 */
export function routeOutcome(outcome: EnrichmentOutcome, options: RouteOptions = {}): TopicBatch[] {
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
  const batches: TopicBatch[] = [ARTICLES_TOPIC, ...streams].map((spec) => ({
    spec,
    records: [{ key: article.id, value: article, headers }],
  }));
  if (options.ninjs)
    batches.push({
      spec: ARTICLES_NINJS_TOPIC,
      records: [{ key: article.id, value: toNinjs(article), headers }],
    });
  // A report linked to a story in another language (same-story) is an article like any other; its
  // link, carrying the article as published, also goes to the duplicates topic.
  if (outcome.link)
    batches.push({
      spec: DUPLICATES_TOPIC,
      records: [{ key: article.id, value: { ...outcome.link, article }, headers }],
    });
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
