import { Counter, Histogram, Registry } from 'prom-client';

/**
 * The enricher's metrics, in a registry of its own; the ops server serves it with the runtime's
 * (process metrics, records out, dead letters) in every process that runs an enricher.
 */
export const enricherRegistry = new Registry();
const registers = [enricherRegistry];

/** Seconds from an item's publication (as the feed dates it) to our fetching it. */
export const publishToFetchSeconds = new Histogram({
  name: 'wirestream_item_publish_to_fetch_seconds',
  help: 'Latency from publication in a feed to fetch',
  buckets: [5, 15, 30, 60, 120, 300, 600, 1800, 3600, 21600],
  registers,
});

/** Seconds from fetching an item to its article being acknowledged on news.articles.v1. */
export const fetchToArticleSeconds = new Histogram({
  name: 'wirestream_fetch_to_article_seconds',
  help: 'Latency from fetch to the article on news.articles.v1',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
  registers,
});

export const recordsIn = new Counter({
  name: 'wirestream_records_in_total',
  help: 'Records consumed per stage',
  labelNames: ['stage'] as const,
  registers,
});

export const articlesByStatus = new Counter({
  name: 'wirestream_articles_total',
  help: 'Enriched articles by dedupe status',
  labelNames: ['status'] as const,
  registers,
});

/** Enriched items (articles and copies) by the text they were tagged and deduped on. */
export const enrichedTextSource = new Counter({
  name: 'wirestream_enriched_text_source_total',
  help: "Enriched items by the text they were tagged and deduped on: the feed's, or their article page's",
  labelNames: ['source'] as const,
  registers,
});

/** How many items this process enriched on the feed's text and on the page's (what `start --once` reports). */
export async function enrichedTextSources(): Promise<{ feed: number; page: number }> {
  const { values } = await enrichedTextSource.get();
  const of = (source: string): number => values.find((v) => v.labels.source === source)?.value ?? 0;
  return { feed: of('feed'), page: of('page') };
}

export const rawRepeatsDropped = new Counter({
  name: 'wirestream_raw_repeats_dropped_total',
  help: 'Raw records dropped as a repeat: the same item and text already published from another offset (a fetcher re-send)',
  registers,
});

export const transientRetries = new Counter({
  name: 'wirestream_transient_retries_total',
  help: 'Work retried after a dependency failed for a while (kafka, redis); nothing is dropped',
  labelNames: ['dependency'] as const,
  registers,
});

export const stageDuration = new Histogram({
  name: 'wirestream_stage_duration_seconds',
  help: 'Processing time per stage',
  labelNames: ['stage'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  registers,
});
