import { likeliestLanguage } from '@wirestream/normalize/function-words';
import { LANGS, type Lang } from './stem.js';

/**
 * Rule sets exist for five languages. Feeds that say 'und' (or a regional variant such as 'de-AT')
 * are resolved here: the declared language when usable, otherwise the rule-set language whose
 * function words are most frequent in the text (detection itself lives in @wirestream/normalize).
 */
export function resolveLanguage(declared: string, sample: string): Lang {
  // The common case, a plain supported code, costs no string work.
  if ((LANGS as readonly string[]).includes(declared)) return declared as Lang;
  const base = declared.toLowerCase().split(/[-_]/)[0] ?? '';
  if ((LANGS as readonly string[]).includes(base)) return base as Lang;
  return likeliestLanguage(sample, LANGS, 'en');
}
