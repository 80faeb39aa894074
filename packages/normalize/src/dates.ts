// Feed dates in the wild: RFC 822/2822 with every imaginable deviation, ISO 8601 / W3C-DTF in full and
// reduced forms, asctime, localised month and day names, and German-style timestamps in running text.
// The free-form parser is strict about leftovers: an unknown word or a stray number rejects the whole
// string, because a wrong publication date is worse than falling back to the fetch time.
import type { DateFields } from './calendar.js';
import { expandYear, offsetMinutes, toInstant, toInstantBerlin } from './calendar.js';
import { FILLERS, foldWord, MONTHS, WEEKDAYS, ZONES } from './date-words.js';
import { ISO_SHAPE_RE, parseIso8601 } from './iso8601.js';

// ---------------------------------------------------------------------------------------------------------
// Korean blog platforms in feedparser's vectors: "2004년 05월 28일 01:31:15" and
// "2004-05-25 오후 11:23:17" (오전 = a.m., 오후 = p.m.), both in Korea Standard Time.

const KOREAN_ONBLOG_RE = /^(\d{4})년 ?(\d{1,2})월 ?(\d{1,2})일 (\d{1,2}):(\d{2}):(\d{2})$/;
const KOREAN_NATE_RE = /^(\d{4})-(\d{2})-(\d{2}) (오전|오후) (\d{1,2}):(\d{2}):(\d{2})$/;
const KST = 540;

function parseKorean(s: string): Date | null {
  const onblog = KOREAN_ONBLOG_RE.exec(s);
  if (onblog) {
    const [year, month, day, hour, minute, second] = onblog.slice(1).map(Number) as number[];
    return toInstant(
      { year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: second! },
      KST,
    );
  }
  const nate = KOREAN_NATE_RE.exec(s);
  if (nate) {
    let hour = +nate[5]!;
    if (hour < 1 || hour > 12) return null;
    if (nate[4] === '오후' && hour < 12) hour += 12;
    if (nate[4] === '오전' && hour === 12) hour = 0;
    return toInstant(
      { year: +nate[1]!, month: +nate[2]!, day: +nate[3]!, hour, minute: +nate[6]!, second: +nate[7]! },
      KST,
    );
  }
  return null;
}

// "2004-július-13T9:15-05:00": an ISO date with the month spelled out (feedparser's Hungarian vector).
const ISO_NAMED_MONTH_RE = /^(\d{4})-(\p{L}+)-(\d{1,2})(?=$|[T ])/u;

// ---------------------------------------------------------------------------------------------------------
// Free-form: RFC 822 and everything that looks roughly like it.

const TOKEN_RE = new RegExp(
  [
    // 13.05.2025, 2006/09/15, 13-05-25
    String.raw`(?<numdate>\d{1,4}[./-]\d{1,2}[./-]\d{1,4})(?![\d:])`,
    // 11:02, 11:02:00, 11:02:00.5, 15h30, "15.30 Uhr"; more than three parts is caught in parseTime
    String.raw`(?<time>\d{1,2}(?::\d{1,2}){1,3}(?:[.,]\d+)?|\d{1,2}h\d{2}|\d{1,2}\.\d{2}(?= ?uhr\b))`,
    String.raw`(?<offset>[+-]\d{1,4}(?::\d{2})?)(?![\d:])`,
    // 13, 13., 1st, 1er
    String.raw`(?<num>\d+)(?:st|nd|rd|th|er|e|º)?\.?(?![\p{L}\d])`,
    // words, incl. "Etc/GMT" and hyphenated "quarta-feira"
    String.raw`(?<word>\p{L}[\p{L}\p{M}]*(?:[/-]\p{L}[\p{L}\p{M}]*)*)\.?`,
    // separators, including a free-standing dash or bar ("May 13, 2025 - 11:02", "13.05.2025 | 17:30")
    String.raw`(?<punct>[,;:()|@–—]+|-(?= ))`,
    String.raw`(?<other>\S)`,
  ].join('|'),
  'gu',
);
const OFFSET_RE = /^([+-])(\d{1,4})(?::(\d{2}))?$/;
const NUMERIC_DATE_RE = /^(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})$/;
const HOUR_MINUTE_RE = /^(\d{1,2})[h.](\d{2})$/;
const TRAILING_COMMENT_RE = / ?\(([^()]*)\) ?$/;
const MERIDIEM_DOTS_RE = /\b([ap])\.m\.?/g;
// ISO-style "2025-05-13T12:40:00 CEST" that the ISO parser rejected for its zone name.
const DATE_TIME_T_RE = /(\d)t(\d)/g;

interface Time {
  hour: number;
  minute: number;
  second: number;
}

interface State {
  day: number | null;
  month: number | null;
  year: number | null;
  time: Time | null;
  meridiem: 'am' | 'pm' | null;
  offset: number | null;
  zone: number | null;
  etcGmt: boolean;
  localGerman: boolean;
  numbers: string[];
  monthWords: { month: number; maybeWeekday: boolean }[];
}

