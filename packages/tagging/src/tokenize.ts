import type { TextField } from '@wirestream/contract';
import { stem, stemName, type Lang } from './stem.js';

export interface Token {
  surface: string;
  /** Character offset of the token in its field. */
  start: number;
  end: number;
  field: TextField;
  /** Sentence number across the whole article (title, summary and body share one count). */
  sentence: number;
  /** Paragraph number inside the body; 0 for title and summary. */
  paragraph: number;
  stem: string;
  nameStem: string;
  upperFirst: boolean;
  allUpper: boolean;
}

// Letters, combining marks and digits; apostrophes and hyphens separate tokens so that
// "US-Sanktionen" yields "US" + "Sanktionen" and "Russia's" yields "Russia" + "s".
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const SENTENCE_END = /[.!?…]["'“”»«„)\]]*\s/;
// A full stop after these does not end a sentence (ordinals "9. Oktober", initials "U.S.", titles).
const NO_BREAK_AFTER = new Set([
  'dr', 'mr', 'mrs', 'ms', 'st', 'nr', 'no', 'bzw', 'vs', 'ca', 'gen', 'sen', 'rep', 'prof', 'jan', 'feb', 'aug',
  'sept', 'oct', 'nov', 'dec', 'mme', 'sr', 'sra', 'г', 'гг', 'им', 'т',
]);

export function tokenize(text: string, field: TextField, lang: Lang, sentenceStart: number, out: Token[]): number {
  let sentence = sentenceStart;
  let paragraph = 0;
  let prevEnd = 0;
  let prevSurface = '';
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    const start = m.index;
    const surface = m[0];
    if (prevEnd > 0 || start > 0) {
      const gap = text.slice(prevEnd, start);
      if (gap.includes('\n')) {
        sentence++;
        if (/\n\s*\n/.test(gap)) paragraph++;
      } else if (prevSurface !== '' && SENTENCE_END.test(gap) && breaksAfter(prevSurface, gap)) {
        sentence++;
      }
    }
    const upperFirst = surface[0] !== surface[0]!.toLowerCase();
    const allUpper = upperFirst && surface.length > 1 && surface === surface.toUpperCase() && /\p{L}/u.test(surface);
    out.push({
      surface,
      start,
      end: start + surface.length,
      field,
      sentence,
      paragraph: field === 'body' ? paragraph : 0,
      stem: stem(surface, lang),
      nameStem: stemName(surface, lang),
      upperFirst,
      allUpper,
    });
    prevEnd = start + surface.length;
    prevSurface = surface;
  }
  return sentence + 1;
}

function breaksAfter(prev: string, gap: string): boolean {
  if (!gap.startsWith('.')) return true;
  if (/^\d+$/.test(prev)) return false;
  if (prev.length === 1 && prev !== prev.toLowerCase()) return false;
  return !NO_BREAK_AFTER.has(prev.toLowerCase());
}
