import { setTimeout as delay } from 'node:timers/promises';

/**
 * Waits `ms` milliseconds, or less when `signal` aborts: it then resolves early rather than
 * rejecting, because every caller goes on to check the signal itself. Nothing to wait for (ms <= 0,
 * or the signal already aborted) resolves at once. The one sleep of the services.
 */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return;
  try {
    await delay(ms, undefined, signal ? { signal } : undefined);
  } catch (err) {
    if (!signal?.aborted) throw err;
  }
}
