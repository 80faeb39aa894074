import { sleep } from '@wirestream/runtime';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => sleep(ms),
};

/**
 * A token bucket: at most `perSecond` records on average, with bursts of a fifth of a second's worth,
 * so a replay beside the live pipeline takes a steady, bounded share of the broker and Redis.
 * 0 means no limit.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;
  private readonly capacity: number;

  constructor(
    readonly perSecond: number,
    private readonly clock: Clock = realClock,
  ) {
    this.capacity = Math.max(1, Math.ceil(perSecond / 5));
    this.tokens = this.capacity;
    this.last = clock.now();
  }

  /** How long to wait before `n` records may go, given the time now; takes the tokens when 0. */
  reserve(n: number, now: number): number {
    if (this.perSecond <= 0) return 0;
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.perSecond) / 1000);
    this.last = now;
    if (this.tokens >= n) {
      this.tokens -= n;
      return 0;
    }
    return Math.ceil(((n - this.tokens) * 1000) / this.perSecond);
  }

  /** Resolves when `n` more records may be processed. */
  async take(n = 1): Promise<void> {
    for (;;) {
      const wait = this.reserve(n, this.clock.now());
      if (wait === 0) return;
      await this.clock.sleep(wait);
    }
  }
}
