import { describe, expect, it } from 'vitest';
import type { FeedState } from '@wirestream/feeds';
import { byUrgency, classifyFeed } from './health.js';

const now = Date.parse('2026-01-01T12:00:00Z');
const ago = (s: number): string => new Date(now - s * 1000).toISOString();
const state = (patch: Partial<FeedState>): FeedState => ({
  url: 'https://x.example/feed',
  etag: null,
  lastModified: null,
  lastStatus: 200,
  lastFetchAt: ago(60),
  lastSuccessAt: ago(60),
  lastDurationMs: 200,
  consecutiveFailures: 0,
  lastError: null,
  nextPollAt: null,
  parked: false,
  documentSha256: null,
  ...patch,
});
const policy = { slowFetchMs: 5000, staleAfterIntervals: 3 };
const health = (patch: Partial<FeedState>, interval = 300): string =>
  classifyFeed('f', state(patch), interval, policy, now).health;

describe('classifyFeed', () => {
  it("gives each feed the health feedHealth (@wirestream/feeds) gives it, for the feed's interval", () => {
    expect(health({})).toBe('ok');
    expect(health({ lastDurationMs: 9000 })).toBe('slow');
    expect(health({ consecutiveFailures: 12, parked: true })).toBe('parked');
    expect(health({ lastFetchAt: ago(1000), lastSuccessAt: ago(1000) })).toBe('stale');
    expect(health({ lastFetchAt: ago(1000), lastSuccessAt: ago(1000) }, 600)).toBe('ok');
  });

  it('carries the last error and the seconds since the last success', () => {
    const s = classifyFeed('f', state({ consecutiveFailures: 1, lastError: 'timeout' }), 300, policy, now);
    expect(s).toMatchObject({ lastError: 'timeout', sinceSuccessSeconds: 60, consecutiveFailures: 1 });
  });

  it('sorts the feeds that need an operator first', () => {
    const feeds = [
      classifyFeed('a', state({}), 300, policy, now),
      classifyFeed('b', state({ consecutiveFailures: 1 }), 300, policy, now),
      classifyFeed('c', state({ parked: true }), 300, policy, now),
    ];
    expect(feeds.sort(byUrgency).map((f) => f.feed)).toEqual(['c', 'b', 'a']);
  });
});
