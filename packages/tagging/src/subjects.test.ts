import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUBJECTS } from '@wirestream/contract';
import { DEFAULT_TAXONOMY_PATH, loadTagger, parseTaxonomy } from './index.js';

const tagger = loadTagger();
const tag = (language: string, title: string, body: string) =>
  tagger.tag({ title, summary: '', body, language });

// Texts written for these tests; each is a story an editor would file under one subject.
const PLACED: [string, string, string, string][] = [
  [
    'en',
    'sport',
    'Late header sends Rovers into the cup semi-final',
    'The striker rose at the far post in stoppage time. The coach praised his defenders after the match, and the club now faces the league leaders away from home.',
  ],
  [
    'de',
    'sport',
    'Tabellenführer verliert das Derby',
    'Der Stürmer traf zweimal, doch die Abwehr wackelte. Der Trainer sprach nach dem Spiel von einer verdienten Niederlage; am Samstag wartet das Pokalspiel.',
  ],
  [
    'fr',
    'arts-culture',
    'Le nouveau film du réalisateur sénégalais en compétition à Cannes',
    "L'actrice principale a été saluée par la critique. Le long métrage sortira en salles à l'automne, après sa présentation au festival.",
  ],
  [
    'es',
    'arts-culture',
    'La banda presenta su nuevo álbum en una gira por América Latina',
    'El cantante explicó que las canciones nacieron durante la pandemia. El concierto de Ciudad de México agotó las entradas en una hora.',
  ],
  [
    'ru',
    'sport',
    'Сборная России по хоккею обыграла финнов в овертайме',
    'Нападающий забросил победную шайбу на третьей минуте овертайма. Главный тренер похвалил вратаря после матча.',
  ],
  [
    'en',
    'science-technology',
    'Astronomers find water vapour on a distant exoplanet',
    'Researchers used the space telescope to study the planet’s atmosphere. The findings, published in a scientific journal, will guide the next observation campaign.',
  ],
  [
    'de',
    'lifestyle-leisure',
    'Wandern im Herbst: Die schönsten Hütten im Zillertal',
    'Nach dem Aufstieg wartet Kaiserschmarrn. Viele Urlauber buchen die Übernachtung schon im Sommer, das Frühstück ist im Preis enthalten.',
  ],
];

describe('subject layer: every article placed', () => {
  it.each(PLACED)('%s: %s — %s', (language, subject, title, body) => {
    const result = tag(language, title, body);
    expect(result.subjects.length).toBeGreaterThan(0);
    expect(result.subjects[0]!.slug).toBe(subject);
    const codes = new Map<string, string>(SUBJECTS.map((s) => [s.slug, s.iptc]));
    for (const s of result.subjects) {
      expect(s.iptc).toBe(codes.get(s.slug));
      expect(s.score).toBeGreaterThan(0);
      expect(s.score).toBeLessThanOrEqual(1);
      expect(s.evidence.length).toBeGreaterThan(0);
    }
  });

  it('gives no more than three subjects, strongest first', () => {
    for (const [language, , title, body] of PLACED) {
      const scores = tag(language, title, body).subjects.map((s) => s.score);
      expect(scores.length).toBeLessThanOrEqual(3);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    }
  });

  it('gives no subject to an article without text', () => {
    expect(tag('en', '', '').subjects).toEqual([]);
  });

  it("adds the subject a specific topic implies: the seed story's sanctions and energy are economy", () => {
    const text = readFileSync(
      new URL('../../../../shared/examples/seed-article-de.txt', import.meta.url),
      'utf8',
    );
    const [title, ...rest] = text.split('\n');
    const slugs = tag('de', title!, rest.join('\n')).subjects.map((s) => s.slug);
    expect(slugs[0]).toBe('politics');
    expect(slugs).toContain('economy-business');
  });
});

// Soft news in hard-news words: the topic's words are there, the story is not about the topic.
const TRAPS: [string, string, string, string][] = [
  [
    'en',
    'armed-conflict',
    'Champion wins the fight of the year with a late attack',
    'The boxer launched a fierce attack in the tenth round and won the title fight on points. His coach said the war of attrition in the ring had paid off, and fans celebrated the belt.',
  ],
  [
    'en',
    'natural-disaster',
    'Sprinter storms to gold as the crowd erupts',
    'The athlete stormed to victory in the 200 metres final, breaking the championship record. A flood of medals followed for the team on the last evening of the athletics meeting.',
  ],
  [
    'en',
    'armed-conflict',
    'War novel wins the literary prize',
    'The author’s novel about the war in the 1990s won the book prize on Thursday. The jury praised the writer’s prose; the novel follows soldiers and their families, and the publisher plans a film adaptation.',
  ],
  [
    'de',
    'sanctions',
    'Liga sanktioniert den Verein nach Pyrotechnik im Stadion',
    'Die Disziplinarkommission der Liga verhängte Sanktionen gegen den Verein: eine Geldstrafe und ein Geisterspiel. Der Trainer und die Spieler äußerten sich nach dem Training nicht.',
  ],
];

