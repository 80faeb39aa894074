import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The fetcher's metrics, in a registry of its own; the ops server serves it with the runtime's
 * (process metrics, records out, dead letters) in every process that runs a fetcher.
 */
export const fetcherRegistry = new Registry();
const registers = [fetcherRegistry];

export const feedFetches = new Counter({
  name: 'wirestream_feed_fetches_total',
  help: 'Feed fetches by outcome (ok, not_modified, error)',
  labelNames: ['feed', 'outcome'] as const,
  registers,
});

export const feedErrors = new Counter({
  name: 'wirestream_feed_errors_total',
  help: 'Feed fetch or parse failures by reason',
  labelNames: ['feed', 'reason'] as const,
  registers,
});

export const feedItems = new Counter({
  name: 'wirestream_feed_items_total',
  help: 'Items seen in fetched feeds: new, updated or unchanged',
  labelNames: ['feed', 'kind'] as const,
  registers,
});

export const feedDocumentsUnchanged = new Counter({
  name: 'wirestream_feed_documents_unchanged_total',
  help: 'Fetched feed bodies identical to the last one kept, so not kept on news.feeds.raw.v1 again',
  labelNames: ['feed'] as const,
  registers,
});

/** Article pages looked at, by the status on the raw record (ok, walled, failed, skipped). */
export const pagesFetched = new Counter({
  name: 'wirestream_pages_total',
  help: 'Article pages behind feed items, by status on the raw record (ok, walled, failed, skipped)',
  labelNames: ['status'] as const,
  registers,
});

export const pagesNotModified = new Counter({
  name: 'wirestream_pages_not_modified_total',
  help: 'Article pages a conditional request found unchanged (304): the page as read before was used again',
  registers,
});

export const inputRepairs = new Counter({
  name: 'wirestream_feed_input_repairs_total',
  help: 'Broken or hostile feed input kept after neutralising the bad part, by kind (control-characters, truncated, dropped, charset, wrong-type)',
  labelNames: ['feed', 'kind'] as const,
  registers,
});

export const fetchDuration = new Histogram({
  name: 'wirestream_fetch_duration_seconds',
  help: 'Time to fetch and parse one feed',
  labelNames: ['feed'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers,
});

export const feedsParked = new Counter({
  name: 'wirestream_feeds_parked_total',
  help: 'Feeds parked after repeated failures (retried at the slow rate from then on)',
  registers,
});

export const feedRetryAfter = new Counter({
  name: 'wirestream_feed_retry_after_total',
  help: 'Polls rescheduled by a Retry-After header on a 429 or 503',
  labelNames: ['feed'] as const,
  registers,
});

export const feedLeaseSkips = new Counter({
  name: 'wirestream_feed_lease_skips_total',
  help: 'Due feeds skipped because another fetcher replica held their lease',
  registers,
});

export const feedLastStatus = new Gauge({
  name: 'wirestream_feed_last_http_status',
  help: 'HTTP status of the last fetch of each feed (0 when no response came)',
  labelNames: ['feed'] as const,
  registers,
});

export const feedNextPoll = new Gauge({
  name: 'wirestream_feed_next_poll_timestamp_seconds',
  help: 'When each feed is due to be polled next',
  labelNames: ['feed'] as const,
  registers,
});

export const feedNewestItem = new Gauge({
  name: 'wirestream_feed_newest_item_timestamp_seconds',
  help: 'Publication time of the newest item in the last fetched document, per feed and agency (freshness: time() minus this)',
  labelNames: ['feed', 'agency'] as const,
  registers,
});
