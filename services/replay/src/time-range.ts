const UNIT_MS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** "90s", "30m", "12h", "7d", "2w" → milliseconds; null when the text is not a duration. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(text.trim());
  if (!match) return null;
  return Math.round(Number(match[1]) * UNIT_MS[match[2]!.toLowerCase()]!);
}

/**
 * A point in time as operators type it: an ISO date or instant (a date alone is midnight UTC),
 * "now", or a duration meaning that long ago ("2h", "7d").
 */
export function parseInstant(text: string, now: Date): Date {
  const trimmed = text.trim();
  if (trimmed === 'now') return new Date(now.getTime());
  const ago = parseDuration(trimmed);
  if (ago !== null) return new Date(now.getTime() - ago);
  // A bare date or a time without an offset is read as UTC, as every timestamp in our records is.
  const utc = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(trimmed)
    ? `${trimmed}${trimmed.length > 10 ? 'Z' : ''}`
    : trimmed;
  const at = new Date(utc);
  if (Number.isNaN(at.getTime())) {
    throw new Error(
      `not a time: "${text}" (use an ISO date or instant, "now", or a duration ago such as 2h or 7d)`,
    );
  }
  return at;
}

export interface TimeRange {
  from: Date;
  to: Date;
}

/** --from and --to as a range; --to defaults to now, and the range must not be empty. */
export function parseRange(from: string, to: string | undefined, now: Date): TimeRange {
  const range = { from: parseInstant(from, now), to: to ? parseInstant(to, now) : new Date(now.getTime()) };
  if (range.to.getTime() <= range.from.getTime()) {
    throw new Error(
      `--to (${range.to.toISOString()}) must be later than --from (${range.from.toISOString()})`,
    );
  }
  return range;
}
