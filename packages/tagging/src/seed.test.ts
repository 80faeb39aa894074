import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTagger } from './index.js';

// The German agency story the product was conceived from; read at runtime, never copied into the repo.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const seedPath = `${repoRoot}../shared/examples/seed-article-de.txt`;

describe('seed story (Kreml / US sanctions / Aliyev call)', () => {
  const tagger = loadTagger();
  const body = readFileSync(seedPath, 'utf8');
  const result = tagger.tag({
    title: 'Kreml reagiert auf US-Sanktionen gegen Ölkonzerne',
    summary: '',
    body,
    language: 'de',
  });
  const slugs = result.topics.map((t) => t.slug);

  it('gets the six expected topics', () => {
    for (const slug of [
      'sanctions',
      'bilateral-relations',
      'energy',
      'diplomacy',
      'aviation-accident',
      'arrest-detention',
    ]) {
      expect(slugs).toContain(slug);
    }
  });

  it('finds AZ, KZ, RU, TJ and US, with AZ, RU and US primary only', () => {
    const byCode = new Map(result.countries.map((c) => [c.code, c]));
    for (const code of ['AZ', 'KZ', 'RU', 'TJ', 'US']) expect(byCode.has(code)).toBe(true);
    expect(
      result.countries
        .filter((c) => c.primary)
        .map((c) => c.code)
        .sort(),
    ).toEqual(['AZ', 'RU', 'US']);
    expect(byCode.get('KZ')!.primary).toBe(false);
    expect(byCode.get('TJ')!.primary).toBe(false);
  });

  it('emits the pairs AZ-RU and RU-US, sorted', () => {
    expect(result.bilateral.map((b) => b.pair)).toEqual(['AZ-RU', 'RU-US']);
    for (const b of result.bilateral) expect(b.evidence.length).toBeGreaterThan(0);
  });

  it('treats the CIS as an organisation and maps leaders to their states', () => {
    expect(result.organizations.map((o) => o.id)).toContain('cis');
    expect(result.countries.some((c) => c.name.includes('Commonwealth'))).toBe(false);
    const people = new Map(result.people.map((p) => [p.name, p]));
    expect(people.get('Vladimir Putin')?.country).toBe('RU');
    expect(people.get('Dmitry Peskov')?.country).toBe('RU');
    expect(people.get('Ilham Aliyev')?.country).toBe('AZ');
    expect(people.get('Donald Trump')?.country).toBe('US');
  });

  it('points every evidence offset at the quoted text', () => {
    const texts = { title: 'Kreml reagiert auf US-Sanktionen gegen Ölkonzerne', summary: '', body };
    const all = [
      ...result.topics.flatMap((t) => t.evidence),
      ...result.countries.flatMap((c) => c.evidence),
      ...result.bilateral.flatMap((b) => b.evidence),
    ];
    expect(all.length).toBeGreaterThan(20);
    for (const e of all) expect(texts[e.field].slice(e.offset, e.offset + e.match.length)).toBe(e.match);
  });

  it('carries the taxonomy version', () => {
    expect(result.taxonomyVersion).toBe(tagger.taxonomyVersion);
    expect(result.taxonomyVersion).toMatch(/\S/);
  });
});

describe('seed story delivered as agencies send it: body only, no headline or teaser', () => {
  const tagger = loadTagger();
  const body = readFileSync(seedPath, 'utf8');
  const result = tagger.tag({ title: '', summary: '', body, language: 'de' });

  it('gets the same six topics', () => {
    expect(result.topics.map((t) => t.slug)).toEqual([
      'sanctions',
      'bilateral-relations',
      'diplomacy',
      'energy',
      'aviation-accident',
      'arrest-detention',
    ]);
  });

  it('reads the lead sentence as the headline: AZ, RU and US primary, KZ and TJ not', () => {
    const primary = result.countries.filter((c) => c.primary).map((c) => c.code);
    expect(primary.sort()).toEqual(['AZ', 'RU', 'US']);
    expect(result.countries.map((c) => c.code).sort()).toEqual(['AZ', 'KZ', 'RU', 'TJ', 'US']);
  });

  it('finds both pairs from the body alone: the call (AZ-RU) and the sanctions dispute (RU-US)', () => {
    expect(result.bilateral.map((b) => b.pair)).toEqual(['AZ-RU', 'RU-US']);
    const ruUs = result.bilateral.find((b) => b.pair === 'RU-US')!;
    // Two body sentences carry it: the sanctions the Kremlin challenges, and Peskov's answer.
    expect(new Set(ruUs.evidence.map((e) => e.offset)).size).toBeGreaterThanOrEqual(2);
    for (const e of ruUs.evidence) {
      expect(e.field).toBe('body');
      expect(body.slice(e.offset, e.offset + e.match.length)).toBe(e.match);
    }
  });
});
