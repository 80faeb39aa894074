import { describe, expect, it } from 'vitest';
import { feedHealth, type FeedState } from './feed-state.js';

const base: FeedState = {
  url: null,
  etag: null,
  lastModified: null,
  lastStatus: 200,
  lastFetchAt: '2026-11-27T12:00:00.000Z',
  lastSuccessAt: '2026-11-27T12:00:00.000Z',
  lastDurationMs: 120,
  consecutiveFailures: 0,
  lastError: null,
  nextPollAt: null,
  parked: false,
  documentSha256: null,
};

describe('feedHealth', () => {
  it('says never, ok, slow, failing and parked, parked winning over the rest', () => {
    expect(feedHealth({ ...base, lastFetchAt: null }, 5000)).toBe('never');
    expect(feedHealth(base, 5000)).toBe('ok');
    expect(feedHealth({ ...base, lastDurationMs: 7000 }, 5000)).toBe('slow');
    expect(feedHealth({ ...base, consecutiveFailures: 2, lastDurationMs: 7000 }, 5000)).toBe('failing');
    expect(feedHealth({ ...base, consecutiveFailures: 12, parked: true }, 5000)).toBe('parked');
  });
});