describe('soft news with hard-news words gets no topic', () => {
  it.each(TRAPS)('%s: no %s — %s', (language, topic, title, body) => {
    const result = tag(language, title, body);
    expect(['sport', 'arts-culture']).toContain(result.subjects[0]!.slug);
    expect(result.topics.map((t) => t.slug)).not.toContain(topic);
  });
});

describe('a headline that frames the story as a review', () => {
  const body =
    'The drama follows three families after an airliner crashes into the sea shortly after take-off. Investigators search the wreckage, and the airline chief faces angry relatives. The crash itself is heard, not shown. The lead actress plays a widow who refuses compensation.';

  it('gives no event topic: the crash happens on screen', () => {
    const framed = tag('en', "Film review: 'Flight 409' tells a crash with restraint", body);
    expect(framed.subjects.map((s) => s.slug)).toContain('arts-culture');
    expect(framed.topics.map((t) => t.slug)).not.toContain('aviation-accident');
  });

  it('only in the headline or teaser: the same words in a news headline leave the topic', () => {
    const news = tag('en', 'Airliner crashes into the sea after take-off', body);
    expect(news.topics.map((t) => t.slug)).toContain('aviation-accident');
    const reviewInBody = tag(
      'en',
      'Airliner crashes into the sea after take-off',
      `${body} A film review of the disaster is planned.`,
    );
    expect(reviewInBody.topics.map((t) => t.slug)).toContain('aviation-accident');
  });

  it.each([
    [
      'de',
      'Filmkritik: „Flug 409“ erzählt einen Absturz leise',
      'Passagierflugzeug stürzt ins Meer',
      'Das Drama begleitet drei Familien, nachdem ein Passagierflugzeug kurz nach dem Start ins Meer stürzt. Ermittler suchen im Wrack nach dem Flugschreiber, die Hauptdarstellerin spielt eine Witwe.',
    ],
    [
      'es',
      'Reseña: «Vuelo 409» cuenta un accidente aéreo sin estridencias',
      'Un avión de pasajeros se estrella en el mar',
      'El drama sigue a tres familias después de que un avión de pasajeros se estrella en el mar tras despegar. Los investigadores buscan las cajas negras entre los restos; la actriz protagonista interpreta a una viuda.',
    ],
  ])('%s: the review headline drops the topic the news headline gives', (language, review, news, text) => {
    expect(tag(language, review, text).topics.map((t) => t.slug)).not.toContain('aviation-accident');
    expect(tag(language, news, text).topics.map((t) => t.slug)).toContain('aviation-accident');
  });
});

describe('topic scores and evidence', () => {
  const result = tag(
    'en',
    'Ceasefire collapses as artillery shelling resumes near the border',
    'Troops exchanged artillery fire overnight, the defence ministry said. The army reported air strikes on supply lines. Talks on a new ceasefire were suspended.',
  );
  const conflict = result.topics.find((t) => t.slug === 'armed-conflict')!;

  it('gives a calibrated confidence between 0 and 1', () => {
    expect(conflict.score).toBeGreaterThan(0.5);
    expect(conflict.score).toBeLessThanOrEqual(1);
  });

  it('names the sentence each piece of evidence stands in', () => {
    for (const e of conflict.evidence) {
      expect(e.sentence).not.toBeNull();
      expect(e.sentence!).toContain(e.match);
    }
    const inBody = conflict.evidence.find((e) => e.field === 'body' && e.offset < 40)!;
    expect(inBody.sentence).toBe('Troops exchanged artillery fire overnight, the defence ministry said.');
  });

  it('explains how each topic was weighed', () => {
    const { weights } = tagger.explain({
      title: 'Champion wins the fight of the year with a late attack',
      summary: '',
      body: TRAPS[0]![3],
      language: 'en',
    });
    const w = weights['armed-conflict']!;
    expect(w.evidence).toBeGreaterThan(w.threshold);
    expect(w.plausibility).toBeLessThan(0.5);
    expect(w.weighed).toBeLessThan(w.threshold);
  });

  it('gives a topic only when a core term names the event itself', () => {
    const r = tag(
      'en',
      'Airline adds three weekly flights to the capital',
      'The airline said the aircraft will leave in the morning. Pilots and cabin crew were hired for the new route.',
    );
    expect(r.topics.map((t) => t.slug)).not.toContain('aviation-accident');
  });
});

describe('taxonomy validation of the subject layer', () => {
  const text = readFileSync(DEFAULT_TAXONOMY_PATH, 'utf8');

  it('rejects a topic that names an unknown subject', () => {
    expect(() =>
      parseTaxonomy(text.replace('    subjects: [disaster-accident]', '    subjects: [disasters]')),
    ).toThrowError(/names unknown subject disasters/);
  });

  it('has all 17 IPTC subjects with their codes', () => {
    const taxonomy = parseTaxonomy(text);
    expect(taxonomy.subjects.map((s) => [s.slug, s.iptc])).toEqual(SUBJECTS.map((s) => [s.slug, s.iptc]));
  });
});
