import { describe, expect, it } from 'vitest';
import { Matcher } from './matcher.js';
import type { Lang } from './stem.js';
import { tokenize, TokenPool, WordAnalyzer, type TermStarts, type Token } from './tokenize.js';

function analyzerFor(lang: Lang, terms: string[]) {
  const matcher = new Matcher<string>({ lang, layer: 'topic', properNames: false, compounds: lang === 'de' });
  for (const t of terms) matcher.add(t, t);
  const words = new WordAnalyzer(lang, {
    topicKey: (s) => matcher.keyOf(s),
    entityKey: () => -1,
    compoundKey: (s) => matcher.compoundOf(s),
    startsTopicTerm: (key) => matcher.startsTerm(key),
    startsEntityTerm: () => false,
    numericTerms: matcher.hasNumericKey(),
  });
  return { matcher, words };
}

function run(words: WordAnalyzer, text: string): { tokens: Token[]; starts: TermStarts } {
  const tokens: Token[] = [];
  const starts: TermStarts = { topic: [], entity: [], subject: [] };
  tokenize(text, 'body', words, 0, tokens, starts);
  return { tokens, starts };
}

describe('WordAnalyzer', () => {
  it('gives every token the analysis of its own text, however many forms it has cached', () => {
    const { words } = analyzerFor('en', ['sanction']);
    // Enough distinct forms to make the cache double several times.
    const vocabulary = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}x`);
    const text = [...vocabulary, ...vocabulary.slice(0, 100), 'sanctions'].join(' ');
    const { tokens } = run(words, text);
    expect(tokens).toHaveLength(5101);
    for (const t of tokens) expect(t.word.surface).toBe(text.slice(t.start, t.end));
    // A repeated form is the very same analysis, not a second one.
    expect(tokens[5000]!.word).toBe(tokens[0]!.word);
    expect(tokens.at(-1)!.word.topicKey).toBeGreaterThanOrEqual(0);
  });

  it('starts over when the cache is full and still analyses every word right', () => {
    const { words } = analyzerFor('en', ['sanction']);
    const text = Array.from({ length: 70_000 }, (_, i) => `q${i.toString(36)}`).join(' ') + ' sanctions q0';
    const { tokens } = run(words, text);
    expect(tokens).toHaveLength(70_002);
    for (let k = 0; k < tokens.length; k += 997) {
      expect(tokens[k]!.word.surface).toBe(text.slice(tokens[k]!.start, tokens[k]!.end));
    }
    expect(tokens[70_000]!.word.topicKey).toBeGreaterThanOrEqual(0);
    expect(tokens[70_001]!.word.surface).toBe('q0');
  });

  it('analyses over-long words without caching them', () => {
    const { words } = analyzerFor('en', []);
    const long = 'a'.repeat(200);
    const { tokens } = run(words, `${long} b${long}`);
    expect(tokens.map((t) => t.word.surface)).toEqual([long, `b${long}`]);
  });

  it('lets figures share one analysis unless a term is a bare figure', () => {
    const plain = analyzerFor('en', ['summit']).words;
    const a = run(plain, 'In 2026 and 1999 at the summit.').tokens;
    expect(a[1]!.word).toBe(a[3]!.word);
    expect(a[1]!.word.periodEnds).toBe(false);

    const { matcher, words } = analyzerFor('en', ['Agenda 2030']);
    const { tokens, starts } = run(words, 'The Agenda 2030 and 2031 plans');
    const found: string[] = [];
    matcher.scan(tokens, (m) => found.push(m.term), starts.topic);
    expect(found).toEqual(['Agenda 2030']);
    expect(tokens[2]!.word.surface).toBe('2030');
    expect(tokens[4]!.word.surface).toBe('2031');
  });

  it('finds the same matches from the noted term starts as from every token', () => {
    const { matcher, words } = analyzerFor('de', ['Sanktion', 'Öl*', 'Embargo', 'viel Energie', 'Energie']);
    const text =
      'Neue Wirtschaftssanktionen. Das Ölembargo bleibt; sie hatte viel Energie.\n\nDie Energie und Sanktionen.';
    const { tokens, starts } = run(words, text);
    const all: string[] = [];
    const fromStarts: string[] = [];
    matcher.scan(tokens, (m) => all.push(`${m.term}@${m.first}`));
    matcher.scan(tokens, (m) => fromStarts.push(`${m.term}@${m.first}`), starts.topic);
    expect(fromStarts).toEqual(all);
    expect(all.length).toBeGreaterThanOrEqual(5);
  });

  it('keeps sentence and paragraph numbers across abbreviations, initials and figures', () => {
    const { words } = analyzerFor('de', []);
    const { tokens } = run(words, 'Dr. Meyer kam am 9. Oktober. Dann ging er.\n\nNeuer Absatz! Ende');
    const at = (w: string) => tokens.find((t) => t.word.surface === w)!;
    expect(at('Oktober').sentence).toBe(at('Dr').sentence);
    expect(at('Dann').sentence).toBe(at('Dr').sentence + 1);
    expect(at('Neuer').paragraph).toBe(1);
    expect(at('Ende').sentence).toBe(at('Neuer').sentence + 1);
  });

  it('recycles token objects without changing what a later article gets', () => {
    const { words } = analyzerFor('en', ['sanction']);
    const pool = new TokenPool();
    const plain = (text: string) => {
      const tokens: Token[] = [];
      tokenize(text, 'body', words, 0, tokens);
      return tokens.map((t) => ({ ...t }));
    };
    const pooled = (text: string) => {
      pool.reset();
      const tokens: Token[] = [];
      tokenize(text, 'body', words, 0, tokens, undefined, pool);
      return tokens.map((t) => ({ ...t }));
    };
    const long = 'New sanctions were announced. They take effect in May.\n\nMore follows.';
    const short = 'Short one.';
    expect(pooled(long)).toEqual(plain(long));
    expect(pooled(short)).toEqual(plain(short));
    expect(pooled(long)).toEqual(plain(long));
  });
});
