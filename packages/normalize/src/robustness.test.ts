import { describe, expect, it } from 'vitest';
import {
  canonicalizeUrl,
  cleanText,
  detectLanguage,
  htmlToText,
  normalizeForHash,
  parseDate,
  stripBoilerplate,
  wordsForHash,
} from './index.js';

// Deterministic pseudo-random generator, so a failure is reproducible.
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const POOL = [
  ...'abcXYZ0123456789 ,.:;-+/()<>&#%?=_~\n\t',
  'é',
  'ß',
  'ж',
  '中',
  '\u00AD',
  '\u200B',
  '&amp;',
  '<p>',
  '</p>',
  '<br>',
  'GMT',
  'Mai',
  '2025',
  '13:02',
  'https://',
  'utm_source=x',
  '/amp/',
];

function randomStrings(count: number, seed: number): string[] {
  const next = lcg(seed);
  return Array.from({ length: count }, () => {
    const len = Math.floor(next() * 20);
    let s = '';
    for (let i = 0; i < len; i++) s += POOL[Math.floor(next() * POOL.length)];
    return s;
  });
}

describe('robustness on random input', () => {
  const inputs = randomStrings(3000, 42);

  it('never throws and returns well-formed values', () => {
    for (const input of inputs) {
      const date = parseDate(input);
      if (date !== null) expect(Number.isNaN(date.getTime()), input).toBe(false);
      expect(typeof htmlToText(input)).toBe('string');
      expect(cleanText(input)).toBe(cleanText(cleanText(input)));
      expect(normalizeForHash(input)).not.toMatch(/^\s|\s$|\s\s|[^\p{L}\p{M}\p{N} ]/u);
      for (const token of wordsForHash(input)) expect(token).toMatch(/^[\p{L}\p{M}\p{N}]+$/u);
      const { body, credit } = stripBoilerplate(input);
      expect(input.startsWith(body) || credit !== null).toBe(true);
      expect(['detected', 'unknown']).toContain(detectLanguage(input).source);
    }
  });

  it('canonicalizes idempotently', () => {
    const urls = [
      ...inputs.map((s) => `https://m.amp.wirebureau.example/${s}`),
      'https://wirebureau.example/a/index.html/',
      'https://wirebureau.example/story.amp.amp',
      'https://m.amp.wirebureau.example/amp/x/?amp=1&b=%7e&a=%2f#f',
    ];
    for (const url of urls) {
      const once = canonicalizeUrl(url);
      if (once !== null) expect(canonicalizeUrl(once), url).toBe(once);
    }
  });
});

describe('parseDate round trips', () => {
  const next = lcg(7);
  // Random instants over years 0–9999, at whole seconds.
  const instants = Array.from({ length: 2000 }, () => {
    const min = Date.parse('0000-01-01T00:00:00Z');
    const max = Date.parse('9999-12-31T23:59:59Z');
    return new Date(Math.floor((min + next() * (max - min)) / 1000) * 1000);
  });

  it('reads back toISOString() and toUTCString()', () => {
    for (const d of instants) {
      expect(parseDate(d.toISOString())?.getTime(), d.toISOString()).toBe(d.getTime());
      expect(parseDate(d.toUTCString())?.getTime(), d.toUTCString()).toBe(d.getTime());
    }
  });
});
