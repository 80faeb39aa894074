import type { TextField } from '@wirestream/contract';
import { fold, stem, stemName, type Lang } from './stem.js';

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
  /** The word as written; empty in the analysis that all plain figures share. */
  surface: string;
  /** Lower-cased with diacritics folded, for function-word checks (prepositions, articles). */
  folded: string;
  stem: string;
  nameStem: string;
  /** Interned ids of `stem` / `nameStem` in the topic and entity matchers; -1 when unknown there. */
  topicKey: number;
  entityKey: number;
  /** Index of the word's compound-part hits in the topic matcher; -1 when none. */
  compoundKey: number;
  /** The same two for the subject matcher. */
  subjectKey: number;
  subjectCompoundKey: number;
  /** A topic term (or a compound part) / a gazetteer name may begin with this word. */
  topicStart: boolean;
  entityStart: boolean;
  /** A subject term (or a compound part) may begin with this word. */
  subjectStart: boolean;
  upperFirst: boolean;
  allUpper: boolean;
  /** A full stop right after this word ends the sentence (not after a figure, an initial or "Dr"). */
  periodEnds: boolean;
}

/** Token positions where a lexicon term may start, collected while tokenizing (ascending). */
export interface TermStarts {
  /** Words that begin a topic term or hold a compound part. */
  topic: number[];
  /** Words that begin a gazetteer name. */
  entity: number[];
  /** Words that begin a subject term or hold a compound part of one. */
  subject: number[];
}

/**
 * Token objects recycled from article to article, so that tokenizing allocates next to nothing.
 * Safe because a tagger tags one article at a time and no token outlives the call that made it.
 */
export class TokenPool {
  private readonly items: Token[] = [];
  private used = 0;

  /** Makes every token available again; the previous article's tokens must no longer be in use. */
  reset(): void {
    this.used = 0;
  }

  take(
    start: number,
    end: number,
    field: TextField,
    sentence: number,
    paragraph: number,
    word: WordInfo,
  ): Token {
    if (this.used === this.items.length) {
      const token = { start, end, field, sentence, paragraph, word };
      this.items.push(token);
      this.used++;
      return token;
    }
    const token = this.items[this.used++]!;
    token.start = start;
    token.end = end;
    token.field = field;
    token.sentence = sentence;
    token.paragraph = paragraph;
    token.word = word;
    return token;
  }
}

/** What the word cache asks the matchers once per distinct word form. */
export interface WordKeys {
  topicKey(stem: string): number;
  entityKey(nameStem: string): number;
  compoundKey(stem: string): number;
  /** Some term starts with the stem of this id (ids from `topicKey` / `entityKey`; -1 never). */
  startsTopicTerm(key: number): boolean;
  startsEntityTerm(key: number): boolean;
  /** The subject lexicon's counterparts of the three above; a tagger without subjects leaves them out. */
  subjectKey?(stem: string): number;
  subjectCompoundKey?(stem: string): number;
  startsSubjectTerm?(key: number): boolean;
  /** Some lexicon term contains a word made of digits only, so figures must be looked up. */
  numericTerms: boolean;
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
// and lexicon ids are computed once per distinct form. The cache is an open-addressing hash keyed
// by a hash computed while scanning the characters, so a known word costs no string allocation.
// Every token is one probe, so the probe must stay in the CPU caches: a slot is four integers
// (hash, word index, where the word's characters are, length and flags) in one typed array that
// starts small and doubles with the vocabulary, the characters of the cached words sit back to
// back in another, and the flags the tokenizer needs spare it a visit to the word's object.
const MIN_TABLE_BITS = 10;
const MAX_TABLE_BITS = 17;
const SLOT = 4;
/** Longer "words" (encoded blobs, runaway strings) are analysed every time and never cached. */
const MAX_CACHED_LENGTH = 64;
/** Flags in the low bits of a lookup code; the word index is above them. */
const TOPIC_START = 1;
const ENTITY_START = 2;
const SUBJECT_START = 4;
const FLAG_BITS = 3;
/** Index of the analysis all plain figures share. */
const FIGURE_INDEX = 0;
/** Index meaning "analysed but not cached" (see `uncached`). */
const UNCACHED_INDEX = 1;

/** Per-language word analysis with a cache; one instance per language and tagger. */
export class WordAnalyzer {
  private bits = MIN_TABLE_BITS;
  private slots = new Int32Array(SLOT << MIN_TABLE_BITS);
  private words: WordInfo[] = [FIGURE, FIGURE];
  /** The characters of the cached words, back to back. */
  private chars = new Uint16Array(1 << (MIN_TABLE_BITS + 2));
  private charsUsed = 0;
  /** The analysis of the last word too long to cache. */
  private uncached: WordInfo = FIGURE;
  /**
   * Figures (dates, amounts) are new forms in every story and would crowd the words out of the
   * cache; unless some lexicon term is a bare figure they share one analysis.
   */
  private readonly shareFigures: boolean;

  constructor(
    readonly lang: Lang,
    private readonly keys: WordKeys,
  ) {
    this.shareFigures = !keys.numericTerms;
  }

