import type { TextField } from '@wirestream/contract';
import { stem, stemName, type Lang } from './stem.js';

export interface Token {
  /** Character offset of the token in its field. */
  start: number;
  end: number;
  field: TextField;
  /** Sentence number across the whole article (title, summary and body share one count). */
  sentence: number;
  /** Paragraph number inside the body; 0 for title and summary. */
  paragraph: number;
  /** Shared analysis of the word form (one object per distinct form). */
  word: WordInfo;
}

export interface WordInfo {
  surface: string;
  stem: string;
  nameStem: string;
  /** Interned ids of `stem` / `nameStem` in the topic and entity matchers; -1 when unknown there. */
  topicKey: number;
  entityKey: number;
  /** Index of the word's compound-part hits in the topic matcher; -1 when none. */
  compoundKey: number;
  upperFirst: boolean;
  allUpper: boolean;
}

/** What the word cache asks the matchers once per distinct word form. */
export interface WordKeys {
  topicKey(stem: string): number;
  entityKey(nameStem: string): number;
  compoundKey(stem: string): number;
}

// Words are runs of letters, combining marks and digits; apostrophes and hyphens separate tokens
// so that "US-Sanktionen" yields "US" + "Sanktionen" and "Russia's" yields "Russia" + "s".
// A full stop after these does not end a sentence (ordinals "9. Oktober", initials "U.S.", titles).
const NO_BREAK_AFTER = new Set([
  'dr',
  'mr',
  'mrs',
  'ms',
  'st',
  'nr',
  'no',
  'bzw',
  'vs',
  'ca',
  'gen',
  'sen',
  'rep',
  'prof',
  'jan',
  'feb',
  'aug',
  'sept',
  'oct',
  'nov',
  'dec',
  'mme',
  'sr',
  'sra',
  'г',
  'гг',
  'им',
  'т',
]);

// News vocabulary is Zipfian: a few thousand word forms make up most tokens, so stems, case flags
// and lexicon ids are computed once per distinct form. The table is an open-addressing hash keyed
// by a hash computed while scanning the characters, so a known word costs no string allocation.
const TABLE_BITS = 17;
const MAX_WORDS = (1 << TABLE_BITS) >> 1;

/** Per-language word analysis with a cache; one instance per language and tagger. */
export class WordAnalyzer {
  private table: (WordInfo | undefined)[] = new Array<WordInfo | undefined>(1 << TABLE_BITS);
  private hashes = new Int32Array(1 << TABLE_BITS);
  private size = 0;

  constructor(
    readonly lang: Lang,
    private readonly keys: WordKeys,
  ) {}

  /** The analysis of `text.slice(start, end)`, whose FNV-1a hash is `hash`. */
  lookup(text: string, start: number, end: number, hash: number): WordInfo {
    const mask = (1 << TABLE_BITS) - 1;
    const length = end - start;
    let slot = hash & mask;
    for (;;) {
      const info = this.table[slot];
      if (info === undefined) break;
      if (
        this.hashes[slot] === hash &&
        info.surface.length === length &&
        text.startsWith(info.surface, start)
      ) {
        return info;
      }
      slot = (slot + 1) & mask;
    }
    const info = this.analyze(text.slice(start, end));
    if (this.size >= MAX_WORDS) {
      // A long-running worker keeps its memory flat; the cache refills with the current vocabulary.
      this.table = new Array<WordInfo | undefined>(1 << TABLE_BITS);
      this.hashes.fill(0);
      this.size = 0;
      slot = hash & mask;
    }
    this.table[slot] = info;
    this.hashes[slot] = hash;
    this.size++;
    return info;
  }

  analyze(surface: string): WordInfo {
    const upperFirst = surface[0] !== surface[0]!.toLowerCase();
    const wordStem = stem(surface, this.lang);
    const nameStem = stemName(surface, this.lang);
    const topicKey = this.keys.topicKey(wordStem);
    return {
      surface,
      stem: wordStem,
      nameStem,
      topicKey,
      entityKey: this.keys.entityKey(nameStem),
      // A word that is itself a lexicon term never needs splitting.
      compoundKey: topicKey >= 0 ? -1 : this.keys.compoundKey(wordStem),
      upperFirst,
      allUpper:
        upperFirst && surface.length > 1 && surface === surface.toUpperCase() && /\p{L}/u.test(surface),
    };
  }
}

export function tokenize(
  text: string,
  field: TextField,
  words: WordAnalyzer,
  sentenceStart: number,
  out: Token[],
): number {
  let sentence = sentenceStart;
  let paragraph = 0;
  let prevSurface = '';
  const n = text.length;
  let i = 0;
  while (i < n) {
    // Gap between words: newlines end sentences (a blank line also a paragraph); a full stop,
    // question or exclamation mark followed by white space ends one unless it closes an abbreviation.
    let newlines = 0;
    let stop = false;
    let stopIsPeriod = false;
    while (i < n && !isWordChar(text.charCodeAt(i))) {
      const c = text.charCodeAt(i);
      if (c === 10) newlines++;
      else if (c === 46 || c === 33 || c === 63 || c === 0x2026) {
        if (i + 1 >= n || isSpaceOrCloser(text.charCodeAt(i + 1))) {
          stop = true;
          stopIsPeriod = c === 46;
        }
      }
      i++;
    }
    if (i >= n) break;
    const start = i;
    let hash = 0x811c9dc5 | 0;
    for (let c = text.charCodeAt(i); i < n && isWordChar(c); c = text.charCodeAt(++i)) {
      hash = Math.imul(hash ^ c, 0x01000193);
    }
    const word = words.lookup(text, start, i, hash);
    if (prevSurface !== '') {
      if (newlines > 0) {
        sentence++;
        if (newlines > 1) paragraph++;
      } else if (stop && (!stopIsPeriod || breaksAfterPeriod(prevSurface))) {
        sentence++;
      }
    }
    out.push({ start, end: i, field, sentence, paragraph: field === 'body' ? paragraph : 0, word });
    prevSurface = word.surface;
  }
  return sentence + 1;
}

const OTHER_WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

/** Letters, combining marks and digits, with fast paths for the Latin and Cyrillic ranges. */
function isWordChar(c: number): boolean {
  if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  if (c >= 0xc0 && c <= 0x24f) return c !== 0xd7 && c !== 0xf7;
  if (c >= 0x400 && c <= 0x4ff) return true;
  if (c >= 0x300 && c <= 0x36f) return true;
  if (c < 0xc0) return c === 0xaa || c === 0xb5 || c === 0xba || c === 0xb2 || c === 0xb3 || c === 0xb9;
  if (c >= 0x2000 && c <= 0x2bff) return false;
  return OTHER_WORD_CHAR.test(String.fromCharCode(c));
}

/** White space or a closing quote/bracket, which may sit between a full stop and the next sentence. */
function isSpaceOrCloser(c: number): boolean {
  return (
    c === 32 ||
    c === 10 ||
    c === 13 ||
    c === 9 ||
    c === 0xa0 ||
    c === 34 ||
    c === 39 ||
    c === 41 ||
    c === 93 ||
    c === 0x201c ||
    c === 0x201d ||
    c === 0x201e ||
    c === 0xbb ||
    c === 0xab ||
    c === 0x2019
  );
}

function breaksAfterPeriod(prev: string): boolean {
  const c = prev.charCodeAt(0);
  if (c >= 48 && c <= 57) return false;
  if (prev.length === 1 && prev !== prev.toLowerCase()) return false;
  return !NO_BREAK_AFTER.has(prev.toLowerCase());
}
