import { sleep } from './sleep.js';

export interface RetryOptions {
  timeoutMs: number;
  firstPauseMs: number;
  maxPauseMs: number;
  /** Errors worth another attempt; any other is thrown at once. */
  retriable: (err: unknown) => boolean;
  /** What to throw once the time is up, given the last error. */
  giveUp: (lastError: unknown) => unknown;
}

/**
 * Repeats `attempt` until it returns, pausing `firstPauseMs` after the first failure and twice as long
 * after each next one, up to `maxPauseMs`, for as long as the next pause ends within `timeoutMs`.
 */
export async function retryUntilDeadline<T>(options: RetryOptions, attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (let pause = options.firstPauseMs; ; pause = Math.min(pause * 2, options.maxPauseMs)) {
    try {
      return await attempt();
    } catch (err) {
      if (!options.retriable(err)) throw err;
      if (Date.now() + pause > deadline) throw options.giveUp(err);
      await sleep(pause);
    }
  }
}