  /**
   * Finds or adds the analysis of `text.slice(start, end)`, whose FNV-1a hash is `hash`; `figure`
   * says that the word is made of ASCII digits only. Returns a code for `wordOf`, whose low bits
   * say whether a topic term (TOPIC_START) or a name (ENTITY_START) may begin with the word.
   */
  find(text: string, start: number, end: number, hash: number, figure: boolean): number {
    if (figure && this.shareFigures) return FIGURE_INDEX << FLAG_BITS;
    const length = end - start;
    const { slots, chars } = this;
    const mask = (1 << this.bits) - 1;
    let slot = hash & mask;
    for (let at = slot * SLOT; slots[at + 1] !== 0; at = slot * SLOT) {
      const packed = slots[at + 3]!;
      if (slots[at] === hash && packed >>> 8 === length) {
        const from = slots[at + 2]!;
        let k = 0;
        while (k < length && chars[from + k] === text.charCodeAt(start + k)) k++;
        if (k === length) return (slots[at + 1]! << FLAG_BITS) | (packed & 0xff);
      }
      slot = (slot + 1) & mask;
    }
    if (length > MAX_CACHED_LENGTH) {
      this.uncached = this.analyze(text.slice(start, end));
      return (UNCACHED_INDEX << FLAG_BITS) | flagsOf(this.uncached);
    }
    return this.add(text, start, length, hash, slot);
  }

  /** The analysis behind a code from `find` (valid until the next `find`). */
  wordOf(code: number): WordInfo {
    const index = code >>> FLAG_BITS;
    return index === UNCACHED_INDEX ? this.uncached : this.words[index]!;
  }

  /** Caches the analysis of a new word whose free slot is `slot`. */
  private add(text: string, start: number, length: number, hash: number, slot: number): number {
    if (2 * (this.words.length + 1) > 1 << this.bits) {
      // Past half full: double, or at the cap start over, so that a long-running worker keeps
      // its memory flat; the cache refills with the current vocabulary.
      if (this.bits < MAX_TABLE_BITS) this.grow();
      else this.clear();
      slot = this.freeSlot(this.slots, hash);
    }
    if (this.charsUsed + length > this.chars.length) {
      const chars = new Uint16Array(Math.max(2 * this.chars.length, this.charsUsed + length));
      chars.set(this.chars.subarray(0, this.charsUsed));
      this.chars = chars;
    }
    const from = this.charsUsed;
    for (let k = 0; k < length; k++) this.chars[from + k] = text.charCodeAt(start + k);
    this.charsUsed += length;
    // A fresh string: a slice could keep the whole article it came from alive in the cache.
    const info = this.analyze(String.fromCharCode(...this.chars.subarray(from, from + length)));
    const index = this.words.push(info) - 1;
    const flags = flagsOf(info);
    const at = slot * SLOT;
    this.slots[at] = hash;
    this.slots[at + 1] = index;
    this.slots[at + 2] = from;
    this.slots[at + 3] = (length << 8) | flags;
    return (index << FLAG_BITS) | flags;
  }

  private freeSlot(slots: Int32Array, hash: number): number {
    const mask = (1 << this.bits) - 1;
    let slot = hash & mask;
    while (slots[slot * SLOT + 1] !== 0) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const old = this.slots;
    this.bits++;
    this.slots = new Int32Array(SLOT << this.bits);
    for (let at = 0; at < old.length; at += SLOT) {
      if (old[at + 1] === 0) continue;
      this.slots.set(old.subarray(at, at + SLOT), this.freeSlot(this.slots, old[at]!) * SLOT);
    }
  }

  private clear(): void {
    this.bits = MIN_TABLE_BITS;
    this.slots = new Int32Array(SLOT << MIN_TABLE_BITS);
    this.words = [FIGURE, FIGURE];
    this.chars = new Uint16Array(1 << (MIN_TABLE_BITS + 2));
    this.charsUsed = 0;
  }

