import type { Token } from './tokenize.js';
import { stem, stemName, type Lang } from './stem.js';

/**
 * Token trie over stems: one walk per token position finds every lexicon term, single- or
 * multi-word, with dictionary lookups only. Leftmost-longest: a longer term ("viel Energie",
 * "White House") hides the shorter one it contains, which is how context phrases switch off a
 * homonym without any extra rule.
 *
 * German compounds get a second chance when a token has no whole-word hit: a reversed character
 * trie finds lexicon stems that end the token (compound heads: Wirtschafts|sanktionen) and a forward
 * one finds terms marked as modifiers (Öl|embargo, Gas|preisdeckel).
 */

/** 0: any case; 1: must start upper-case; 2: must be all upper-case (acronyms such as US, WHO). */
type CaseRule = 0 | 1 | 2;

interface Hit<P> {
  payload: P;
  term: string;
  cases: CaseRule[];
}

interface TokenNode<P> {
  next: Map<number, TokenNode<P>>;
  hits: Hit<P>[] | null;
  /** No hit here has a case rule, so every one fits whatever the case of the text. */
  caseFree: boolean;
  /** Some longer term continues from here (kept apart from `next` so a walk can stop cheaply). */
  hasNext: boolean;
}

interface CharNode<P> {
  next: Map<string, CharNode<P>>;
  hits: Hit<P>[] | null;
}

export interface Match<P> {
  payload: P;
  /** The lexicon term as written in the data file. */
  term: string;
  /** Index of the first and last token of the match. */
  first: number;
  last: number;
  /** True when the term is only part of a compound token. */
  partial: boolean;
}

export interface MatcherOptions<P> {
  lang: Lang;
  /**
   * Which lexicon this matcher holds, and so which interned id of a token it reads: common-word
   * stems for topics (`topicKey`) and subjects (`subjectKey`), name stems for the gazetteer
   * (`entityKey`).
   */
  layer: Layer;
  /** Enforce initial capitals written in the lexicon (proper names); acronyms are always enforced. */
  properNames: boolean;
  /** Match German compound heads and modifiers. */
  compounds: boolean;
  /** Which payloads denote the same entity, so that one word adds one hit; default: equal payloads. */
  identity?: (payload: P) => string;
}

export type Layer = 'topic' | 'subject' | 'entity';

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
// Shorter heads would fire inside unrelated words; the remaining part must still look like a word.
const MIN_HEAD = 4;
const MIN_REST = 2;
const MIN_MODIFIER_REST = 4;

export class Matcher<P> {
  private readonly root: TokenNode<P> = { next: new Map(), hits: null, caseFree: true, hasNext: false };
  /** The root's children again, as an array indexed by stem id: the probe every token makes. */
  private readonly starts: (TokenNode<P> | undefined)[] = [];
  private readonly heads: CharNode<P> = { next: new Map(), hits: null };
  private readonly modifiers: CharNode<P> = { next: new Map(), hits: null };
  /** Stem → small integer; trie edges are keyed by these ids, resolved once per word form. */
  private readonly vocab = new Map<string, number>();
  /** Distinct lists of compound hits; words share them, so the list stays small however many words. */
  private readonly compoundLists: Hit<P>[][] = [];
  private readonly compoundListIndex = new Map<string, number>();
  private readonly hitIds = new Map<Hit<P>, number>();

  /** Common-word lexicons (topics, subjects) let terms overlap; names do not. */
  private readonly overlapping: boolean;

  constructor(private readonly options: MatcherOptions<P>) {
    this.overlapping = options.layer !== 'entity';
  }

