import { describe, expect, it } from 'vitest';
import { isDue, nextPollAt, type PollResponse, type SchedulePolicy } from './schedule.js';

const policy: SchedulePolicy = {
  maxIntervalSeconds: 86_400,
  maxBackoffSeconds: 3_600,
  parkAfterFailures: 5,
  parkedIntervalSeconds: 21_600,
};
const now = new Date('2026-11-27T12:00:00Z');
const feed = { intervalSeconds: 300 };
const fresh = { consecutiveFailures: 0 };
const ok = (headers: PollResponse['headers'] = {}, ttlMinutes: number | null = null): PollResponse => ({
  outcome: 'ok',
  status: 200,
  headers,
  ttlMinutes,
});
const failed = (status: number | null, headers: PollResponse['headers'] = {}): PollResponse => ({
  outcome: 'error',
  status,
  headers,
});
const seconds = (d: Date): number => (d.getTime() - now.getTime()) / 1000;
const top = (): number => 0.999_999;
const bottom = (): number => 0;

describe('nextPollAt after a successful poll', () => {
  it('uses the feed interval when the publisher gives no hint', () => {
    const d = nextPollAt(feed, fresh, ok(), now, top, policy);
    expect(seconds(d.nextPollAt)).toBe(300);
    expect(d).toMatchObject({ reason: 'interval', consecutiveFailures: 0, parked: false });
  });

  it('waits out a longer RSS ttl, Cache-Control max-age or Expires', () => {
    expect(seconds(nextPollAt(feed, fresh, ok({}, 60), now, top, policy).nextPollAt)).toBe(3600);
    const maxAge = nextPollAt(feed, fresh, ok({ 'cache-control': 'public, max-age=900' }), now, top, policy);
    expect([seconds(maxAge.nextPollAt), maxAge.reason]).toEqual([900, 'max-age']);
    const expires = new Date(now.getTime() + 1800_000).toUTCString();
    const e = nextPollAt(feed, fresh, ok({ expires }), now, top, policy);
    expect([seconds(e.nextPollAt), e.reason]).toEqual([1800, 'expires']);
  });

  it('takes the longest hint, ignores hints shorter than the interval, and caps them', () => {
    const both = ok({ 'cache-control': 'max-age=600' }, 20);
    expect(nextPollAt(feed, fresh, both, now, top, policy).reason).toBe('ttl');
    const short = ok({
      'cache-control': 'max-age=10',
      expires: new Date(now.getTime() - 5000).toUTCString(),
    });
    expect(seconds(nextPollAt(feed, fresh, short, now, top, policy).nextPollAt)).toBe(300);
    const far = ok({ 'cache-control': 'max-age=31536000' });
    expect(seconds(nextPollAt(feed, fresh, far, now, top, policy).nextPollAt)).toBe(86_400);
  });

  it('resets failures and unparks a feed that answers again (a 304 counts as an answer)', () => {
    const d = nextPollAt(
      feed,
      { consecutiveFailures: 9 },
      { outcome: 'not-modified', status: 304, headers: {} },
      now,
      top,
      policy,
    );
    expect(d).toMatchObject({ consecutiveFailures: 0, parked: false, reason: 'interval' });
  });
});

describe('nextPollAt after a failed poll', () => {
  it('backs off exponentially from the interval, up to the cap', () => {
    const delays = [0, 1, 2, 3].map((n) =>
      seconds(nextPollAt(feed, { consecutiveFailures: n }, failed(500), now, top, policy).nextPollAt),
    );
    expect(delays.map(Math.round)).toEqual([300, 600, 1200, 2400]);
    const capped = nextPollAt(feed, { consecutiveFailures: 3 }, failed(null), now, top, {
      ...policy,
      maxBackoffSeconds: 1000,
    });
    expect(Math.round(seconds(capped.nextPollAt))).toBe(1000);
  });

  it('jitters the backoff between half and all of it', () => {
    const low = nextPollAt(feed, { consecutiveFailures: 1 }, failed(500), now, bottom, policy);
    const mid = nextPollAt(feed, { consecutiveFailures: 1 }, failed(500), now, () => 0.5, policy);
    expect(seconds(low.nextPollAt)).toBe(300);
    expect(seconds(mid.nextPollAt)).toBe(450);
  });

  it('honours Retry-After on 429 and 503, in seconds or as a date, but not on other statuses', () => {
    const r429 = nextPollAt(feed, fresh, failed(429, { 'retry-after': '7200' }), now, top, policy);
    expect([seconds(r429.nextPollAt), r429.reason, r429.consecutiveFailures]).toEqual([
      7200,
      'retry-after',
      1,
    ]);
    const date = new Date(now.getTime() + 5400_000).toUTCString();
    const r503 = nextPollAt(feed, fresh, failed(503, { 'retry-after': date }), now, top, policy);
    expect(seconds(r503.nextPollAt)).toBe(5400);
    const r500 = nextPollAt(feed, fresh, failed(500, { 'retry-after': '7200' }), now, top, policy);
    expect(r500.reason).toBe('backoff');
    // A Retry-After shorter than the backoff does not bring the poll forward.
    const soon = nextPollAt(
      feed,
      { consecutiveFailures: 2 },
      failed(429, { 'retry-after': '5' }),
      now,
      top,
      policy,
    );
    expect(soon.reason).toBe('backoff');
  });

  it('parks a feed after N consecutive failures and retries it at the slow rate', () => {
    const before = nextPollAt(feed, { consecutiveFailures: 3 }, failed(500), now, top, policy);
    expect(before.parked).toBe(false);
    const parked = nextPollAt(feed, { consecutiveFailures: 4 }, failed(500), now, top, policy);
    expect(parked).toMatchObject({ parked: true, consecutiveFailures: 5, reason: 'parked' });
    expect(Math.round(seconds(parked.nextPollAt))).toBe(21_600);
    const stillParked = nextPollAt(
      feed,
      { consecutiveFailures: 5 },
      failed(429, { 'retry-after': '1' }),
      now,
      bottom,
      policy,
    );
    expect([stillParked.parked, seconds(stillParked.nextPollAt)]).toEqual([true, 10_800]);
  });
});

describe('isDue', () => {
  it('treats a never-scheduled feed and a past time as due, a future one as not', () => {
    expect(isDue(null, now)).toBe(true);
    expect(isDue('2026-11-27T11:59:59Z', now)).toBe(true);
    expect(isDue('2026-11-27T12:00:01Z', now)).toBe(false);
  });
});
