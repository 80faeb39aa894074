/**
 * Dates a report names, as calendar days (`2026-04-16`): day and month in any of the five
 * languages (16 April, April 16, 16. April, 16 avril, 16 de abril, 16 abr, 16 апреля), numeric
 * dates (16.04.2026, 2026-04-16), and weekdays and "today"/"yesterday" resolved against the
 * publication day ("on Thursday", "am Donnerstag", "jeudi", "este jueves", "в четверг").
 */
import { foldWord } from './text.js';

export interface NamedDate {
  key: string;
  text: string;
  start: number;
  end: number;
  /** Offsets of the digits the date consumed, so they are not read as figures too. */
  digits: number[];
}

const MONTH_WORDS: string[] = [
  'january jan januar janner janvier janv enero ene января январь янв',
  'february feb februar fevrier fevr fev febrero февраля февраль фев',
  'march mar marz mrz mars marzo марта март',
  'april apr avril avr abril abr апреля апрель',
  'may mai mayo мая май',
  'june jun juni juin junio июня июнь',
  'july jul juli juillet juil julio июля июль',
  'august aug aout agosto августа август авг',
  'september sep sept septembre septiembre setiembre сентября сентябрь сен',
  'october oct oktober okt octobre octubre октября октябрь окт',
  'november nov novembre noviembre ноября ноябрь ноя',
  'december dec dezember dez decembre diciembre dic декабря декабрь дек',
];
const MONTHS = new Map<string, number>(
  MONTH_WORDS.flatMap((line, i) => line.split(' ').map((w) => [w, i + 1] as [string, number])),
);

/** ISO weekday (1 Monday … 7 Sunday) of folded weekday words, in the forms news copy uses. */
const WEEKDAYS = new Map<string, number>(
  [
    'monday montag lundi lunes понедельник',
    'tuesday dienstag mardi martes вторник',
    'wednesday mittwoch mercredi miercoles miércoles среда среду среды',
    'thursday donnerstag jeudi jueves четверг',
    'friday freitag vendredi viernes пятница пятницу пятницы',
    'saturday samstag sonnabend samedi sabado sábado суббота субботу субботы',
    'sunday sonntag dimanche domingo воскресенье',
  ].flatMap((line, i) => line.split(' ').map((w) => [w, i + 1] as [string, number])),
);

/** Days before the publication day, per language: "today", "yesterday". */
const RELATIVE: Record<string, Record<string, number>> = {
  en: { today: 0, yesterday: 1 },
  de: { heute: 0, gestern: 1 },
  fr: { aujourd: 0, hier: 1 },
  es: { hoy: 0, ayer: 1 },
  ru: { сегодня: 0, вчера: 1 },
};

const DAY_MS = 86_400_000;

const alternation = (words: Iterable<string>): string =>
  [...words].sort((a, b) => b.length - a.length).join('|');
const wordRe = (words: Iterable<string>): RegExp =>
  new RegExp(`(?<![\\p{L}])(${alternation(words)})(?![\\p{L}])`, 'giu');
/** Weekdays of every language, and the relative words of each language: one pass over the text. */
const DAY_WORD_RE: Record<string, RegExp> = Object.fromEntries(
  Object.entries(RELATIVE).map(([lang, words]) => [
    lang,
    wordRe([...WEEKDAYS.keys(), ...Object.keys(words)]),
  ]),
);
const ANY_DAY_WORD_RE = wordRe(WEEKDAYS.keys());

/** The month a word names: "April", "avr", "апреля", "май", "févr", "März". */
function monthOf(word: string): number | undefined {
  const lower = word.toLowerCase();
  return MONTHS.get(lower) ?? (/^[a-z]*$/.test(lower) ? undefined : MONTHS.get(foldWord(lower)));
}

const iso = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The day number (days since 1970-01-01 UTC) of a month and day, in the year closest to `pubDay`. */
function dayOf(month: number, day: number, year: number | null, pubDay: number): number | null {
  if (day < 1 || day > 31 || month < 1 || month > 12) return null;
  const pubYear = new Date(pubDay * DAY_MS).getUTCFullYear();
  const at = (y: number): number => Date.UTC(y, month - 1, day) / DAY_MS;
  if (year !== null) return year >= 1900 && year <= 2100 ? at(year) : null;
  let best = at(pubYear);
  for (const y of [pubYear - 1, pubYear + 1])
    if (Math.abs(at(y) - pubDay) < Math.abs(best - pubDay)) best = at(y);
  return best;
}

