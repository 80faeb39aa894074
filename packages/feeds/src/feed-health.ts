/**
 * What the fetcher remembers about each feed between polls, and the one function that sums it up in
 * one word. `wirestream feeds`, `wirestream status`, the monitor's status page and its metrics all
 * call `feedHealth`, so they cannot disagree about a feed. Pure: the clock is an argument. The state
 * itself is kept in Redis by the runtime's FeedStateStore (@wirestream/runtime/feeds).
 */

/** What we remember about one feed between polls; visible to operators through `wirestream feeds`. */
export interface FeedState {
  url: string | null;
  etag: string | null;
  lastModified: string | null;
  lastStatus: number | null;
  lastFetchAt: string | null;
  lastSuccessAt: string | null;
  /** How long the last poll took, fetch to stored state. */
  lastDurationMs: number | null;
  consecutiveFailures: number;
  lastError: string | null;
  /** Persisted so a restarted (or another) replica honours backoff, Retry-After and publisher hints. */
  nextPollAt: string | null;
  parked: boolean;
  /** SHA-256 of the last body kept on news.feeds.raw.v1: the same body fetched again is not kept twice. */
  documentSha256: string | null;
}

/** The one-word summaries operators see, in the order the status views count them. */
export const FEED_HEALTH = ['ok', 'slow', 'failing', 'parked', 'stale', 'never'] as const;
export type FeedHealth = (typeof FEED_HEALTH)[number];

export interface HealthPolicy {
  /** A successful fetch slower than this is "slow" (config.fetcher.slowFetchMs). */
  slowFetchMs: number;
  /** A feed with no success for this many intervals is "stale", even if its last fetch did not fail. */
  staleAfterIntervals: number;
}

/** The poll interval of a feed the feed list does not name (the feed list's own default). */
export const DEFAULT_INTERVAL_SECONDS = 300;
export const DEFAULT_STALE_AFTER_INTERVALS = 3;

/** Poll interval per feed id, as the status views measure staleness against it. */
export const feedIntervals = (
  feeds: ReadonlyArray<{ id: string; intervalSeconds?: number }>,
): Map<string, number> => new Map(feeds.map((f) => [f.id, f.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS]));

/** Seconds from the last success to `now` (ms); null when there never was one. */
export function secondsSinceSuccess(state: FeedState, now: number): number | null {
  return state.lastSuccessAt ? Math.max(0, (now - Date.parse(state.lastSuccessAt)) / 1000) : null;
}

/**
 * One feed's health. Parked and failing win over the rest: they already say why nothing arrives.
 * "never": not fetched yet. Stale catches what the fetcher cannot report about itself: a fetcher
 * that stopped polling. Slow: the last successful fetch took longer than the policy allows.
 */
export function feedHealth(
  state: FeedState,
  intervalSeconds: number,
  policy: HealthPolicy,
  now: number,
): FeedHealth {
  if (state.parked) return 'parked';
  if (state.consecutiveFailures > 0) return 'failing';
  if (!state.lastFetchAt) return 'never';
  const since = secondsSinceSuccess(state, now);
  if (since !== null && since > intervalSeconds * policy.staleAfterIntervals) return 'stale';
  return state.lastDurationMs !== null && state.lastDurationMs > policy.slowFetchMs ? 'slow' : 'ok';
}
