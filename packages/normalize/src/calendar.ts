// Calendar arithmetic shared by the date parsers: validation of wall-clock fields and conversion to an
// instant. Everything works for years 0–9999, which JS Date only does when used carefully.

export interface DateFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const MIN_TIME = -62167219200000; // 0000-01-01T00:00:00Z
const MAX_TIME = 253402300799999; // 9999-12-31T23:59:59.999Z

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Two-digit years as RFC 2822 §4.3 reads them: 00–49 → 2000s, 50–99 → 1900s. Longer ones are literal. */
export function expandYear(digits: string): number {
  const n = Number(digits);
  if (digits.length > 2) return n;
  return n < 50 ? 2000 + n : 1900 + n;
}

/** Offset in minutes east of UTC from sign, hours and optional minutes; null when out of range. */
export function offsetMinutes(sign: string, hh: string, mm: string | undefined): number | null {
  const h = Number(hh);
  const m = mm === undefined ? 0 : Number(mm);
  if (!Number.isInteger(h) || !Number.isInteger(m) || h > 23 || m > 59) return null;
  return (sign === '-' ? -1 : 1) * (h * 60 + m);
}

/** The instant of wall-clock `f` at `offset` minutes east of UTC, or null if `f` is not a real time. */
export function toInstant(f: DateFields, offset: number): Date | null {
  if (!Number.isInteger(f.year) || f.year < 0 || f.year > 9999) return null;
  if (f.month < 1 || f.month > 12) return null;
  if (f.day < 1 || f.day > daysInMonth(f.year, f.month)) return null;
  // 24:00 is ISO 8601 for the end of the day. :60 is a leap second, which JS time cannot represent; it
  // rolls into the next minute.
  if (f.hour > 24 || (f.hour === 24 && (f.minute !== 0 || f.second !== 0))) return null;
  if (f.minute > 59 || f.second > 60) return null;
  const d = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  d.setUTCFullYear(f.year, f.month - 1, f.day);
  d.setUTCHours(f.hour, f.minute, f.second, 0);
  const t = d.getTime() - offset * 60_000;
  if (!(t >= MIN_TIME && t <= MAX_TIME)) return null;
  return new Date(t);
}

export function isoWeekday(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getUTCDay() || 7;
}

// German timestamps without a zone ("13.05.2025, 15:30 Uhr") are Central European local time. The
// formatter is built once; Intl with the bundled ICU zone data is not I/O.
const BERLIN = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Berlin',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

function berlinOffsetAt(utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const part of BERLIN.formatToParts(new Date(utcMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = new Date(0);
  wall.setUTCFullYear(parts.year!, parts.month! - 1, parts.day!);
  wall.setUTCHours(parts.hour!, parts.minute!, parts.second!, 0);
  return Math.round((wall.getTime() - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/** The instant of wall-clock `f` in Europe/Berlin (CET/CEST). */
export function toInstantBerlin(f: DateFields): Date | null {
  const naive = toInstant(f, 0);
  if (!naive) return null;
  // Guess with the offset one hour earlier, then correct once: settles on both sides of a DST switch.
  let offset = berlinOffsetAt(naive.getTime() - 60 * 60_000);
  offset = berlinOffsetAt(naive.getTime() - offset * 60_000);
  return toInstant(f, offset);
}
