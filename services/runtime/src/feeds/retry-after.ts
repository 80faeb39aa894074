/**
 * Retry-After (RFC 9110 §10.2.3), read once for everyone who honours it: the fetcher's schedule (a
 * feed's next poll), page fetching (a host's pause) and backfill (the wait before trying again).
 */

/** Seconds a Retry-After value asks for: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterSeconds(value: string | null | undefined, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, (at - now.getTime()) / 1000);
}

/** Whether a status is one whose Retry-After asks the client to come back later (429, 503). */
export const asksToWait = (status: number | null | undefined): boolean => status === 429 || status === 503;
