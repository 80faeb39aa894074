import { describe, expect, it } from 'vitest';
import { asksToWait, retryAfterSeconds } from './retry-after.js';

const now = new Date('2026-11-27T12:00:00Z');

describe('retryAfterSeconds', () => {
  it('reads both Retry-After forms and rejects garbage', () => {
    expect(retryAfterSeconds('120', now)).toBe(120);
    expect(retryAfterSeconds(' 7 ', now)).toBe(7);
    expect(retryAfterSeconds(new Date(now.getTime() + 90_000).toUTCString(), now)).toBe(90);
    expect(retryAfterSeconds(new Date(now.getTime() - 60_000).toUTCString(), now)).toBe(0);
    expect(retryAfterSeconds('soon', now)).toBeNull();
    expect(retryAfterSeconds(undefined, now)).toBeNull();
  });

  it('counts only 429 and 503 as asking to wait', () => {
    expect([429, 503, 500, 404, null].map(asksToWait)).toEqual([true, true, false, false, false]);
  });
});
