import type { FeedSource, WirestreamConfig } from '@wirestream/contract';
// Retry-After is read in the runtime's feed I/O, where page fetching and backfill read it too.
import { asksToWait, retryAfterSeconds } from '@wirestream/runtime/feeds';

/** The scheduling knobs of the fetcher config. */
export type SchedulePolicy = Pick<
  WirestreamConfig['fetcher'],
  'maxIntervalSeconds' | 'maxBackoffSeconds' | 'parkAfterFailures' | 'parkedIntervalSeconds'
>;

/** What the scheduler needs to know about a poll that just ended. */
export interface PollResponse {
  outcome: 'ok' | 'not-modified' | 'error';
  /** HTTP status, null when no response came back (timeout, network). */
  status: number | null;
  /** Response headers (lower-case names); empty when no response came back. */
  headers: Readonly<Record<string, string | null | undefined>>;
  /** RSS <ttl> of the document just parsed, in minutes. */
  ttlMinutes?: number | null;
}

/** The part of the stored feed state the decision depends on. */
export interface ScheduleState {
  consecutiveFailures: number;
}

export interface ScheduleDecision {
  nextPollAt: Date;
  consecutiveFailures: number;
  parked: boolean;
  /** Why this delay: interval, ttl, max-age, expires, retry-after, backoff or parked. */
  reason: 'interval' | 'ttl' | 'max-age' | 'expires' | 'retry-after' | 'backoff' | 'parked';
}

/** Seconds until the instant an HTTP date names, or null when the header is absent or unreadable. */
function secondsUntilHttpDate(value: string | null | undefined, now: Date): number | null {
  if (!value) return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : (at - now.getTime()) / 1000;
}

function maxAgeSeconds(cacheControl: string | null | undefined): number | null {
  if (!cacheControl) return null;
  // no-cache/no-store say "revalidate every time", which our own interval already does.
  const match = /(?:^|[,\s])(?:s-maxage|max-age)\s*=\s*"?(\d+)"?/i.exec(cacheControl);
  return match ? Number(match[1]) : null;
}

const at = (now: Date, seconds: number): Date => new Date(now.getTime() + Math.round(seconds * 1000));

/**
 * When to poll a feed next, given how the poll that just ended went. Pure: the clock and the
 * random source are arguments, so every rule below has a unit test.
 *
 * - Success: the feed's interval, or longer when the publisher says its document stays fresh longer
 *   (RSS ttl, Cache-Control max-age, Expires); never beyond maxIntervalSeconds. A hint shorter than
 *   the interval is ignored: the interval is what we agreed to spend on the feed.
 * - Failure: exponential backoff from the interval, with jitter so feeds that failed together (one
 *   host down) do not come back in lockstep; 429 and 503 honour Retry-After for this feed only.
 * - After parkAfterFailures consecutive failures the feed is parked: one try every
 *   parkedIntervalSeconds until a poll succeeds.
 */
export function nextPollAt(
  feed: Pick<FeedSource, 'intervalSeconds'>,
  state: ScheduleState,
  response: PollResponse,
  now: Date,
  rng: () => number,
  policy: SchedulePolicy,
): ScheduleDecision {
  const interval = feed.intervalSeconds;
  if (response.outcome !== 'error') {
    const hints: Array<[ScheduleDecision['reason'], number | null]> = [
      ['ttl', response.ttlMinutes != null ? response.ttlMinutes * 60 : null],
      ['max-age', maxAgeSeconds(response.headers['cache-control'])],
      ['expires', secondsUntilHttpDate(response.headers.expires, now)],
    ];
    let reason: ScheduleDecision['reason'] = 'interval';
    let delay = interval;
    for (const [name, seconds] of hints) {
      if (seconds !== null && seconds > delay) {
        delay = seconds;
        reason = name;
      }
    }
    return {
      nextPollAt: at(now, Math.min(delay, Math.max(interval, policy.maxIntervalSeconds))),
      consecutiveFailures: 0,
      parked: false,
      reason,
    };
  }

  const failures = state.consecutiveFailures + 1;
  // Between half and all of the computed delay ("equal jitter"): spread out, yet never much sooner.
  const jitter = 0.5 + 0.5 * rng();
  if (failures >= policy.parkAfterFailures) {
    return {
      nextPollAt: at(now, policy.parkedIntervalSeconds * jitter),
      consecutiveFailures: failures,
      parked: true,
      reason: 'parked',
    };
  }
  const cap = Math.max(interval, policy.maxBackoffSeconds);
  const backoff = Math.min(cap, interval * 2 ** (failures - 1)) * jitter;
  const retryAfter = asksToWait(response.status)
    ? retryAfterSeconds(response.headers['retry-after'], now)
    : null;
  if (retryAfter !== null && retryAfter > backoff) {
    return {
      nextPollAt: at(now, Math.min(retryAfter, Math.max(interval, policy.maxIntervalSeconds))),
      consecutiveFailures: failures,
      parked: false,
      reason: 'retry-after',
    };
  }
  return { nextPollAt: at(now, backoff), consecutiveFailures: failures, parked: false, reason: 'backoff' };
}

/** A feed is due when it was never scheduled or its time has come. */
export const isDue = (nextPoll: string | null, now: Date): boolean =>
  nextPoll === null || Date.parse(nextPoll) <= now.getTime();
