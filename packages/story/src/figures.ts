/**
 * Figures: numbers as every language writes them (1,150 · 1.150 · 1 150 · 6.3 · 6,3), with their
 * scale words (3 milliards, 3 billion, 3 mil millones, 3 млрд) and units, times of day (14:32,
 * 14.32 Uhr, 14 h 32, 3:47 a.m.) and small numbers written as words (nine, neun, neuf, nueve,
 * девять). Each figure gets a key that is the same in every language: the value, or `t14:32`.
 */
import { fold } from './text.js';

export type FigureKind = 'time' | 'year' | 'small' | 'number' | 'decimal' | 'large';

export interface Figure {
  key: string;
  /** As the article writes it, unit included when there is one. */
  text: string;
  kind: FigureKind;
  /** Offset in the text it was found in. */
  start: number;
  end: number;
}

const SPACE_GROUPING = new Set(['fr', 'ru', 'es']);
const DECIMAL_POINT = new Set(['en']);

const SCALES: Array<[RegExp, number]> = [
  [/^(?:mil millones|billions?|bn|milliarden?|mrd|milliards?|миллиард\p{L}*|млрд)(?![\p{L}])/u, 1e9],
  [/^(?:millions?|mio|millionen|mill(?:ó|o)n(?:es)?|mln|млн|миллион\p{L}*)(?![\p{L}])/u, 1e6],
  [/^(?:thousand|tausend|mille|mil|тысяч\p{L}*|тыс)(?![\p{L}])/u, 1e3],
];

const UNITS: Array<[RegExp, string]> = [
  [/^(?:%|percent|per cent|prozent|pour cent|por ciento|процент\p{L}*)/u, '%'],
  [/^(?:km|kilomet\p{L}*|kilómetro\p{L}*|kilomètre\p{L}*|километр\p{L}*|км)(?![\p{L}])/u, 'km'],
  [/^(?:miles?|meilen?)(?![\p{L}])/u, 'mi'],
  [/^(?:m³|m3|cubic met\p{L}*|kubikmeter|mètres cubes|metros cúbicos|кубометр\p{L}*|куб\. м)/u, 'm³'],
  [/^(?:mw|megawat\p{L}*|mégawat\p{L}*|мегават\p{L}*|мвт)(?![\p{L}])/u, 'MW'],
  [/^(?:tonnes?|tons?|tonnen|toneladas?|тонн\p{L}*)(?![\p{L}])/u, 't'],
  [/^(?:dollars?|us-dollar|dólares|долл\p{L}*|\$)/u, 'USD'],
  [/^(?:euros?|€|евро)/u, 'EUR'],
  [/^(?:francs?|franken|francos|франк\p{L}*|chf)(?![\p{L}])/u, 'CHF'],
  [/^(?:yen|иен\p{L}*|йен\p{L}*)(?![\p{L}])/u, 'JPY'],
];

/** Words after a number that make `14.32` a time of day. */
const TIME_AFTER =
  /^(?:uhr|h\b|hora|horas|heures?|hs\b|gmt|utc|mez|mesz|msk|local|a\.?\s?m\.?|p\.?\s?m\.?|ч(?![\p{L}])|час\p{L}*|по местному|мск)/u;
/** Words before a number that make `14.32` a time of day. */
const TIME_BEFORE = /(?<![\p{L}])(?:um|gegen|at|à|a las|a la|в|около|vers)\s*$/u;

