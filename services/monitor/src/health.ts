import type { FeedState } from '@wirestream/fetcher';
import type { FeedStatus } from './status.js';

export interface HealthPolicy {
  /** A successful fetch slower than this is "slow" (config.fetcher.slowFetchMs). */
  slowFetchMs: number;
  /** A feed with no success for this many intervals is "stale", even if its last fetch did not fail. */
  staleAfterIntervals: number;
}

export const DEFAULT_INTERVAL_SECONDS = 300;

/**
 * One feed's health. Parked and failing win over stale: they already say why nothing arrives.
 * Stale catches what the fetcher cannot report about itself: a fetcher that stopped polling.
 */
export function classifyFeed(
  feed: string,
  state: FeedState,
  intervalSeconds: number,
  policy: HealthPolicy,
  now: number,
): FeedStatus {
  const since = state.lastSuccessAt ? Math.max(0, (now - Date.parse(state.lastSuccessAt)) / 1000) : null;
  const health: FeedStatus['health'] = state.parked
    ? 'parked'
    : state.consecutiveFailures > 0
      ? 'failing'
      : !state.lastFetchAt
        ? 'never'
        : since !== null && since > intervalSeconds * policy.staleAfterIntervals
          ? 'stale'
          : state.lastDurationMs !== null && state.lastDurationMs > policy.slowFetchMs
            ? 'slow'
            : 'ok';
  return {
    feed,
    health,
    intervalSeconds,
    lastFetchAt: state.lastFetchAt,
    lastSuccessAt: state.lastSuccessAt,
    sinceSuccessSeconds: since === null ? null : Math.round(since),
    consecutiveFailures: state.consecutiveFailures,
    lastStatus: state.lastStatus,
    lastError: state.lastError,
    lastDurationMs: state.lastDurationMs,
  };
}

/** Feeds that need an operator first, then by id. */
export function byUrgency(a: FeedStatus, b: FeedStatus): number {
  const rank: Record<FeedStatus['health'], number> = {
    parked: 0,
    failing: 1,
    stale: 2,
    slow: 3,
    never: 4,
    ok: 5,
  };
  return rank[a.health] - rank[b.health] || a.feed.localeCompare(b.feed);
}
