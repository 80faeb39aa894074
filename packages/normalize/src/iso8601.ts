// ISO 8601 and its W3C-DTF profile, including the reduced and two-digit-year forms of ISO 8601:1988
// that feeds still emit, week dates and ordinal dates.
import { daysInMonth, expandYear, isoWeekday, offsetMinutes, toInstant } from './calendar.js';

type Ymd = [number, number, number];

/** Characters an ISO 8601 string can consist of (after upper-casing). */
export const ISO_SHAPE_RE = /^[0-9+\-:.,TWZ ]+$/;

// A zone only after a time: "2003-12-31" must not read as "2003-12" at UTC−31.
const ISO_RE =
  /^(?<date>[0-9W-]+)(?:(?:T| )(?<time>\d{1,2}(?::\d{2}(?::\d{2}(?:[.,]\d+)?)?|\d{2}(?:\d{2}(?:[.,]\d+)?)?|[.,]\d+)?)(?: ?(?<tz>Z|[+-]\d{2}(?::?\d{2})?))?)?$/;
const TIME_RE = /^(\d{1,2})(?::?(\d{2})(?::?(\d{2}))?)?(?:[.,]\d+)?$/;
const TZ_RE = /^([+-])(\d{2}):?(\d{2})?$/;

function fromOrdinal(year: number, ordinal: number): Ymd | null {
  let rest = ordinal;
  if (rest < 1) return null;
  for (let month = 1; month <= 12; month++) {
    const dim = daysInMonth(year, month);
    if (rest <= dim) return [year, month, rest];
    rest -= dim;
  }
  return null;
}

function fromWeek(year: number, week: number, weekday: number): Ymd | null {
  // A year has 53 ISO weeks when it starts on a Thursday, or on a Wednesday in a leap year.
  const jan1 = isoWeekday(year, 1, 1);
  const weeks = jan1 === 4 || (jan1 === 3 && daysInMonth(year, 2) === 29) ? 53 : 52;
  if (week < 1 || week > weeks) return null;
  // Week 1 is the week that contains January 4th.
  const d = new Date(0);
  d.setUTCFullYear(year, 0, 4 + (week - 1) * 7 + (weekday - isoWeekday(year, 1, 4)));
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

const DATE_FORMS: readonly [RegExp, (m: RegExpExecArray) => Ymd | null][] = [
  [/^(\d{4})-(\d{2})-(\d{2})$/, (m) => [+m[1]!, +m[2]!, +m[3]!]],
  [/^(\d{4})(\d{2})(\d{2})$/, (m) => [+m[1]!, +m[2]!, +m[3]!]],
  // Google once emitted a zero-padded three-digit month ("2003-012-31").
  [/^(\d{4})-0(\d{2})-(\d{2})$/, (m) => [+m[1]!, +m[2]!, +m[3]!]],
  [/^(\d{4})-(\d{2})$/, (m) => [+m[1]!, +m[2]!, 1]],
  [/^(\d{4})$/, (m) => [+m[1]!, 1, 1]],
  [/^(\d{4})-?(\d{3})$/, (m) => fromOrdinal(+m[1]!, +m[2]!)],
  [/^(\d{4})-?W(\d{2})(?:-?([1-7]))?$/, (m) => fromWeek(+m[1]!, +m[2]!, +(m[3] ?? 1))],
  // Two-digit-year forms of ISO 8601:1988: YY-MM-DD, YYMMDD, YY-DDD, -YY-MM, -YYMM.
  [/^(\d{2})-?(\d{2})-?(\d{2})$/, (m) => [expandYear(m[1]!), +m[2]!, +m[3]!]],
  [/^(\d{2})-(\d{3})$/, (m) => fromOrdinal(expandYear(m[1]!), +m[2]!)],
  // Compact YYDDD only with a leading 0: "22013" reads as an (invalid) five-digit year, not 2022-013,
  // since a five-digit string starting with 0 cannot be a year.
  [/^(0\d)(\d{3})$/, (m) => fromOrdinal(expandYear(m[1]!), +m[2]!)],
  [/^-(\d{2})-?(\d{2})$/, (m) => [expandYear(m[1]!), +m[2]!, 1]],
];

/**
 * Parses an upper-cased ISO 8601 string. Fractions of a second are accepted and dropped, as feedparser
 * does; feed timestamps are second-precision. Without a zone the time is UTC (W3C-DTF requires one, and
 * UTC is what feedparser assumes).
 */
export function parseIso8601(s: string): Date | null {
  const m = ISO_RE.exec(s);
  if (!m?.groups) return null;
  const { date = '', time, tz } = m.groups;
  let ymd: Ymd | null = null;
  for (const [re, fn] of DATE_FORMS) {
    const dm = re.exec(date);
    if (dm) {
      ymd = fn(dm);
      break;
    }
  }
  if (!ymd) return null;
  let hour = 0;
  let minute = 0;
  let second = 0;
  if (time) {
    const tm = TIME_RE.exec(time);
    if (!tm) return null;
    hour = +tm[1]!;
    minute = +(tm[2] ?? 0);
    second = +(tm[3] ?? 0);
  }
  let offset = 0;
  if (tz && tz !== 'Z') {
    const zm = TZ_RE.exec(tz);
    const o = zm ? offsetMinutes(zm[1]!, zm[2]!, zm[3]) : null;
    if (o === null) return null;
    offset = o;
  }
  return toInstant({ year: ymd[0], month: ymd[1], day: ymd[2], hour, minute, second }, offset);
}