// Small numbers written as words, per language (forms that take a case ending in Russian listed).
const NUMBER_WORDS: Record<string, Record<string, number>> = {
  en: words('two 2 three 3 four 4 five 5 six 6 seven 7 eight 8 nine 9 ten 10 eleven 11 twelve 12'),
  de: words('zwei 2 drei 3 vier 4 fünf 5 sechs 6 sieben 7 acht 8 neun 9 zehn 10 elf 11 zwölf 12'),
  fr: words('deux 2 trois 3 quatre 4 cinq 5 six 6 sept 7 huit 8 neuf 9 dix 10 onze 11 douze 12'),
  es: words('dos 2 tres 3 cuatro 4 cinco 5 seis 6 siete 7 ocho 8 nueve 9 diez 10 once 11 doce 12'),
  ru: words(
    'два 2 две 2 двух 2 три 3 трех 3 трёх 3 четыре 4 четырех 4 четырёх 4 пять 5 пяти 5 шесть 6 шести 6 ' +
      'семь 7 семи 7 восемь 8 восьми 8 девять 9 девяти 9 десять 10 десяти 10 одиннадцать 11 ' +
      'одиннадцати 11 двенадцать 12 двенадцати 12',
  ),
};
const EN_TENS = words('twenty 20 thirty 30 forty 40 fifty 50 sixty 60 seventy 70 eighty 80 ninety 90');
const EN_UNITS = words('one 1 two 2 three 3 four 4 five 5 six 6 seven 7 eight 8 nine 9');

function words(list: string): Record<string, number> {
  const parts = list.split(' ');
  const out: Record<string, number> = {};
  for (let i = 0; i + 1 < parts.length; i += 2) out[parts[i]!] = Number(parts[i + 1]);
  return out;
}

const NUMBER_RE =
  /(?<![\p{L}\d])\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?![\d,.]\d)|(?<![\p{L}\d])\d+(?:[.,:]\d+)*/gu;
const FR_TIME_RE = /(?<!\d)([01]?\d|2[0-3])\s?h\s?([0-5]\d)(?!\d)/gu;

function canonical(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Math.round(value * 1000) / 1000);
}

/** Value of a digit string in the conventions of `lang`; null when it is not one number. */
function valueOf(raw: string, lang: string): { value: number; decimal: boolean } | null {
  const compact = raw.replace(/[\u00a0\u202f ]/g, '');
  const decimalMark = DECIMAL_POINT.has(lang) ? '.' : ',';
  const groupMark = DECIMAL_POINT.has(lang) ? ',' : '.';
  const parts = compact.split(/([.,])/);
  let digits = parts[0]!;
  let decimal = false;
  for (let i = 1; i < parts.length; i += 2) {
    const mark = parts[i]!;
    const group = parts[i + 1] ?? '';
    if (mark === groupMark && group.length === 3 && !decimal) digits += group;
    else if ((mark === decimalMark || mark === groupMark) && !decimal) {
      digits += `.${group}`;
      decimal = true;
    } else return null;
  }
  const value = Number(digits);
  return Number.isFinite(value) ? { value, decimal: decimal && !Number.isInteger(value) } : null;
}

function kindOf(value: number, decimal: boolean, scaled: boolean): FigureKind {
  if (scaled || value >= 1e4) return 'large';
  if (decimal) return 'decimal';
  if (value >= 1900 && value <= 2100) return 'year';
  if (value <= 12) return 'small';
  return 'number';
}

