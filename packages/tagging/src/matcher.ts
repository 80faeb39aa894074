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
  next: Map<string, TokenNode<P>>;
  hits: Hit<P>[] | null;
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

export interface MatcherOptions {
  lang: Lang;
  /** Which stem to key on: common-word stems for topics, name stems for the gazetteer. */
  key: 'stem' | 'nameStem';
  /** Enforce initial capitals written in the lexicon (proper names); acronyms are always enforced. */
  properNames: boolean;
  /** Match German compound heads and modifiers. */
  compounds: boolean;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
// Shorter heads would fire inside unrelated words; the remaining part must still look like a word.
const MIN_HEAD = 4;
const MIN_REST = 3;
const MIN_MODIFIER_REST = 4;

export class Matcher<P> {
  private readonly root: TokenNode<P> = { next: new Map(), hits: null };
  private readonly heads: CharNode<P> = { next: new Map(), hits: null };
  private readonly modifiers: CharNode<P> = { next: new Map(), hits: null };

  constructor(private readonly options: MatcherOptions) {}

  /**
   * Adds a term. A trailing `*` marks a German compound modifier ("Öl*" also matches "Ölembargo").
   */
  add(rawTerm: string, payload: P): void {
    const modifier = rawTerm.endsWith('*');
    const term = modifier ? rawTerm.slice(0, -1) : rawTerm;
    const words = term.match(WORD);
    if (!words) throw new Error(`lexicon term without letters: "${rawTerm}"`);
    const { lang, key } = this.options;
    const keys = words.map((w) => (key === 'stem' ? stem(w, lang) : stemName(w, lang)));
    const cases = words.map((w) => caseRule(w, this.options.properNames));
    const hit: Hit<P> = { payload, term: rawTerm, cases };
    let node = this.root;
    for (const k of keys) {
      let child = node.next.get(k);
      if (!child) {
        child = { next: new Map(), hits: null };
        node.next.set(k, child);
      }
      node = child;
    }
    (node.hits ??= []).push(hit);
    if (this.options.compounds && keys.length === 1) {
      const k = keys[0]!;
      if (k.length >= MIN_HEAD) insertChars(this.heads, [...k].reverse(), hit);
      if (modifier) insertChars(this.modifiers, [...k], hit);
    }
  }

  /** Calls `emit` for every match, left to right. */
  scan(tokens: readonly Token[], emit: (match: Match<P>) => void): void {
    const { key, compounds } = this.options;
    const n = tokens.length;
    let i = 0;
    while (i < n) {
      const field = tokens[i]!.field;
      let node: TokenNode<P> | undefined = this.root;
      let bestHits: Hit<P>[] | null = null;
      let bestLast = -1;
      for (let j = i; j < n && tokens[j]!.field === field; j++) {
        node = node.next.get(tokens[j]![key]);
        if (!node) break;
        if (node.hits) {
          const ok = node.hits.filter((h) => casesFit(h.cases, tokens, i));
          if (ok.length > 0) {
            bestHits = ok;
            bestLast = j;
          }
        }
      }
      if (bestHits) {
        for (const h of bestHits) emit({ payload: h.payload, term: h.term, first: i, last: bestLast, partial: false });
        i = bestLast + 1;
        continue;
      }
      if (compounds) this.scanCompound(tokens, i, emit);
      i++;
    }
  }

  private scanCompound(tokens: readonly Token[], i: number, emit: (match: Match<P>) => void): void {
    const s = tokens[i]!.stem;
    if (s.length < MIN_MODIFIER_REST + 2) return;
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
    for (const h of headHits ?? []) emit({ payload: h.payload, term: h.term, first: i, last: i, partial: true });
    for (const h of modHits ?? []) {
      if (headHits?.includes(h)) continue;
      emit({ payload: h.payload, term: h.term, first: i, last: i, partial: true });
    }
  }
}

function caseRule(word: string, properNames: boolean): CaseRule {
  const upperFirst = word[0] !== word[0]!.toLowerCase();
  if (upperFirst && word.length > 1 && word === word.toUpperCase()) return 2;
  return properNames && upperFirst ? 1 : 0;
}

function casesFit(cases: readonly CaseRule[], tokens: readonly Token[], first: number): boolean {
  for (let k = 0; k < cases.length; k++) {
    const rule = cases[k]!;
    if (rule === 0) continue;
    const t = tokens[first + k]!;
    if (rule === 2 ? !t.allUpper : !t.upperFirst) return false;
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
