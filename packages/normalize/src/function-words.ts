/**
 * A cheap language guess from function words ("the", "und", "и", …) for text that arrives without a
 * usable language. Language detection has one home, this package: `detectLanguage` (ELD n-grams,
 * 60 languages) decides an article's language; this guess only picks among the few languages a
 * caller has rules for (the tagger's five rule sets) when the article's language is none of them.
 * It is kept apart from language.ts, with an entry point of its own (@wirestream/normalize/
 * function-words), so that a tagger-only process does not load the n-gram tables; it costs a map
 * lookup per word and reads at most 2000 characters.
 */

const FUNCTION_WORDS: Readonly<Record<string, readonly string[]>> = {
  de: ['der', 'die', 'das', 'und', 'nicht', 'mit', 'auf', 'für', 'ist', 'den', 'ein', 'eine', 'sich', 'dem'],
  en: ['the', 'and', 'of', 'to', 'in', 'is', 'that', 'for', 'on', 'with', 'was', 'said', 'by', 'its'],
  fr: ['le', 'la', 'les', 'des', 'et', 'une', 'du', 'est', 'dans', 'pour', 'qui', 'au', 'sur', 'pas'],
  es: ['el', 'los', 'las', 'del', 'y', 'una', 'que', 'por', 'con', 'para', 'es', 'se', 'al', 'lo'],
  ru: ['и', 'в', 'не', 'на', 'что', 'с', 'по', 'как', 'из', 'о', 'от', 'за', 'это', 'к'],
};

const LOOKUP = new Map<string, string[]>();
for (const [lang, words] of Object.entries(FUNCTION_WORDS)) {
  for (const w of words) LOOKUP.set(w, [...(LOOKUP.get(w) ?? []), lang]);
}

const SAMPLE_CHARS = 2000;

/**
 * The candidate whose function words are most frequent in `sample`; `fallback` when none is more
 * frequent than it (ties go to the fallback, then to the earlier candidate). Candidates without a
 * function-word list never win.
 */
export function likeliestLanguage<L extends string>(
  sample: string,
  candidates: readonly L[],
  fallback: L,
): L {
  const counts: Record<string, number> = {};
  for (const w of sample
    .toLowerCase()
    .slice(0, SAMPLE_CHARS)
    .split(/[^\p{L}]+/u)) {
    for (const lang of LOOKUP.get(w) ?? []) counts[lang] = (counts[lang] ?? 0) + 1;
  }
  return candidates.reduce(
    (best, lang) => ((counts[lang] ?? 0) > (counts[best] ?? 0) ? lang : best),
    fallback,
  );
}
