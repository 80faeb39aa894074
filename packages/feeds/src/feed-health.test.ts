import { describe, expect, it } from 'vitest';
import { feedHealth, feedIntervals, secondsSinceSuccess, type FeedState } from './feed-health.js';

const now = Date.parse('2026-01-01T12:00:00Z');
const ago = (s: number): string => new Date(now - s * 1000).toISOString();
const base: FeedState = {
  url: null,
  etag: null,
  lastModified: null,
  lastStatus: 200,
  lastFetchAt: ago(60),
  lastSuccessAt: ago(60),
  lastDurationMs: 120,
  consecutiveFailures: 0,
  lastError: null,
  nextPollAt: null,
  parked: false,
  documentSha256: null,
};
const policy = { slowFetchMs: 5000, staleAfterIntervals: 3 };
const health = (patch: Partial<FeedState>, interval = 300): string =>
  feedHealth({ ...base, ...patch }, interval, policy, now);

describe('feedHealth', () => {
  it('says ok, slow, failing, parked, stale and never', () => {
    expect(health({})).toBe('ok');
    expect(health({ lastDurationMs: 7000 })).toBe('slow');
    expect(health({ consecutiveFailures: 2, lastError: 'HTTP 500' })).toBe('failing');
    expect(health({ consecutiveFailures: 12, parked: true })).toBe('parked');
    expect(health({ lastFetchAt: ago(1000), lastSuccessAt: ago(1000) })).toBe('stale');
    expect(health({ lastFetchAt: null, lastSuccessAt: null, lastStatus: null })).toBe('never');
  });

  it('lets parked win over the rest, and failing over never, stale and slow', () => {
    expect(health({ consecutiveFailures: 12, parked: true, lastFetchAt: null })).toBe('parked');
    expect(health({ consecutiveFailures: 2, lastDurationMs: 7000 })).toBe('failing');
    expect(health({ consecutiveFailures: 2, lastFetchAt: null })).toBe('failing');
    expect(health({ consecutiveFailures: 2, lastSuccessAt: ago(5000) })).toBe('failing');
    expect(health({ lastSuccessAt: ago(5000), lastDurationMs: 7000 })).toBe('stale');
  });

  it('measures staleness in multiples of the feed interval', () => {
    expect(health({ lastFetchAt: ago(1000), lastSuccessAt: ago(1000) }, 600)).toBe('ok');
  });

  it('knows the seconds since the last success and the interval of every listed feed', () => {
    expect(secondsSinceSuccess(base, now)).toBe(60);
    expect(secondsSinceSuccess({ ...base, lastSuccessAt: null }, now)).toBeNull();
    expect(feedIntervals([{ id: 'a', intervalSeconds: 60 }, { id: 'b' }])).toEqual(
      new Map([
        ['a', 60],
        ['b', 300],
      ]),
    );
  });
});
