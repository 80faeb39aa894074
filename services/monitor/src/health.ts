import { feedHealth, secondsSinceSuccess, type FeedState, type HealthPolicy } from '@wirestream/feeds';
import type { FeedStatus } from './status.js';

/**
 * One feed's row of the status: its health (the one `feedHealth` of @wirestream/feeds, which
 * `wirestream feeds` shows too) with what an operator needs next to it.
 */
export function classifyFeed(
  feed: string,
  state: FeedState,
  intervalSeconds: number,
  policy: HealthPolicy,
  now: number,
): FeedStatus {
  const since = secondsSinceSuccess(state, now);
  return {
    feed,
    health: feedHealth(state, intervalSeconds, policy, now),
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
