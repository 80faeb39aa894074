/**
 * Light suffix-stripping stemmers, one per language.
 *
 * They only have to be *consistent*: lexicon terms and article tokens go through the same function,
 * so a stem never needs to be a real word. Light stemming (plural and case endings only) keeps
 * precision high for a rule-based tagger; aggressive derivational stemming would merge words such
 * as "energisch" and "Energie".
 */

export type Lang = 'de' | 'en' | 'fr' | 'es' | 'ru';
export const LANGS: readonly Lang[] = ['de', 'en', 'fr', 'es', 'ru'];

/** Lower-case and fold diacritics so "Öl", "Oel" typed without umlaut keys and "ol" meet. */
export function fold(word: string): string {
  const lower = word.toLowerCase();
  // Fast path: plain ASCII letters and digits need no folding.
  if (/^[a-z0-9]*$/.test(lower)) return lower;
  return lower
    .replace(/ß/g, 'ss')
    .replace(/ё/g, 'е')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC');
}

/** Russian needs й kept apart from и; NFD would split it into и + breve. */
function foldRu(word: string): string {
  return word.toLowerCase().replace(/ё/g, 'е');
}

function stripLongest(word: string, suffixes: readonly string[], minStem: number): string {
  for (const suffix of suffixes) {
    if (word.length - suffix.length >= minStem && word.endsWith(suffix)) {
      return word.slice(0, word.length - suffix.length);
    }
  }
  return word;
}

// Suffix lists are ordered longest first so the first hit is the longest one.
const DE_SUFFIXES = ['ern', 'em', 'en', 'er', 'es', 'e', 's', 'n'];
const RU_SUFFIXES = [
  'иями',
  'ями',
  'ами',
  'иях',
  'ией',
  'ого',
  'его',
  'ому',
  'ему',
  'ыми',
  'ими',
  'ах',
  'ях',
  'ых',
  'их',
  'ой',
  'ей',
  'ий',
  'ый',
  'ая',
  'яя',
  'ое',
  'ее',
  'ую',
  'юю',
  'ов',
  'ев',
  'ам',
  'ям',
  'ом',
  'ем',
  'ию',
  'ия',
  'ии',
  'ие',
  'ые',
  'ья',
  'ье',
  'ью',
  'а',
  'я',
  'о',
  'е',
  'ы',
  'и',
  'у',
  'ю',
  'ь',
  'й',
];
// Names (Песков, Алиев, Путин) must keep their -ов/-ев/-ин; only case endings are removed.
const RU_NAME_SUFFIXES = [
  'ами',
  'ями',
  'ого',
  'его',
  'ому',
  'ему',
  'ыми',
  'ими',
  'ым',
  'им',
  'ом',
  'ем',
  'ой',
  'ей',
  'ою',
  'ею',
  'ий',
  'ый',
  'ая',
  'яя',
  'ое',
  'ее',
  'ую',
  'ые',
  'ие',
  'ых',
  'их',
  'а',
  'я',
  'у',
  'ю',
  'е',
  'и',
  'ы',
  'ь',
  'й',
  'о',
];

// Two passes: "Konzerne" → "konzern" → "konz" meets "Konzern" → "konz". Only consistency matters.
function stemDe(word: string): string {
  return stripLongest(stripLongest(fold(word), DE_SUFFIXES, 3), DE_SUFFIXES, 3);
}

function stemEn(word: string): string {
  const w = fold(word);
  if (w.length <= 3) return w;
  return dropFinalE(stripEn(w));
}

function stripEn(w: string): string {
  if (w.endsWith('ies') && w.length > 4) return w.slice(0, -3) + 'y';
  if (/(?:ss|sh|ch|x|zz)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) return w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) return w.slice(0, -3);
  if (w.endsWith('ied') && w.length > 4) return w.slice(0, -3) + 'y';
  if (w.endsWith('eed') && w.length > 4) return w.slice(0, -1);
  if (w.endsWith('ed') && w.length > 4) return w.slice(0, -2);
  return w;
}

// "accuse", "accused" and "accuses" must meet: after the suffix goes, a final e goes too.
function dropFinalE(w: string): string {
  return w.length > 3 && w.endsWith('e') && !w.endsWith('ee') ? w.slice(0, -1) : w;
}

function stemFr(word: string): string {
  let w = fold(word).replace(/^(?:l|d|qu|j|n|s|c)'/, '');
  if (w.length <= 3) return w;
  if (w.endsWith('aux') && w.length > 4) return w.slice(0, -3) + 'al';
  if (/[sx]$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

function stemEs(word: string): string {
  let w = fold(word);
  if (w.length <= 3) return w;
  if (/[nrldzj]es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s')) w = w.slice(0, -1);
  if (/[aoe]$/.test(w) && w.length > 4) w = w.slice(0, -1);
  return w;
}

function stemRu(word: string): string {
  return stripLongest(foldRu(word), RU_SUFFIXES, 3);
}

function stemRuName(word: string): string {
  return stripLongest(foldRu(word), RU_NAME_SUFFIXES, 3);
}

const STEMMERS: Record<Lang, (word: string) => string> = {
  de: stemDe,
  en: stemEn,
  fr: stemFr,
  es: stemEs,
  ru: stemRu,
};

/** Stem of a common word (topic lexicon). */
export function stem(word: string, lang: Lang): string {
  return STEMMERS[lang](word);
}

/** Stem of a proper name (gazetteer). Differs from `stem` only where names decline differently. */
export function stemName(word: string, lang: Lang): string {
  return lang === 'ru' ? stemRuName(word) : STEMMERS[lang](word);
}
