import { TOPIC_SLUGS } from '@wirestream/contract';
import { readFileSync } from 'node:fs';
import {
  BilateralRelation,
  CountryMention,
  OrganizationMention,
  PersonMention,
  TopicTag,
} from '@wirestream/contract';
import { describe, expect, it } from 'vitest';
import {
  createTagger,
  DEFAULT_TAXONOMY_PATH,
  loadGazetteer,
  loadTagger,
  parseGazetteer,
  parseTaxonomy,
} from './index.js';

const MINI_TAXONOMY = `
version: test-1
fieldWeights: { title: 3, summary: 2, body: 1 }
topics:
  - slug: sanctions
    label: Sanctions
    iptc: medtop:20000642
    description: test
    threshold: 4
    rules:
      de: { terms: { Sanktion: 3 } }
      en: { terms: { sanction: 3 } }
      fr: { terms: { sanction: 3 } }
      es: { terms: { sanción: 3 } }
      ru: { terms: { санкция: 3 } }
  - slug: bilateral-relations
    label: Bilateral relations
    iptc: medtop:20000638
    description: test
    mode: pairs
    threshold: 2
    rules:
      de: { terms: { Gespräch: 1 } }
      en: { terms: { talks: 1 } }
      fr: { terms: { entretien: 1 } }
      es: { terms: { conversación: 1 } }
      ru: { terms: { переговоры: 1 } }
`;

const MINI_GAZETTEER = parseGazetteer({
  countries: `
version: g-1
countries:
  - { code: RU, name: Russia, names: [Russland, Russia], adj: [russisch], seats: [Kreml, Kremlin] }
  - { code: US, name: United States, names: [USA, US], adj: [amerikanisch], seats: [Washington] }
`,
  people: `people: [{ name: Vladimir Putin, role: President of Russia, country: RU, variants: [Putin] }]`,
  organizations: `organizations: [{ id: eu, name: European Union, variants: [EU] }]`,
});

describe('createTagger (pure)', () => {
  const tagger = createTagger(parseTaxonomy(MINI_TAXONOMY), MINI_GAZETTEER);

  it('tags from data passed in, without reading files', () => {
    const r = tagger.tag({
      title: 'Kreml und Washington: Gespräch über Sanktionen',
      summary: 'Russland und die USA setzen das Gespräch fort.',
      body: 'Putin lobt die EU nicht.',
      language: 'de',
    });
    expect(r.taxonomyVersion).toBe('test-1');
    expect(tagger.taxonomyVersion).toBe('test-1');
    expect(r.topics.map((t) => t.slug)).toEqual(['sanctions', 'bilateral-relations']);
    expect(r.bilateral.map((b) => b.pair)).toEqual(['RU-US']);
    expect(r.countries.map((c) => [c.code, c.mentions, c.primary])).toEqual([
      ['RU', 3, true],
      ['US', 2, true],
    ]);
    expect(r.organizations).toEqual([{ id: 'eu', name: 'European Union', mentions: 1 }]);
  });

  it('gives an article the same result whatever was tagged before it', () => {
    const first = {
      title: 'Kreml und Washington: Gespräch über Sanktionen',
      summary: 'Russland und die USA setzen das Gespräch fort.',
      body: 'Putin lobt die EU nicht.\n\nDie Sanktionen bleiben.',
      language: 'de',
    };
    const before = tagger.tag(first);
    tagger.tag({
      title: 'Talks',
      summary: '',
      body: 'A much longer text about talks. '.repeat(50),
      language: 'en',
    });
    tagger.tag({ title: '', summary: '', body: 'x', language: 'de' });
    expect(tagger.tag(first)).toEqual(before);
  });

  it('returns an empty result for empty input', () => {
    const r = tagger.tag({ title: '', summary: '', body: '', language: 'und' });
    expect(r).toMatchObject({ topics: [], countries: [], people: [], organizations: [], bilateral: [] });
  });
});