// Dates are found from their day number: a text has few numbers and many words.
const DAY_RE = /(?<![\d\p{L}])\d{1,2}(?![\d])/gu;
/** After a day: its month (16 April, 16. April, 16 avril, 16 de abril, 16 апреля), maybe a year. */
const MONTH_AFTER_RE =
  /^(?:\.|er|º)?\s*(?:de\s+)?(\p{L}{3,10})(?![\p{L}])\.?(?:\s+(?:de\s+|del\s+)?((?:19|20)\d\d)(?!\d))?/u;
/** Before a day: its month (April 16, Apr. 16). */
const MONTH_BEFORE_RE = /(?<![\p{L}])(\p{L}{3,10})\.?\s+$/u;
/** After a day that follows its month: an ordinal suffix, maybe a year. */
const YEAR_AFTER_RE = /^(?:st|nd|rd|th)?(?![\p{L}\d])(?:,?\s+((?:19|20)\d\d)(?!\d))?/u;
const NUMERIC_RE =
  /(?<!\d)(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d\d)(?!\d)|(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)/gu;

function digitOffsets(text: string, start: number, end: number): number[] {
  const out: number[] = [];
  for (let i = start; i < end; i++) if (/\d/.test(text[i]!)) out.push(i);
  return out;
}

/** Every date a text names, resolved with the publication day of the article. */
export function datesOf(text: string, lang: string, publishedAt: number): NamedDate[] {
  const pubDay = Math.floor(publishedAt / DAY_MS);
  const out: NamedDate[] = [];
  const push = (day: number | null, start: number, end: number): void => {
    if (day === null) return;
    out.push({
      key: iso(day),
      text: text.slice(start, end),
      start,
      end,
      digits: digitOffsets(text, start, end),
    });
  };
  for (const m of text.matchAll(DAY_RE)) {
    const day = Number(m[0]);
    const end = m.index + m[0].length;
    const after = MONTH_AFTER_RE.exec(text.slice(end, end + 40));
    const month = after && monthOf(after[1]!);
    if (after && month) {
      push(dayOf(month, day, after[2] ? Number(after[2]) : null, pubDay), m.index, end + after[0].length);
      continue;
    }
    const before = MONTH_BEFORE_RE.exec(text.slice(Math.max(0, m.index - 14), m.index));
    const named = before && monthOf(before[1]!);
    if (!before || !named) continue;
    const year = YEAR_AFTER_RE.exec(text.slice(end, end + 12));
    if (!year) continue;
    const start = m.index - before[0].length;
    push(dayOf(named, day, year[1] ? Number(year[1]) : null, pubDay), start, end + year[0].length);
  }
  for (const m of text.matchAll(NUMERIC_RE)) {
    const [d, mo, y] = m[1] ? [m[1], m[2], m[3]] : [m[6], m[5], m[4]];
    // English month/day order is ambiguous; only ISO dates are read there.
    if (lang === 'en' && m[1]) continue;
    push(dayOf(Number(mo), Number(d), Number(y), pubDay), m.index, m.index + m[0].length);
  }
  const relative = RELATIVE[lang] ?? {};
  for (const m of text.matchAll(DAY_WORD_RE[lang] ?? ANY_DAY_WORD_RE)) {
    const word = m[1]!.toLowerCase();
    const weekday = WEEKDAYS.get(word);
    const back = relative[word];
    if (weekday !== undefined) {
      // The day with that name from five days before publication to the day after it.
      for (let day = pubDay - 5; day <= pubDay + 1; day++) {
        const isoWeekday = ((new Date(day * DAY_MS).getUTCDay() + 6) % 7) + 1;
        if (isoWeekday === weekday) push(day, m.index, m.index + m[0].length);
      }
    } else if (back !== undefined) push(pubDay - back, m.index, m.index + m[0].length);
  }
  return out.sort((a, b) => a.start - b.start);
}