function parseTime(raw: string): Time | null {
  const hm = HOUR_MINUTE_RE.exec(raw);
  if (hm) return { hour: +hm[1]!, minute: +hm[2]!, second: 0 };
  // Fractions of a second are dropped, as in ISO parsing.
  const parts = raw.split(/[.,]/)[0]!.split(':');
  if (parts.length > 3 || parts.slice(1).some((p) => p.length !== 2)) return null;
  return { hour: +parts[0]!, minute: +parts[1]!, second: +(parts[2] ?? 0) };
}

function parseOffsetToken(raw: string): number | null {
  const m = OFFSET_RE.exec(raw)!;
  const [, sign, digits, minutes] = m as unknown as [string, string, string, string | undefined];
  if (minutes !== undefined) return digits.length <= 2 ? offsetMinutes(sign, digits, minutes) : null;
  if (digits.length <= 2) return offsetMinutes(sign, digits, undefined);
  return offsetMinutes(sign, digits.slice(0, -2), digits.slice(-2));
}

function parseNumericDate(raw: string): [number, number, number] | null {
  const m = NUMERIC_DATE_RE.exec(raw);
  if (!m) return null;
  const [, a, sep, b, c] = m as unknown as [string, string, string, string, string];
  if (a.length === 4) return c.length <= 2 ? [+a, +b, +c] : null; // 2025-05-13, 2006/09/15
  if (a.length > 2 || (c.length !== 2 && c.length !== 4)) return null;
  const year = expandYear(c);
  // Dots and dashes are day-first across Europe. Slashes are day-first in Europe but month-first in the
  // US, so they are accepted only when one reading is impossible.
  if (sep !== '/') return [year, +b, +a];
  if (+a > 12 && +b <= 12) return [year, +b, +a];
  if (+b > 12 && +a <= 12) return [year, +a, +b];
  return null;
}

function acceptWord(w: string, st: State): boolean {
  // Zones and a.m./p.m. only count after the time; before it, "at" and "a" are prepositions.
  if (st.time) {
    if (w === 'etc/gmt' || w === 'etc/utc') {
      if (st.zone !== null) return false;
      st.zone = 0;
      st.etcGmt = true;
      return true;
    }
    const zone = ZONES.get(w);
    if (zone !== undefined) {
      if (st.zone !== null) return false;
      st.zone = zone;
      return true;
    }
    if (w === 'am' || w === 'pm') {
      if (st.meridiem) return false;
      st.meridiem = w;
      return true;
    }
  }
  const month = MONTHS.get(w);
  if (month !== undefined) {
    st.monthWords.push({ month, maybeWeekday: WEEKDAYS.has(w) });
    return true;
  }
  if (WEEKDAYS.has(w)) return true;
  if (w === 'uhr') {
    st.localGerman = true;
    return true;
  }
  if (w === 'am' && !st.time) return true; // German "am 13. Mai"
  return FILLERS.has(w);
}

function tokenizeInto(s: string, st: State): boolean {
  for (const m of s.matchAll(TOKEN_RE)) {
    const g = m.groups!;
    if (g.numdate) {
      if (st.year !== null) return false;
      const ymd = parseNumericDate(g.numdate);
      if (!ymd) return false;
      [st.year, st.month, st.day] = ymd;
    } else if (g.time) {
      if (st.time) return false;
      st.time = parseTime(g.time);
      if (!st.time) return false;
    } else if (g.offset) {
      // A signed number is an offset only after a time; "2013-01-27-01" is not a date with a zone.
      if (st.offset !== null || !st.time) return false;
      const o = parseOffsetToken(g.offset);
      if (o === null) return false;
      // POSIX "Etc/GMT+5" means five hours WEST of Greenwich.
      st.offset = st.etcGmt ? -o : o;
    } else if (g.num) {
      st.numbers.push(g.num);
    } else if (g.word) {
      const w = foldWord(g.word);
      if (w.includes('-') ? !w.split('-').every((part) => acceptWord(part, st)) : !acceptWord(w, st))
        return false;
    } else if (g.other) {
      return false;
    }
  }
  return true;
}

function resolveMonthDayYear(st: State): boolean {
  if (st.monthWords.length > 0) {
    if (st.month !== null) return false;
    let candidates = st.monthWords;
    // "mar" is March, and also Tuesday in Spanish, French and Italian: a second month word decides.
    if (candidates.length > 1) candidates = candidates.filter((c) => !c.maybeWeekday);
    if (candidates.length !== 1) return false;
    st.month = candidates[0]!.month;
  }
  if (st.month === null) return false;
  if (st.day !== null) return st.numbers.length === 0;
  // Day and year from loose numbers: a number of 3+ digits is the year; otherwise the first is the day
  // and the second the two-digit year, as in "01 Jan 04".
  if (st.numbers.length !== 2) return false;
  const longIdx = st.numbers.findIndex((n) => n.length > 2);
  const yearStr = longIdx === -1 ? st.numbers[1]! : st.numbers[longIdx]!;
  const dayStr = longIdx === -1 ? st.numbers[0]! : st.numbers[1 - longIdx]!;
  if (dayStr.length > 2 || yearStr.length === 3 || yearStr.length > 4) return false;
  st.day = +dayStr;
  st.year = expandYear(yearStr);
  return true;
}