  /**
   * Adds a term. A trailing `*` marks a German compound modifier ("Öl*" also matches "Ölembargo").
   */
  add(rawTerm: string, payload: P): void {
    const modifier = rawTerm.endsWith('*');
    const term = modifier ? rawTerm.slice(0, -1) : rawTerm;
    const words = term.match(WORD);
    if (!words) throw new Error(`lexicon term without letters: "${rawTerm}"`);
    const { lang, layer } = this.options;
    const keys = words.map((w) => (layer === 'entity' ? stemName(w, lang) : stem(w, lang)));
    const cases = words.map((w) => caseRule(w, this.options.properNames));
    const hit: Hit<P> = { payload, term: rawTerm, cases };
    let node = this.root;
    for (const k of keys) {
      let id = this.vocab.get(k);
      if (id === undefined) this.vocab.set(k, (id = this.vocab.size));
      let child = node.next.get(id);
      if (!child) {
        child = { next: new Map(), hits: null, caseFree: true, hasNext: false };
        node.next.set(id, child);
        node.hasNext = true;
        if (node === this.root) this.starts[id] = child;
      }
      node = child;
    }
    // The same word listed twice for one entity ("Polen" as name and as plural of "Pole", or the
    // German noun "Chilene" and the Spanish adjective "chilena") must count once; the looser case
    // rule of the two wins so that neither spelling stops matching.
    const identity = this.options.identity ?? ((p: P) => JSON.stringify(p));
    const same = node.hits?.find((h) => identity(h.payload) === identity(payload));
    if (same) {
      same.cases = same.cases.map((c, k) => Math.min(c, cases[k]!) as CaseRule);
      node.caseFree = node.hits!.every((h) => h.cases.every((c) => c === 0));
      return;
    }
    (node.hits ??= []).push(hit);
    node.caseFree &&= cases.every((c) => c === 0);
    this.hitIds.set(hit, this.hitIds.size);
    if (this.options.compounds && keys.length === 1) {
      const k = keys[0]!;
      if (k.length >= MIN_HEAD) insertChars(this.heads, [...k].reverse(), hit);
      if (modifier) insertChars(this.modifiers, [...k], hit);
    }
  }

  /** Id of a stem in this matcher's vocabulary, or -1 when no term uses it. */
  keyOf(stemText: string): number {
    return this.vocab.get(stemText) ?? -1;
  }

  /** Some term begins with the stem of this id. */
  startsTerm(key: number): boolean {
    return key >= 0 && this.starts[key] !== undefined;
  }

  /** Some term has a word made of digits only (figures then need a lookup like any word). */
  hasNumericKey(): boolean {
    for (const k of this.vocab.keys()) if (/^[0-9]+$/.test(k)) return true;
    return false;
  }

  /**
   * Index of the compound hits of a (German) word stem, or -1 when it has none. Called once per
   * word form by the word cache, so the character tries are walked once per form, not per token.
   */
  compoundOf(stemText: string): number {
    if (!this.options.compounds || stemText.length < MIN_MODIFIER_REST + 2) return -1;
    const found = this.findCompoundHits(stemText);
    if (found.length === 0) return -1;
    const listKey = found.map((h) => this.hitIds.get(h)).join(',');
    let index = this.compoundListIndex.get(listKey);
    if (index === undefined) {
      index = this.compoundLists.push(found) - 1;
      this.compoundListIndex.set(listKey, index);
    }
    return index;
  }

  /** The match handed to `emit`, reused for every match (a scan allocates nothing per hit). */
  private readonly scratch: Match<P> = {
    payload: undefined as P,
    term: '',
    first: 0,
    last: 0,
    partial: false,
  };

  /**
   * Calls `emit` for every match, left to right. The match object is reused from one call to the
   * next: copy it (`{ ...m }`) to keep it. Tokens must carry keys from this matcher.
   * `from` (ascending) lists the only positions where a match can start, when the caller knows
   * them (see TermStarts); by default every token is tried.
   */
  scan(tokens: readonly Token[], emit: (match: Match<P>) => void, from?: readonly number[]): void {
    // The last token covered by an emitted match: a match that ends there or before lies inside
    // one already emitted and is hidden (how a context phrase switches off the word it contains).
    let covered = -1;
    if (from === undefined) {
      for (let i = 0; i < tokens.length; i++) covered = this.matchAt(tokens, i, emit, covered);
      return;
    }
    for (const i of from) covered = this.matchAt(tokens, i, emit, covered);
  }

