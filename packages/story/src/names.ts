/**
 * Names across scripts and spellings. A name is transliterated to Latin (Cyrillic by
 * @sindresorhus/transliterate, with Щ as "shch"), then the spelling conventions of the language it
 * is written in are undone (German "sch", "tsch", "w", "j"; French "ch", "ou", "j"; Spanish "j",
 * "ll"), and what is left is reduced to its consonant skeleton: Шымкент, Shymkent, Schymkent and
 * Chymkent are all `5MKNT` (digits stand for sounds Latin spells with two or more letters: 4 ch,
 * 5 sh, 6 kh, 7 zh, 8 dzh, 9 ts); Туркестана, Turkestán and Turkestan are `TRKSTN`. Vowels go because
 * transliterations disagree on them most (Jekaterinburg, Iekaterinbourg, Yekaterinburg) and because
 * Russian case endings are mostly vowels. Exonyms (Genf, Genève, Ginebra) do not meet; the states
 * they lie in still do.
 */
import transliterate from '@sindresorhus/transliterate';

const CYRILLIC = /[\u0400-\u04ff]/u;
const REPLACEMENTS: Array<[string, string]> = [
  ['Щ', 'Shch'],
  ['щ', 'shch'],
  ['Х', 'Kh'],
  ['х', 'kh'],
  ['Ц', 'Ts'],
  ['ц', 'ts'],
  ['Й', 'Y'],
  ['й', 'y'],
];

/** Latin letters, lower case, no diacritics (Cyrillic transliterated). */
export function latinOf(word: string): string {
  const latin = /^[A-Za-z]*$/.test(word) ? word : transliterate(word, { customReplacements: REPLACEMENTS });
  return latin.toLowerCase().replace(/[^a-z]/g, '');
}

/** Spelling conventions per language, applied in order to the lower-case Latin form. */
const LANGUAGE_RULES: Record<string, Array<[RegExp, string]>> = {
  de: [
    [/tsch/g, '4'],
    [/sch/g, '5'],
    [/ch/g, '6'],
    [/ue/g, 'u'],
    [/oe/g, 'o'],
    [/ae/g, 'e'],
    [/j/g, 'y'],
    [/z/g, '9'],
    [/w/g, 'v'],
  ],
  fr: [
    [/tch/g, '4'],
    [/ch/g, '5'],
    [/dj/g, '8'],
    [/j/g, '7'],
    [/ou/g, 'u'],
    [/gu(?=[ei])/g, 'g'],
  ],
  es: [
    [/ch/g, '4'],
    [/j/g, '6'],
    [/ll/g, 'y'],
    [/gu(?=[ei])/g, 'g'],
    [/z/g, 's'],
  ],
  en: [
    [/tch/g, '4'],
    [/j/g, '8'],
  ],
  ru: [],
};

/** After the language's own rules: what every language's Latin spelling shares. */
const COMMON_RULES: Array<[RegExp, string]> = [
  [/shch/g, '5'],
  [/dzh/g, '8'],
  [/zh/g, '7'],
  [/kh/g, '6'],
  [/sh/g, '5'],
  [/ch/g, '4'],
  [/ts/g, '9'],
  [/tz/g, '9'],
  [/ph/g, 'f'],
  [/th/g, 't'],
  [/gh/g, 'g'],
  [/ck/g, 'k'],
  [/qu/g, 'k'],
  [/c(?=[eiy])/g, 's'],
  [/c/g, 'k'],
  [/q/g, 'k'],
  [/x/g, 'ks'],
  [/w/g, 'v'],
  [/h/g, ''],
  [/m(?=[bp])/g, 'n'],
  [/[aeiouy]/g, ''],
];

/** Russian instrumental endings, removed from Cyrillic words of five letters or more. */
const RU_ENDINGS = /(?<=[а-яё]{4})(ом|ем|ым|ами|ями)$/u;

/**
 * The consonant skeleton of a name written in `language` (ISO 639-1), in upper case; '' when the
 * word has no Latin form. Only the script decides the Cyrillic path; a Latin word in a Russian text
 * is read with the English rules.
 */
export function nameKey(word: string, language: string): string {
  const cacheKey = `${language} ${word}`;
  const cached = CACHE.get(cacheKey);
  if (cached !== undefined) return cached;
  // Names recur from article to article: a bounded cache spares the transliteration.
  if (CACHE.size >= CACHE_SIZE) CACHE.clear();
  const key = computeKey(word, language);
  CACHE.set(cacheKey, key);
  return key;
}

const CACHE_SIZE = 50_000;
const CACHE = new Map<string, string>();

function computeKey(word: string, language: string): string {
  const cyrillic = CYRILLIC.test(word);
  const base = cyrillic ? word.toLowerCase().replace(RU_ENDINGS, '') : word;
  let s = latinOf(base);
  if (!s) return '';
  const rules = cyrillic ? LANGUAGE_RULES.ru! : (LANGUAGE_RULES[language] ?? LANGUAGE_RULES.en!);
  for (const [re, to] of rules) s = s.replace(re, to);
  for (const [re, to] of COMMON_RULES) s = s.replace(re, to);
  s = s.toUpperCase();
  let out = '';
  for (const ch of s) if (ch !== out[out.length - 1]) out += ch;
  return out;
}
