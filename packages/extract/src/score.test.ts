import { describe, expect, it } from 'vitest';
import { benchmarkTokens, scoreCorpus, scorePage, shingleCounts } from './score.js';

describe('benchmark tokens', () => {
  it('keeps letters, digits and underscores of every script, drops punctuation, keeps case', () => {
    expect(benchmarkTokens('Hello, World! snake_case 42')).toEqual(['Hello', 'World', 'snake_case', '42']);
    expect(benchmarkTokens('Привет, мир — שלום עולם; مرحبا')).toEqual([
      'Привет',
      'мир',
      'שלום',
      'עולם',
      'مرحبا',
    ]);
  });

  it('splits at combining marks, as Python does', () => {
    // "e" + COMBINING ACUTE ACCENT: the mark is not a word character for Python's \w.
    expect(benchmarkTokens('cafe\u0301 ok')).toEqual(['cafe', 'ok']);
  });
});

describe('shingles', () => {
  it('counts 4-grams as a multiset', () => {
    const s = shingleCounts(['a', 'b', 'c', 'd', 'a', 'b', 'c', 'd']);
    expect(s.size).toBe(4);
    expect(s.get(['a', 'b', 'c', 'd'].join('\u0001'))).toBe(2);
  });

  it('gives one short shingle for fewer than four tokens and none for no tokens', () => {
    expect([...shingleCounts(['a', 'b']).values()]).toEqual([1]);
    expect(shingleCounts([]).size).toBe(0);
  });
});

describe('page score', () => {
  it('is perfect for equal token lists, whatever the punctuation', () => {
    const s = scorePage('One two three four five.', 'One, two; three four — five');
    expect(s).toMatchObject({ precision: 1, recall: 1, f1: 1, exact: true });
  });

  it('normalises counts per page and splits them into precision and recall', () => {
    // truth: 1 2 3 4 5 6 (3 shingles); predicted: 1 2 3 4 5 6 7 8 (5 shingles, 3 shared)
    const s = scorePage('1 2 3 4 5 6', '1 2 3 4 5 6 7 8');
    expect(s.tp + s.fp + s.fn).toBeCloseTo(1);
    expect(s.precision).toBeCloseTo(3 / 5);
    expect(s.recall).toBe(1);
    expect(s.exact).toBe(false);
  });

  it('scores nothing predicted as precision 0 and recall 0', () => {
    const s = scorePage('some words of a story', '');
    expect(s.precision).toBe(0);
    expect(s.recall).toBe(0);
    expect(s.tp + s.fp).toBe(0);
  });
});

describe('corpus score', () => {
  it('takes F1 from the mean precision and mean recall, leaving out pages without a denominator', () => {
    const pages = [
      scorePage('1 2 3 4 5 6', '1 2 3 4 5 6 7 8'), // P 0.6, R 1
      scorePage('a b c d e', 'a b c d e'), // P 1, R 1
      scorePage('x y z w v', ''), // no prediction: counts for recall (0) only
    ];
    const c = scoreCorpus(pages);
    expect(c.precision).toBeCloseTo((0.6 + 1) / 2);
    expect(c.recall).toBeCloseTo((1 + 1 + 0) / 3);
    expect(c.f1).toBeCloseTo((2 * c.precision * c.recall) / (c.precision + c.recall));
    expect(c.accuracy).toBeCloseTo(1 / 3);
  });
});
