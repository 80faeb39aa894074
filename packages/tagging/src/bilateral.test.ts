import { describe, expect, it } from 'vitest';
import { loadTagger } from './index.js';

const tagger = loadTagger();
const pairsOf = (language: string, title: string, body = '', summary = '') =>
  tagger.tag({ title, summary, body, language }).bilateral.map((b) => b.pair);

describe('bilateral pairs', () => {
  it.each([
    [
      'de',
      'Putin telefoniert mit Alijew',
      'Der russische Präsident und sein aserbaidschanischer Amtskollege vereinbarten im Telefonat engere Zusammenarbeit. Baku und Moskau wollen die Beziehungen ausbauen.',
      ['AZ-RU'],
    ],
    [
      'en',
      'Japan and South Korea agree to resume shuttle diplomacy',
      'Tokyo and Seoul said relations had improved. The leaders of Japan and South Korea will meet again next month.',
      ['JP-KR'],
    ],
    [
      'fr',
      'Le Burkina Faso expulse deux diplomates français',
      "Ouagadougou a convoqué l'ambassadeur de France. Paris dénonce l'expulsion et promet la réciprocité envers le Burkina Faso.",
      ['BF-FR'],
    ],
    [
      'es',
      'Venezuela libera a colombianos tras reunión de cancilleres',
      'Caracas y Bogotá acordaron la liberación. Colombia agradeció a Venezuela la cooperación.',
      ['CO-VE'],
    ],
    [
      'ru',
      'Россия и Узбекистан подписали соглашение',
      'Москва и Ташкент договорились о сотрудничестве. Визит президента Узбекистана в Россию завершился.',
      ['RU-UZ'],
    ],
    [
      'de',
      'Macron empfängt Selenskyj in Paris',
      'Der französische Präsident sagte der Ukraine weitere Hilfe zu. Frankreich und die Ukraine unterzeichneten ein Abkommen über Luftabwehr.',
      ['FR-UA'],
    ],
    [
      'en',
      'India and Pakistan trade fire along Kashmir border',
      "New Delhi accused Islamabad of violating the ceasefire. India's foreign ministry summoned a Pakistani diplomat to protest.",
      ['IN-PK'],
    ],
    [
      'de',
      'Ukraine und Russland tauschen Gefangene aus',
      'Kiew und Moskau haben erneut Kriegsgefangene ausgetauscht. Der Austausch wurde von einem Golfstaat vermittelt.',
      ['RU-UA'],
    ],
    [
      'de',
      'Manila bestellt chinesischen Botschafter ein',
      'Die Philippinen protestieren gegen China. Peking wies den Protest Manilas zurück.',
      ['CN-PH'],
    ],
  ])('%s: %s', (language, title, body, expected) => {
    expect(pairsOf(language, title, body)).toEqual(expected);
  });

  it('sorts the codes inside a pair and the list of pairs', () => {
    const r = tagger.tag({
      title: 'Diplomatischer Doppeltag',
      summary:
        'Washington und Moskau setzen die Gespräche fort. Astana und Moskau vertiefen die Beziehungen.',
      body: 'Die USA und Russland wollen weiter verhandeln. Kasachstan und Russland unterzeichneten ein Abkommen.',
      language: 'de',
    });
    const pairs = r.bilateral.map((b) => b.pair);
    expect(pairs).toEqual(['KZ-RU', 'RU-US']);
    for (const b of r.bilateral) expect(b.evidence.length).toBeGreaterThan(0);
    expect(r.topics.map((t) => t.slug)).toContain('bilateral-relations');
  });

  it('does not pair a bloc measure with its target', () => {
    const r = tagger.tag({
      title: 'EU verlängert Sanktionen gegen Russland',
      summary: 'Brüssel verlängert die Strafmaßnahmen um sechs Monate.',
      body: 'Moskau kritisierte die Entscheidung der Europäischen Union.',
      language: 'de',
    });
    expect(r.bilateral).toEqual([]);
    expect(r.topics.map((t) => t.slug)).not.toContain('bilateral-relations');
  });

  it('does not pair states that only appear together in a list', () => {
    expect(
      pairsOf(
        'en',
        'Summit brings together France, Germany and Italy',
        'France, Germany, Italy and Spain agreed on a joint statement at the meeting.',
      ),
    ).toEqual([]);
  });

  it('does not pair a third state that only comments once', () => {
    expect(
      pairsOf(
        'de',
        'USA gewähren Serbien Aufschub bei Sanktionen',
        'Belgrad verhandelt mit Washington über den Ölkonzern. Serbien und die USA führen weitere Gespräche. Moskau wirft Washington unlauteren Wettbewerb vor.',
      ),
    ).toEqual(['RS-US']);
  });

  it('does not pair military action by itself', () => {
    expect(
      pairsOf(
        'en',
        'Drones hit Russian port',
        'Ukrainian drones struck the Russian oil terminal overnight. Russia said air defences shot down most of the drones over Ukraine.',
      ),
    ).toEqual([]);
  });
});

describe('the relations topic needs a story where relations are plausible', () => {
  it('keeps the pair but gives no bilateral-relations in a match report', () => {
    const title = 'Spain beat Morocco 2-1 in friendly';
    const body =
      'Spain beat Morocco 2-1 in a friendly in Madrid on Tuesday, and the two federations signed an agreement on youth football. The striker scored twice in the second half, the goalkeeper saved a penalty, and the coach praised the midfield. Spain and Morocco meet again in the league of nations next season. The match drew 60,000 fans to the stadium and the team climbs to third in the group table.';
    const r = tagger.tag({ title, summary: '', body, language: 'en' });
    expect(r.subjects[0]!.slug).toBe('sport');
    // The states still deal with each other (the pair stays, for readers who follow states)…
    expect(r.bilateral.map((b) => b.pair)).toEqual(['ES-MA']);
    // …but their relations are not what the story is about.
    expect(r.topics.map((t) => t.slug)).not.toContain('bilateral-relations');
  });
});
