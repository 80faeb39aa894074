import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTagger, DEFAULT_TAXONOMY_PATH, loadGazetteer, loadTagger, parseTaxonomy } from './index.js';

// One state's sanctions against another, with the target answering: no sentence has a classic
// relation trigger (talks, protest, call), so the pair can only come from the measure rule.
const tagger = loadTagger();
const taxonomy = parseTaxonomy(readFileSync(DEFAULT_TAXONOMY_PATH, 'utf8'));
const withoutRule = createTagger(
  { ...taxonomy, topics: taxonomy.topics.map((t) => ({ ...t, pairTrigger: false })) },
  loadGazetteer(),
);
const tagBody = (t: typeof tagger, language: string, body: string, title = '') =>
  t.tag({ title, summary: '', body, language });

describe('sanctions between two states the story is about make a pair', () => {
  it.each([
    [
      'en',
      'Washington imposed new sanctions on Iran on Monday, targeting shipping firms. Tehran said the US sanctions were illegal and would fail.',
      'IR-US',
    ],
    [
      'de',
      'Die USA verhängten am Montag neue Sanktionen gegen Venezuela. Caracas nannte die Strafmaßnahmen Washingtons einen Angriff auf seine Souveränität.',
      'US-VE',
    ],
    [
      'fr',
      "Le Canada a imposé mardi de nouvelles sanctions à l'Iran. Téhéran a qualifié les sanctions d'Ottawa d'hostiles et promis des mesures de rétorsion.",
      'CA-IR',
    ],
    [
      'es',
      'Estados Unidos impuso el martes nuevas sanciones a Cuba. La Habana calificó las sanciones de Washington como un castigo colectivo.',
      'CU-US',
    ],
    [
      'ru',
      'Великобритания ввела новые санкции против Ирана. Тегеран назвал санкции Лондона незаконными.',
      'GB-IR',
    ],
  ])('%s', (language, body, pair) => {
    const result = tagBody(tagger, language, body);
    expect(result.bilateral.map((b) => b.pair)).toEqual([pair]);
    expect(result.topics.map((t) => t.slug)).toEqual(
      expect.arrayContaining(['sanctions', 'bilateral-relations']),
    );
    // The evidence is the measure itself.
    expect(result.bilateral[0]!.evidence.map((e) => e.term)).toContain(
      result.topics.find((t) => t.slug === 'sanctions')!.evidence[0]!.term,
    );
    // And without the rule the same text has no pair: the test measures the rule, not the lexicon.
    expect(tagBody(withoutRule, language, body).bilateral).toEqual([]);
  });
});

describe('an extradition between two states makes them a pair, not their relations a subject', () => {
  it.each([
    [
      'es',
      'Colombia extradita a Estados Unidos a un presunto narcotraficante',
      'Colombia extraditó el jueves a Estados Unidos a un hombre acusado de dirigir una red de tráfico de cocaína. Washington había pedido la extradición en 2024.',
      'CO-US',
    ],
    [
      'en',
      'Thailand extradites hacking suspect to the United States',
      'Thailand extradited a man wanted by the United States on hacking charges on Tuesday. He was arrested in Phuket last year.',
      'TH-US',
    ],
  ])('%s: %s', (language, title, body, pair) => {
    const r = tagger.tag({ title, summary: '', body, language });
    expect(r.topics.map((t) => t.slug)).toContain('arrest-detention');
    expect(r.bilateral.map((b) => b.pair)).toEqual([pair]);
    expect(r.topics.map((t) => t.slug)).not.toContain('bilateral-relations');
    expect(withoutRule.tag({ title, summary: '', body, language }).bilateral).toEqual([]);
  });
});

describe('measures that do not make a pair', () => {
  it('a bloc imposing them (EU together with a state)', () => {
    const r = tagBody(
      tagger,
      'de',
      'Die EU und Kanada verhängten neue Sanktionen gegen Russland. Moskau nannte die Sanktionen der EU und Kanadas wirkungslos.',
    );
    expect(r.bilateral).toEqual([]);
  });

  it('a target named only by an adjective (companies, a sector)', () => {
    const r = tagBody(
      tagger,
      'en',
      'The United States imposed sanctions on Russian oil companies on Friday. Washington said the sanctions on Russian oil producers would remain for a year.',
    );
    expect(r.topics.map((t) => t.slug)).toContain('sanctions');
    expect(r.bilateral).toEqual([]);
  });

  it('a third state that only comments once, while the two parties still pair', () => {
    const r = tagBody(
      tagger,
      'en',
      "The United States imposed sanctions on Serbia's state oil company on Monday. Belgrade asked Washington to lift the sanctions before winter. The refinery supplies most of the country's fuel.\n\nRussia, whose firms own a stake in the company, called the US sanctions unfair.",
    );
    expect(r.bilateral.map((b) => b.pair)).toEqual(['RS-US']);
    expect(r.countries.find((c) => c.code === 'RU')?.primary).toBe(false);
  });

  it('a passing mention of sanctions in a story about something else', () => {
    const r = tagBody(
      tagger,
      'en',
      'Germany and France opened a new rail freight corridor on Monday. Berlin said trade through France had grown since sanctions on Russia were tightened.',
    );
    expect(r.topics.map((t) => t.slug)).not.toContain('sanctions');
    expect(r.bilateral.map((b) => b.pair)).not.toContain('DE-RU');
    expect(r.bilateral.map((b) => b.pair)).not.toContain('FR-RU');
  });
});

describe('"à" and "a" before a state', () => {
  it('French "à" before a bare city still places talks (the venue is no party)', () => {
    const r = tagger.tag({
      title: 'Accord entre le Japon et la Corée du Sud à Paris',
      summary: '',
      body: "Tokyo et Séoul ont signé l'accord à Paris mardi.",
      language: 'fr',
    });
    expect(r.bilateral.map((b) => b.pair)).toEqual(['JP-KR']);
  });

  it('French "à l\'…" and Spanish "a …" name the party a measure is aimed at', () => {
    for (const [language, body] of [
      [
        'fr',
        "La Norvège a imposé des sanctions à l'Iran. Téhéran a qualifié les sanctions d'Oslo d'illégales.",
      ],
      ['es', 'Noruega impuso sanciones a Irán. Teherán calificó las sanciones de Oslo de ilegales.'],
    ] as const) {
      expect(tagBody(tagger, language, body).bilateral.map((b) => b.pair)).toEqual(['IR-NO']);
    }
  });
});

describe('seed story under a headline that names all three states', () => {
  const r = tagger.tag({
    title: 'Peskow kontert Trump nach Ölsanktionen, Putin telefoniert mit Alijew',
    summary: '',
    body: readFileSync(new URL('../../../../shared/examples/seed-article-de.txt', import.meta.url), 'utf8'),
    language: 'de',
  });

  it('still finds both pairs in the body: a three-state headline relates none of them', () => {
    expect(r.bilateral.map((b) => b.pair)).toEqual(['AZ-RU', 'RU-US']);
    expect(
      r.countries
        .filter((c) => c.primary)
        .map((c) => c.code)
        .sort(),
    ).toEqual(['AZ', 'RU', 'US']);
  });
});
