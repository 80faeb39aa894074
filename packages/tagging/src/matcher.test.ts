import { describe, expect, it } from 'vitest';
import { Matcher, type Layer } from './matcher.js';
import type { Lang } from './stem.js';
import { tokenize, WordAnalyzer, type Token } from './tokenize.js';

function setup(lang: Lang, terms: string[], properNames = false, layer: Layer = 'topic') {
  const matcher = new Matcher<string>({ lang, layer, properNames, compounds: lang === 'de' });
  for (const t of terms) matcher.add(t, t);
  const words = new WordAnalyzer(lang, {
    topicKey: (s) => (layer === 'entity' ? -1 : matcher.keyOf(s)),
    entityKey: (s) => (layer === 'entity' ? matcher.keyOf(s) : -1),
    compoundKey: (s) => matcher.compoundOf(s),
    startsTopicTerm: (key) => matcher.startsTerm(key),
    startsEntityTerm: (key) => matcher.startsTerm(key),
    numericTerms: matcher.hasNumericKey(),
  });
  return (text: string) => {
    const tokens: Token[] = [];
    tokenize(text, 'body', words, 0, tokens);
    const found: { term: string; text: string; partial: boolean }[] = [];
    matcher.scan(tokens, (m) =>
      found.push({
        term: m.term,
        text: text.slice(tokens[m.first]!.start, tokens[m.last]!.end),
        partial: m.partial,
      }),
    );
    return found;
  };
}

describe('Matcher', () => {
  it('matches German compound heads and marked modifiers', () => {
    const match = setup('de', ['Sanktion', 'Embargo', 'Öl*', 'Preisdeckel']);
    expect(match('Neue Wirtschaftssanktionen beschlossen')).toEqual([
      { term: 'Sanktion', text: 'Wirtschaftssanktionen', partial: true },
    ]);
    const terms = match('Das Ölembargo gilt weiter').map((m) => m.term);
    expect(terms).toContain('Embargo');
    expect(terms).toContain('Öl*');
    expect(match('Der Gaspreisdeckel kommt').map((m) => m.term)).toEqual(['Preisdeckel']);
  });

  it('does not split words on terms that are not their head', () => {
    const match = setup('de', ['Sanktion']);
    expect(match('Sanktionierung? Nein: Sankt Petersburg')).toEqual([]);
  });

  it('prefers the longest term, so context phrases hide homonyms', () => {
    const match = setup('de', ['Energie', 'viel Energie']);
    expect(match('Sie hatte viel Energie').map((m) => m.term)).toEqual(['viel Energie']);
    expect(match('Die Energie wird teurer').map((m) => m.term)).toEqual(['Energie']);
  });

  it('lets a term start inside the previous one when it runs past it', () => {
    const match = setup('en', ['passenger plane', 'plane crash', 'crash', 'stock market crash']);
    // Leftmost-longest alone would stop at "passenger plane" and never see "plane crashed".
    expect(match('A passenger plane crashed near the airstrip').map((m) => m.text)).toEqual([
      'passenger plane',
      'plane crashed',
    ]);
    // A term inside one already matched is still hidden.
    expect(match('After the stock market crash').map((m) => m.term)).toEqual(['stock market crash']);
  });

  it('keeps names from overlapping', () => {
    const match = setup('en', ['New York', 'York Minster'], true, 'entity');
    expect(match('In New York Minster is a word').map((m) => m.term)).toEqual(['New York']);
  });

  it('matches multi-word terms across inflection', () => {
    const match = setup('en', ['price cap', 'asset freeze']);
    expect(match('The price caps and asset freezes stay').map((m) => m.term)).toEqual([
      'price cap',
      'asset freeze',
    ]);
  });

  it('enforces acronyms and capitalised names', () => {
    const match = setup('en', ['US', 'Turkey'], true);
    expect(match('Let us roast a turkey').map((m) => m.term)).toEqual([]);
    expect(match('US officials visited Turkey').map((m) => m.term)).toEqual(['US', 'Turkey']);
  });

  it('matches Russian terms in any case form', () => {
    const match = setup('ru', ['санкция']);
    expect(match('новые санкции; пакет санкций; под санкциями').length).toBe(3);
  });
});