  /**
   * Emits the longest match starting at token `i` (or its compound parts) unless an emitted match
   * already covers it; returns the last token covered. With `overlapping`, a match may start
   * inside the previous one and run past it ("passenger plane" then "plane crashed"); without,
   * it may not (names: "New York" never also yields "York …").
   */
  private matchAt(
    tokens: readonly Token[],
    i: number,
    emit: (match: Match<P>) => void,
    covered: number,
  ): number {
    if (i <= covered && !this.overlapping) return covered;
    const layer = this.options.layer;
    const token = tokens[i]!;
    const id = keyOf(token, layer);
    let node = id >= 0 ? this.starts[id] : undefined;
    if (node !== undefined) {
      const n = tokens.length;
      const field = token.field;
      let bestHits: Hit<P>[] | null = null;
      let bestLast = -1;
      for (let j = i; ;) {
        if (node.hits) {
          const ok = node.caseFree ? node.hits : fitting(node.hits, tokens, i);
          if (ok) {
            bestHits = ok;
            bestLast = j;
          }
        }
        if (!node.hasNext || ++j >= n) break;
        const t = tokens[j]!;
        if (t.field !== field) break;
        const nextId = keyOf(t, layer);
        if (nextId < 0) break;
        node = node.next.get(nextId);
        if (!node) break;
      }
      if (bestHits) {
        if (bestLast <= covered) return covered;
        for (const h of bestHits) emit(this.fill(h, i, bestLast, false));
        return bestLast;
      }
    }
    if (i <= covered) return covered;
    const compoundKey = layer === 'subject' ? token.word.subjectCompoundKey : token.word.compoundKey;
    if (this.options.compounds && compoundKey >= 0) {
      for (const h of this.compoundLists[compoundKey]!) {
        emit(this.fill(h, i, i, true));
      }
      return i;
    }
    return covered;
  }

  private fill(h: Hit<P>, first: number, last: number, partial: boolean): Match<P> {
    const m = this.scratch;
    m.payload = h.payload;
    m.term = h.term;
    m.first = first;
    m.last = last;
    m.partial = partial;
    return m;
  }

  /** Lexicon terms that end (heads) or start (modifiers) the stem of one compound word. */
  private findCompoundHits(s: string): Hit<P>[] {
    let headHits: Hit<P>[] | null = null;
    let node: CharNode<P> | undefined = this.heads;
    for (let k = s.length - 1; k >= MIN_REST; k--) {
      node = node.next.get(s[k]!);
      if (!node) break;
      if (node.hits) headHits = node.hits;
    }
    let modHits: Hit<P>[] | null = null;
    node = this.modifiers;
    for (let k = 0; k < s.length - MIN_MODIFIER_REST; k++) {
      node = node.next.get(s[k]!);
      if (!node) break;
      if (node.hits) modHits = node.hits;
    }
    const found = [...(headHits ?? [])];
    for (const h of modHits ?? []) if (!found.includes(h)) found.push(h);
    return found;
  }
}

function keyOf(token: Token, layer: Layer): number {
  return layer === 'topic'
    ? token.word.topicKey
    : layer === 'subject'
      ? token.word.subjectKey
      : token.word.entityKey;
}

function caseRule(word: string, properNames: boolean): CaseRule {
  const upperFirst = word[0] !== word[0]!.toLowerCase();
  if (upperFirst && word.length > 1 && word === word.toUpperCase()) return 2;
  return properNames && upperFirst ? 1 : 0;
}

/** The hits whose case rules the tokens satisfy; null when none (no allocation in the common case). */
function fitting<P>(hits: Hit<P>[], tokens: readonly Token[], first: number): Hit<P>[] | null {
  let allFit = true;
  for (const h of hits) {
    if (!casesFit(h.cases, tokens, first)) {
      allFit = false;
      break;
    }
  }
  if (allFit) return hits;
  const ok = hits.filter((h) => casesFit(h.cases, tokens, first));
  return ok.length > 0 ? ok : null;
}

function casesFit(cases: readonly CaseRule[], tokens: readonly Token[], first: number): boolean {
  for (let k = 0; k < cases.length; k++) {
    const rule = cases[k]!;
    if (rule === 0) continue;
    const t = tokens[first + k]!;
    if (rule === 2 ? !t.word.allUpper : !t.word.upperFirst) return false;
  }
  return true;
}

function insertChars<P>(root: CharNode<P>, chars: readonly string[], hit: Hit<P>): void {
  let node = root;
  for (const c of chars) {
    let child = node.next.get(c);
    if (!child) {
      child = { next: new Map(), hits: null };
      node.next.set(c, child);
    }
    node = child;
  }
  (node.hits ??= []).push(hit);
}