describe('parseTaxonomy', () => {
  it('accepts the bundled taxonomy with the agreed slugs and IPTC codes', () => {
    const taxonomy = parseTaxonomy(readFileSync(DEFAULT_TAXONOMY_PATH, 'utf8'));
    const codes = Object.fromEntries(taxonomy.topics.map((t) => [t.slug, t.iptc]));
    expect(codes).toMatchObject({
      sanctions: 'medtop:20000642',
      'bilateral-relations': 'medtop:20000638',
      diplomacy: 'medtop:20000639',
      energy: 'medtop:20000256',
      trade: 'medtop:20000373',
      'transport-logistics': 'medtop:20000337',
      'aviation-accident': 'medtop:20000144',
      'arrest-detention': 'medtop:20000130',
      'armed-conflict': 'medtop:20000056',
      elections: 'medtop:20000574',
      // Looked up in IPTC's Media Topic release of 2026-07-02 (see the package README).
      'economy-markets': 'medtop:20000344',
      'media-freedom': 'medtop:20000591',
      'justice-courts': 'medtop:20000106',
      'natural-disaster': 'medtop:20000151',
      health: 'medtop:07000000',
      cyber: 'medtop:20000086',
    });
    expect(taxonomy.topics.map((t) => t.slug)).toEqual([...TOPIC_SLUGS]);
    expect(taxonomy.version).toMatch(/^\d{4}\.\d+\.\d+$/);
  });

  it('rejects a topic without rules for one of the five languages', () => {
    const broken = MINI_TAXONOMY.replace('      ru: { terms: { санкция: 3 } }\n', '');
    expect(() => parseTaxonomy(broken)).toThrow(/no rules for ru/);
  });

  it('rejects duplicate slugs and malformed IPTC codes', () => {
    expect(() =>
      parseTaxonomy(MINI_TAXONOMY.replace('slug: bilateral-relations', 'slug: sanctions')),
    ).toThrow(/duplicate slug/);
    expect(() => parseTaxonomy(MINI_TAXONOMY.replace('medtop:20000642', 'sanctions'))).toThrow();
  });
});

describe('bundled gazetteer', () => {
  it('covers at least 120 states, and people point at known states', () => {
    const g = loadGazetteer();
    expect(g.countries.length).toBeGreaterThanOrEqual(120);
    const codes = new Set(g.countries.map((c) => c.code));
    for (const p of g.people) if (p.country) expect(codes).toContain(p.country);
    for (const o of g.organizations) expect(codes.has(o.id.toUpperCase())).toBe(false);
  });

  it('rejects a person mapped to an unknown state', () => {
    expect(() =>
      parseGazetteer({
        countries: 'version: x\ncountries: [{ code: RU, name: Russia, names: [Russland] }]',
        people: 'people: [{ name: X, role: null, country: ZZ, variants: [] }]',
        organizations: 'organizations: []',
      }),
    ).toThrow(/unknown country ZZ/);
  });
});

describe('loadTagger', () => {
  const tagger = loadTagger();

  it('produces records that satisfy the contract schemas', () => {
    const r = tagger.tag({
      title: 'UK sanctions Chinese firms; Beijing lodges protest with London',
      summary: 'China said it had protested to Britain over the sanctions.',
      body: 'LONDON (Wire) - Britain imposed sanctions on twelve Chinese companies. China lodged a protest with London, and Britain said relations with China remain important.',
      language: 'en',
    });
    for (const t of r.topics) TopicTag.parse(t);
    for (const c of r.countries) CountryMention.parse(c);
    for (const p of r.people) PersonMention.parse(p);
    for (const o of r.organizations) OrganizationMention.parse(o);
    for (const b of r.bilateral) BilateralRelation.parse(b);
    expect(r.bilateral.map((b) => b.pair)).toEqual(['CN-GB']);
  });

  it('detects the language when the feed says "und"', () => {
    const r = tagger.tag({
      title: 'Евросоюз продлил санкции против России',
      summary: '',
      body: 'Санкции продлены ещё на полгода, сообщили в Брюсселе.',
      language: 'und',
    });
    expect(r.topics.map((t) => t.slug)).toContain('sanctions');
    expect(r.countries.map((c) => c.code)).toEqual(['RU']);
  });

  it('accepts regional language tags', () => {
    const r = tagger.tag({ title: 'Neue Sanktionen gegen Iran', summary: '', body: '', language: 'de-AT' });
    expect(r.topics.map((t) => t.slug)).toEqual(['sanctions']);
    expect(r.countries.map((c) => c.code)).toEqual(['IR']);
  });

  it('loads a taxonomy from a given path', () => {
    expect(loadTagger({ taxonomyPath: DEFAULT_TAXONOMY_PATH }).taxonomyVersion).toBe(tagger.taxonomyVersion);
  });
});