  analyze(surface: string): WordInfo {
    const upperFirst = surface[0] !== surface[0]!.toLowerCase();
    const wordStem = stem(surface, this.lang);
    const nameStem = stemName(surface, this.lang);
    const topicKey = this.keys.topicKey(wordStem);
    const entityKey = this.keys.entityKey(nameStem);
    const compoundKey = topicKey >= 0 ? -1 : this.keys.compoundKey(wordStem);
    const subjectKey = this.keys.subjectKey?.(wordStem) ?? -1;
    const subjectCompoundKey = subjectKey >= 0 ? -1 : (this.keys.subjectCompoundKey?.(wordStem) ?? -1);
    return {
      surface,
      folded: fold(surface),
      stem: wordStem,
      nameStem,
      topicKey,
      entityKey,
      // A word that is itself a lexicon term never needs splitting.
      compoundKey,
      topicStart: compoundKey >= 0 || this.keys.startsTopicTerm(topicKey),
      entityStart: this.keys.startsEntityTerm(entityKey),
      subjectKey,
      subjectCompoundKey,
      subjectStart: subjectCompoundKey >= 0 || (this.keys.startsSubjectTerm?.(subjectKey) ?? false),
      upperFirst,
      allUpper:
        upperFirst && surface.length > 1 && surface === surface.toUpperCase() && /\p{L}/u.test(surface),
      periodEnds: periodEndsSentence(surface),
    };
  }
}

function flagsOf(word: WordInfo): number {
  return (
    (word.topicStart ? TOPIC_START : 0) |
    (word.entityStart ? ENTITY_START : 0) |
    (word.subjectStart ? SUBJECT_START : 0)
  );
}

/** Figures are in no lexicon (checked per tagger: see WordKeys.numericTerms) and end no sentence. */
const FIGURE: WordInfo = {
  surface: '',
  folded: '',
  stem: '',
  nameStem: '',
  topicKey: -1,
  entityKey: -1,
  compoundKey: -1,
  subjectKey: -1,
  subjectCompoundKey: -1,
  topicStart: false,
  entityStart: false,
  subjectStart: false,
  upperFirst: false,
  allUpper: false,
  periodEnds: false,
};

const OTHER_WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

// Character classes of the Latin, Greek and Cyrillic blocks, looked up instead of tested: the
// scan below touches every character of every article.
const WORD = 1;
const DIGIT = 2;
const NEWLINE = 4;
const STOP = 8;
const CLASS_LIMIT = 0x500;
const CLASSES = new Uint8Array(CLASS_LIMIT);
for (let c = 0; c < CLASS_LIMIT; c++) {
  if (c >= 48 && c <= 57) CLASSES[c] = WORD | DIGIT;
  else if (isWordChar(c)) CLASSES[c] = WORD;
}
CLASSES[10] = NEWLINE;
for (const c of [46, 33, 63]) CLASSES[c] = STOP;

function classOf(c: number): number {
  if (c < CLASS_LIMIT) return CLASSES[c]!;
  // Dashes, quotes and the ellipsis of the General Punctuation block are common in wire copy.
  if (c >= 0x2000 && c <= 0x206f) return c === 0x2026 ? STOP : 0;
  return isWordChar(c) ? WORD : 0;
}

/**
 * Splits one field into tokens appended to `out`, numbering sentences from `sentenceStart`;
 * returns the next free sentence number. With `starts`, also notes where terms may begin, so that
 * the matchers skip the many words that are in no lexicon; with `pool`, reuses token objects.
 */
export function tokenize(
  text: string,
  field: TextField,
  words: WordAnalyzer,
  sentenceStart: number,
  out: Token[],
  starts?: TermStarts,
  pool?: TokenPool,
): number {
  let sentence = sentenceStart;
  let paragraph = 0;
  let prev: WordInfo | null = null;
  const inBody = field === 'body';
  const n = text.length;
  let i = 0;
  while (i < n) {
    // Gap between words: newlines end sentences (a blank line also a paragraph); a full stop,
    // question or exclamation mark followed by white space ends one unless it closes an abbreviation.
    let newlines = 0;
    let stop = false;
    let stopIsPeriod = false;
    let cls = 0;
    let c = 0;
    for (; i < n; i++) {
      c = text.charCodeAt(i);
      cls = classOf(c);
      if (cls & WORD) break;
      if (cls === NEWLINE) newlines++;
      else if (cls === STOP && (i + 1 >= n || isSpaceOrCloser(text.charCodeAt(i + 1)))) {
        stop = true;
        stopIsPeriod = c === 46;
      }
    }
    if (i >= n) break;
    const start = i;
    let hash = 0x811c9dc5 | 0;
    let all = cls;
    // Each character is read once: the one that ends the word is classified here.
    for (;;) {
      hash = Math.imul(hash ^ c, 0x01000193);
      if (++i >= n) break;
      c = text.charCodeAt(i);
      cls = classOf(c);
      if (!(cls & WORD)) break;
      all &= cls;
    }
    const found = words.find(text, start, i, hash, (all & DIGIT) !== 0);
    const word = words.wordOf(found);
    if (prev !== null) {
      if (newlines > 0) {
        sentence++;
        if (newlines > 1) paragraph++;
      } else if (stop && (!stopIsPeriod || prev.periodEnds)) {
        sentence++;
      }
    }
    if (starts !== undefined && (found & (TOPIC_START | ENTITY_START | SUBJECT_START)) !== 0) {
      if (found & TOPIC_START) starts.topic.push(out.length);
      if (found & ENTITY_START) starts.entity.push(out.length);
      if (found & SUBJECT_START) starts.subject.push(out.length);
    }
    const inParagraph = inBody ? paragraph : 0;
    out.push(
      pool === undefined
        ? { start, end: i, field, sentence, paragraph: inParagraph, word }
        : pool.take(start, i, field, sentence, inParagraph, word),
    );
    prev = word;
  }
  return sentence + 1;
}

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

function periodEndsSentence(surface: string): boolean {
  const c = surface.charCodeAt(0);
  if (c >= 48 && c <= 57) return false;
  if (surface.length === 1 && surface !== surface.toLowerCase()) return false;
  return !NO_BREAK_AFTER.has(surface.toLowerCase());
}