function parseFreeForm(input: string): Date | null {
  let s = input.toLowerCase().replace(MERIDIEM_DOTS_RE, '$1m').replace(DATE_TIME_T_RE, '$1 $2');
  // "… +0200 (CEST)" or JS's "GMT+0200 (Central European Summer Time)": a trailing comment, consulted only
  // when the rest names no zone.
  let comment: string | null = null;
  const cm = TRAILING_COMMENT_RE.exec(s);
  if (cm) {
    comment = foldWord(cm[1]!.trim());
    s = s.slice(0, cm.index);
  }
  const st: State = {
    day: null,
    month: null,
    year: null,
    time: null,
    meridiem: null,
    offset: null,
    zone: null,
    etcGmt: false,
    localGerman: false,
    numbers: [],
    monthWords: [],
  };
  if (!tokenizeInto(s, st) || !resolveMonthDayYear(st)) return null;
  if (st.offset === null && st.zone === null && comment !== null && st.time)
    st.zone = ZONES.get(comment) ?? null;

  const time = st.time ?? { hour: 0, minute: 0, second: 0 };
  let hour = time.hour;
  if (st.meridiem) {
    if (hour < 1 || hour > 12) return null;
    if (st.meridiem === 'pm' && hour < 12) hour += 12;
    if (st.meridiem === 'am' && hour === 12) hour = 0;
  }
  const fields: DateFields = {
    year: st.year!,
    month: st.month!,
    day: st.day!,
    hour,
    minute: time.minute,
    second: time.second,
  };
  // A numeric offset beats a zone name ("GMT-01:01", "+0200 CEST").
  if (st.offset !== null) return toInstant(fields, st.offset);
  if (st.zone !== null) return toInstant(fields, st.zone);
  if (st.localGerman) return toInstantBerlin(fields);
  // No zone at all: UTC, as RFC 2822 reads "-0000" and feedparser reads a missing zone.
  return toInstant(fields, 0);
}

// ---------------------------------------------------------------------------------------------------------

const MAX_INPUT = 200;
const WS_RE = /\s+/g;
const BRACKETED_ZONE_RE = /(?<=[+-]\d{2}:?\d{2}|Z)\[[^\]]{1,40}\]$/i;

/** Parses a feed or in-text date to an instant; null when it cannot be parsed or is not a real date. */
export function parseDate(input: string): Date | null {
  if (typeof input !== 'string') return null;
  // RFC 9557 appends the zone name in brackets ("…+02:00[Europe/Berlin]"); the offset already says it all.
  const s = input.replace(WS_RE, ' ').trim().replace(BRACKETED_ZONE_RE, '');
  if (s === '' || s.length > MAX_INPUT) return null;

  const korean = parseKorean(s);
  if (korean) return korean;

  const named = ISO_NAMED_MONTH_RE.exec(s);
  if (named) {
    const month = MONTHS.get(foldWord(named[2]!));
    if (month === undefined) return null;
    const date = `${named[1]}-${String(month).padStart(2, '0')}-${named[3]!.padStart(2, '0')}`;
    return parseIso8601(`${date}${s.slice(named[0].length)}`.toUpperCase());
  }

  const upper = s.toUpperCase();
  if (ISO_SHAPE_RE.test(upper)) {
    const iso = parseIso8601(upper);
    if (iso) return iso;
  }
  return parseFreeForm(s);
}

export interface PublishedAt {
  at: Date;
  source: 'feed' | 'fetch-time';
  /** Why the feed date was not used; null when it was. */
  reason: 'missing' | 'unparseable' | 'in-future' | null;
}

/**
 * The publication instant to store: the feed's date when present, parseable and not later than
 * fetchedAt + futureToleranceMs (clock skew, embargoed items); otherwise the fetch time, with a reason.
 */
export function resolvePublishedAt(
  raw: string | null | undefined,
  fetchedAt: Date,
  futureToleranceMs: number,
): PublishedAt {
  const fallback = (reason: NonNullable<PublishedAt['reason']>): PublishedAt => ({
    at: new Date(fetchedAt.getTime()),
    source: 'fetch-time',
    reason,
  });
  if (raw === null || raw === undefined || raw.trim() === '') return fallback('missing');
  const parsed = parseDate(raw);
  if (!parsed) return fallback('unparseable');
  if (parsed.getTime() > fetchedAt.getTime() + Math.max(0, futureToleranceMs)) return fallback('in-future');
  return { at: parsed, source: 'feed', reason: null };
}
