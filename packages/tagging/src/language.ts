import { LANGS, type Lang } from './stem.js';

/**
 * Rule sets exist for five languages. Feeds that say 'und' (or a regional variant such as 'de-AT')
 * are resolved here: the declared language when usable, otherwise the language whose function
 * words are most frequent in the text.
 */

const FUNCTION_WORDS: Record<Lang, readonly string[]> = {
  de: ['der', 'die', 'das', 'und', 'nicht', 'mit', 'auf', 'für', 'ist', 'den', 'ein', 'eine', 'sich', 'dem'],
  en: ['the', 'and', 'of', 'to', 'in', 'is', 'that', 'for', 'on', 'with', 'was', 'said', 'by', 'its'],
  fr: ['le', 'la', 'les', 'des', 'et', 'une', 'du', 'est', 'dans', 'pour', 'qui', 'au', 'sur', 'pas'],
  es: ['el', 'los', 'las', 'del', 'y', 'una', 'que', 'por', 'con', 'para', 'es', 'se', 'al', 'lo'],
  ru: ['и', 'в', 'не', 'на', 'что', 'с', 'по', 'как', 'из', 'о', 'от', 'за', 'это', 'к'],
};

const LOOKUP = new Map<string, Lang[]>();
for (const lang of LANGS) {
  for (const w of FUNCTION_WORDS[lang]) LOOKUP.set(w, [...(LOOKUP.get(w) ?? []), lang]);
}

export function resolveLanguage(declared: string, sample: string): Lang {
  // The common case, a plain supported code, costs no string work.
  if ((LANGS as readonly string[]).includes(declared)) return declared as Lang;
  const base = declared.toLowerCase().split(/[-_]/)[0] ?? '';
  if ((LANGS as readonly string[]).includes(base)) return base as Lang;
  const counts: Record<Lang, number> = { de: 0, en: 0, fr: 0, es: 0, ru: 0 };
  for (const w of sample
    .toLowerCase()
    .slice(0, 2000)
    .split(/[^\p{L}]+/u)) {
    for (const lang of LOOKUP.get(w) ?? []) counts[lang]++;
  }
  return LANGS.reduce((best, lang) => (counts[lang] > counts[best] ? lang : best), 'en' as Lang);
}
