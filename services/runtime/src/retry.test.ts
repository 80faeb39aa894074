import { describe, expect, it } from 'vitest';
import { retryUntilDeadline } from './retry.js';

const transient = Object.assign(new Error('busy'), { transient: true });
const options = {
  firstPauseMs: 1,
  maxPauseMs: 4,
  retriable: (err: unknown) => (err as { transient?: boolean }).transient === true,
  giveUp: (last: unknown) => new Error(`gave up: ${(last as Error).message}`),
};

describe('retryUntilDeadline', () => {
  it('returns what the first successful attempt returns', async () => {
    let calls = 0;
    const value = await retryUntilDeadline({ ...options, timeoutMs: 1_000 }, () =>
      ++calls < 4 ? Promise.reject(transient) : Promise.resolve(calls),
    );
    expect(value).toBe(4);
  });

  it('throws an error that is not retriable at once', async () => {
    let calls = 0;
    const fatal = new Error('refused');
    await expect(
      retryUntilDeadline({ ...options, timeoutMs: 1_000 }, () => {
        calls++;
        return Promise.reject(fatal);
      }),
    ).rejects.toBe(fatal);
    expect(calls).toBe(1);
  });

  it('gives up with what giveUp makes of the last error once the time is up', async () => {
    let calls = 0;
    await expect(
      retryUntilDeadline({ ...options, timeoutMs: 30 }, () => {
        calls++;
        return Promise.reject(transient);
      }),
    ).rejects.toThrow('gave up: busy');
    expect(calls).toBeGreaterThan(2);
  });
});