function timeKey(h: number, m: number): string {
  return `t${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** The time of day `raw` stands for, when its context says it is one. */
function asTime(raw: string, before: string, after: string, lang: string): string | null {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(raw);
  if (!m) return null;
  let h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return null;
  const colon = raw.includes(':');
  const timeWordAfter = TIME_AFTER.test(after);
  if (!colon && !timeWordAfter && !(lang !== 'en' && TIME_BEFORE.test(before))) return null;
  if (/^p\.?\s?m\.?/u.test(after) && h < 12) h += 12;
  if (/^a\.?\s?m\.?/u.test(after) && h === 12) h = 0;
  return timeKey(h, min);
}

/** Every figure of a text written in `lang`, in text order; `skip` holds offsets already read as dates. */
export function figuresOf(
  text: string,
  lang: string,
  skip: ReadonlySet<number> = new Set(),
  lower: string = fold(text),
): Figure[] {
  const out: Figure[] = [];
  const taken = new Set<number>();
  for (const m of text.matchAll(FR_TIME_RE)) {
    out.push({
      key: timeKey(Number(m[1]), Number(m[2])),
      text: m[0],
      kind: 'time',
      start: m.index,
      end: m.index + m[0].length,
    });
    for (let i = m.index; i < m.index + m[0].length; i++) taken.add(i);
  }
  for (const m of text.matchAll(NUMBER_RE)) {
    const start = m.index;
    if (taken.has(start) || skip.has(start)) continue;
    let raw = m[0];
    // A space group is only a thousands separator in languages that write numbers so.
    if (/[\u00a0\u202f ]/.test(raw) && !SPACE_GROUPING.has(lang)) raw = raw.split(/[\u00a0\u202f ]/)[0]!;
    raw = raw.replace(/[.,:]+$/, '');
    const end = start + raw.length;
    const after = lower.slice(end, end + 24).replace(/^[\s\u00a0\u202f-]+/, '');
    const before = lower.slice(Math.max(0, start - 12), start);
    const time = asTime(raw, before, after, lang);
    if (time) {
      const suffix = /^(?:a\.?\s?m\.?|p\.?\s?m\.?)/u.exec(after)?.[0];
      out.push({ key: time, text: suffix ? `${raw} ${suffix}` : raw, kind: 'time', start, end });
      continue;
    }
    if (raw.includes(':')) continue;
    const parsed = valueOf(raw, lang);
    if (!parsed) continue;
    let { value } = parsed;
    let scaled = false;
    let unitText = '';
    let rest = after;
    const scale = SCALES.find(([re]) => re.test(rest));
    if (scale) {
      const word = scale[0].exec(rest)![0];
      value *= scale[1];
      scaled = true;
      unitText = ` ${word}`;
      rest = rest.slice(word.length).replace(/^\s*(?:de\s+|d')?/u, '');
    }
    const unit = UNITS.find(([re]) => re.test(rest));
    if (unit) unitText += unit[1] === '%' ? '%' : ` ${unit[1]}`;
    if (value === 0 || value === 1) continue;
    out.push({
      key: canonical(value),
      text: `${raw}${unitText}`,
      kind: kindOf(value, parsed.decimal, scaled),
      start,
      end,
    });
  }
  out.push(...numberWords(text, lang));
  return out.sort((a, b) => a.start - b.start);
}

const alternation = (words: Iterable<string>): string =>
  [...words].sort((a, b) => b.length - a.length).join('|');
/** Per language, one expression for its number words (English: with compounds up to ninety-nine). */
const NUMBER_WORD_RE: Record<string, RegExp> = Object.fromEntries(
  Object.entries(NUMBER_WORDS).map(([lang, table]) => {
    const words = alternation(Object.keys(table));
    const pattern =
      lang === 'en'
        ? `(?:${alternation(Object.keys(EN_TENS))})(?:-(?:${alternation(Object.keys(EN_UNITS))}))?|${words}`
        : words;
    return [lang, new RegExp(`(?<![\\p{L}])(?:${pattern})(?![\\p{L}])`, 'giu')];
  }),
);

/** Small numbers written as words; English compounds up to ninety-nine. */
function numberWords(text: string, lang: string): Figure[] {
  const table = NUMBER_WORDS[lang];
  const re = NUMBER_WORD_RE[lang];
  if (!table || !re) return [];
  const out: Figure[] = [];
  for (const m of text.matchAll(re)) {
    const word = m[0].toLowerCase();
    let value = table[word];
    if (value === undefined) {
      const [tens, unit] = word.split('-');
      value = (EN_TENS[tens!] ?? 0) + (unit === undefined ? 0 : (EN_UNITS[unit] ?? 0));
    }
    out.push({
      key: String(value),
      text: m[0],
      kind: value <= 12 ? 'small' : 'number',
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return out;
}
