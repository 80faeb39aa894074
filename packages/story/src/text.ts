/** Small text helpers shared by the extractors. */

const MARKS_RE = /\p{M}+/gu;

/** Lower case, diacritics kept (offsets stay those of the text): for context tests. */
export const fold = (text: string): string => text.toLowerCase();

/** Lower case without combining marks, for lexicon keys ("März" → "marz"); changes offsets. */
export const foldWord = (word: string): string => word.toLowerCase().normalize('NFD').replace(MARKS_RE, '');

export interface Word {
  text: string;
  start: number;
  /** First word of a sentence, a paragraph or a dateline: its capital says nothing. */
  initial: boolean;
}

/** A word: letters and their marks, with inner apostrophes and hyphens ("d'Ivoire", "Nord-Süd"). */
export const WORD_RE = /[\p{L}][\p{L}\p{M}]*(?:['’-][\p{L}][\p{L}\p{M}]*)*/gu;
const SENTENCE_END = /(?:[.!?:;–—•|]|\s-)[\s"'«»“”„([]*$/u;

/** The words of a text, each with whether it opens a sentence. */
export function wordsOf(text: string): Word[] {
  const out: Word[] = [];
  let last = 0;
  for (const m of text.matchAll(WORD_RE)) {
    const gap = text.slice(last, m.index);
    const initial = out.length === 0 || /\n/.test(gap) || SENTENCE_END.test(gap);
    out.push({ text: m[0], start: m.index, initial });
    last = m.index + m[0].length;
  }
  return out;
}
