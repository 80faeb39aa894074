import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The one metrics registry of a worker process; every metric is declared here. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'wirestream_process_' });

export const feedFetches = new Counter({
  name: 'wirestream_feed_fetches_total',
  help: 'Feed fetches by outcome (ok, not_modified, error)',
  labelNames: ['feed', 'outcome'] as const,
  registers: [registry],
});

export const feedErrors = new Counter({
  name: 'wirestream_feed_errors_total',
  help: 'Feed fetch or parse failures by reason',
  labelNames: ['feed', 'reason'] as const,
  registers: [registry],
});

export const feedItems = new Counter({
  name: 'wirestream_feed_items_total',
  help: 'Items seen in fetched feeds: new, updated or unchanged',
  labelNames: ['feed', 'kind'] as const,
  registers: [registry],
});

export const feedDocumentsUnchanged = new Counter({
  name: 'wirestream_feed_documents_unchanged_total',
  help: 'Fetched feed bodies identical to the last one kept, so not kept on news.feeds.raw.v1 again',
  labelNames: ['feed'] as const,
  registers: [registry],
});

export const inputRepairs = new Counter({
  name: 'wirestream_feed_input_repairs_total',
  help: 'Broken or hostile feed input kept after neutralising the bad part, by kind (control-characters, truncated, dropped, charset, wrong-type)',
  labelNames: ['feed', 'kind'] as const,
  registers: [registry],
});

export const fetchDuration = new Histogram({
  name: 'wirestream_fetch_duration_seconds',
  help: 'Time to fetch and parse one feed',
  labelNames: ['feed'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

export const feedsParked = new Counter({
  name: 'wirestream_feeds_parked_total',
  help: 'Feeds parked after repeated failures (retried at the slow rate from then on)',
  registers: [registry],
});

export const feedRetryAfter = new Counter({
  name: 'wirestream_feed_retry_after_total',
  help: 'Polls rescheduled by a Retry-After header on a 429 or 503',
  labelNames: ['feed'] as const,
  registers: [registry],
});

export const feedLeaseSkips = new Counter({
  name: 'wirestream_feed_lease_skips_total',
  help: 'Due feeds skipped because another fetcher replica held their lease',
  registers: [registry],
});

export const feedLastStatus = new Gauge({
  name: 'wirestream_feed_last_http_status',
  help: 'HTTP status of the last fetch of each feed (0 when no response came)',
  labelNames: ['feed'] as const,
  registers: [registry],
});

export const feedNextPoll = new Gauge({
  name: 'wirestream_feed_next_poll_timestamp_seconds',
  help: 'When each feed is due to be polled next',
  labelNames: ['feed'] as const,
  registers: [registry],
});

export const feedNewestItem = new Gauge({
  name: 'wirestream_feed_newest_item_timestamp_seconds',
  help: 'Publication time of the newest item in the last fetched document, per feed and agency (freshness: time() minus this)',
  labelNames: ['feed', 'agency'] as const,
  registers: [registry],
});

/** Seconds from an item's publication (as the feed dates it) to our fetching it. */
export const publishToFetchSeconds = new Histogram({
  name: 'wirestream_item_publish_to_fetch_seconds',
  help: 'Latency from publication in a feed to fetch',
  buckets: [5, 15, 30, 60, 120, 300, 600, 1800, 3600, 21600],
  registers: [registry],
});

/** Seconds from fetching an item to its article being acknowledged on news.articles.v1. */
export const fetchToArticleSeconds = new Histogram({
  name: 'wirestream_fetch_to_article_seconds',
  help: 'Latency from fetch to the article on news.articles.v1',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
  registers: [registry],
});

export const recordsIn = new Counter({
  name: 'wirestream_records_in_total',
  help: 'Records consumed per stage',
  labelNames: ['stage'] as const,
  registers: [registry],
});

export const recordsOut = new Counter({
  name: 'wirestream_records_out_total',
  help: 'Records produced per topic',
  labelNames: ['topic'] as const,
  registers: [registry],
});

export const articlesByStatus = new Counter({
  name: 'wirestream_articles_total',
  help: 'Enriched articles by dedupe status',
  labelNames: ['status'] as const,
  registers: [registry],
});

export const deadLetters = new Counter({
  name: 'wirestream_dead_letters_total',
  help: 'Records sent to the dead-letter topic, by stage and error name',
  labelNames: ['stage', 'reason'] as const,
  registers: [registry],
});

export const rawRepeatsDropped = new Counter({
  name: 'wirestream_raw_repeats_dropped_total',
  help: 'Raw records dropped as a repeat: the same item and text already published from another offset (a fetcher re-send)',
  registers: [registry],
});

export const transientRetries = new Counter({
  name: 'wirestream_transient_retries_total',
  help: 'Work retried after a dependency failed for a while (kafka, redis); nothing is dropped',
  labelNames: ['dependency'] as const,
  registers: [registry],
});

export const stageDuration = new Histogram({
  name: 'wirestream_stage_duration_seconds',
  help: 'Processing time per stage',
  labelNames: ['stage'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  registers: [registry],
});

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/** /metrics, /healthz (the process is alive) and /readyz (its dependencies answer). */
export async function startOpsServer(
  port: number,
  ready: () => Promise<boolean> | boolean,
): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.url === '/metrics') {
        res.setHeader('content-type', registry.contentType);
        res.end(await registry.metrics());
      } else if (req.url === '/healthz') {
        res.end('ok\n');
      } else if (req.url === '/readyz') {
        const ok = await Promise.resolve(ready()).catch(() => false);
        res.statusCode = ok ? 200 : 503;
        res.end(ok ? 'ready\n' : 'not ready\n');
      } else {
        res.statusCode = 404;
        res.end('not found\n');
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(port, '0.0.0.0', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
