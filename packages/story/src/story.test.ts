import { describe, expect, it } from 'vitest';
import {
  compareStories,
  datesOf,
  decodeStory,
  encodeStory,
  figuresOf,
  nameKey,
  officesOf,
  storyBucket,
  storyKeys,
  storyNeighbour,
  StorySigner,
  type StorySignature,
} from './index.js';
import {
  FIXTURE_TAGS,
  HARD_NEGATIVE_ES_SAME_DAY,
  HARD_NEGATIVE_FR_DAY_BEFORE,
  LANDSLIDE_DE,
  LANDSLIDE_EN,
  LANDSLIDE_RU,
  LATE_RECAP_DE,
  type FixtureReport,
} from './stories.fixtures.js';

// A gazetteer of the shape the tagging package has, with what these reports name.
const signer = new StorySigner({
  countries: [
    {
      code: 'GE',
      names: ['Georgien', 'Georgia', 'Géorgie', 'Грузия'],
      adj: ['georgisch', 'Georgian', 'géorgien', 'georgiano', 'грузинский'],
      seats: ['Tiflis', 'Tbilisi', 'Tbilissi', 'Тбилиси'],
      cities: ['Batumi', 'Батуми', 'Poti', 'Поти'],
    },
  ],
});
const sign = (report: FixtureReport, tags = FIXTURE_TAGS): StorySignature => signer.sign(report, tags);

describe('names across scripts and spellings', () => {
  it('gives one key to a name in Cyrillic and in German, French, Spanish and English spelling', () => {
    const keys = [
      nameKey('Шымкент', 'ru'),
      nameKey('Шымкентом', 'ru'),
      nameKey('Shymkent', 'en'),
      nameKey('Schymkent', 'de'),
      nameKey('Chymkent', 'fr'),
      nameKey('Shymkent', 'es'),
    ];
    expect(new Set(keys).size).toBe(1);
    expect(nameKey('Jekaterinburg', 'de')).toBe(nameKey('Екатеринбург', 'ru'));
    expect(nameKey('Iekaterinbourg', 'fr')).toBe(nameKey('Ekaterimburgo', 'es'));
    expect(nameKey('Peskow', 'de')).toBe(nameKey('Песков', 'ru'));
    expect(nameKey('Paschinjan', 'de')).toBe(nameKey('Pashinyan', 'en'));
    expect(nameKey('Arequipa', 'es')).toBe(nameKey('Арекипа', 'ru'));
  });

  it('keeps different names apart', () => {
    expect(nameKey('Saratov', 'en')).not.toBe(nameKey('Волгоград', 'ru'));
    expect(nameKey('Turkestan', 'en')).not.toBe(nameKey('Taraz', 'en'));
  });
});

describe('figures', () => {
  it('reads thousands and decimals in each language’s own way', () => {
    const keys = (text: string, lang: string): string[] => figuresOf(text, lang).map((f) => f.key);
    expect(keys('1,150 homes and a magnitude 6.3 quake', 'en')).toEqual(['1150', '6.3']);
    expect(keys('1.150 Häuser, Stärke 6,3', 'de')).toEqual(['1150', '6.3']);
    expect(keys('1 150 maisons, magnitude 6,3', 'fr')).toEqual(['1150', '6.3']);
    expect(keys('1150 домов, магнитуда 6,3', 'ru')).toEqual(['1150', '6.3']);
  });

  it('applies scale words and reads times of day', () => {
    expect(figuresOf('3 milliards de m³', 'fr')[0]!.key).toBe('3000000000');
    expect(figuresOf('3 mil millones de metros cúbicos', 'es')[0]!.key).toBe('3000000000');
    expect(figuresOf('3 млрд кубометров', 'ru')[0]!.key).toBe('3000000000');
    expect(figuresOf('um 14.32 Uhr', 'de')[0]!.key).toBe('t14:32');
    expect(figuresOf('a las 14.32 hora local', 'es')[0]!.key).toBe('t14:32');
    expect(figuresOf('à 14 h 32', 'fr')[0]!.key).toBe('t14:32');
    expect(figuresOf('at 2:32 p.m.', 'en')[0]!.key).toBe('t14:32');
    expect(figuresOf('в 14:32 по местному времени', 'ru')[0]!.key).toBe('t14:32');
  });

  it('reads small numbers written as words', () => {
    expect(figuresOf('nine dead', 'en')[0]!.key).toBe('9');
    expect(figuresOf('neun Tote', 'de')[0]!.key).toBe('9');
    expect(figuresOf('девяти человек', 'ru')[0]!.key).toBe('9');
    expect(figuresOf('Seventy-four people', 'en')[0]!.key).toBe('74');
  });
});

describe('dates', () => {
  const at = Date.parse('2026-04-16T19:10:00Z'); // a Thursday
  it('resolves day and month in every language to the year of publication', () => {
    for (const [text, lang] of [
      ['LIMA, April 16 (Wire)', 'en'],
      ['Lima, 16 abr (ALI)', 'es'],
      ['am 16. April', 'de'],
      ['le 16 avril', 'fr'],
      ['ЛИМА, 16 апреля.', 'ru'],
    ] as const)
      expect(datesOf(text, lang, at).map((d) => d.key)).toEqual(['2026-04-16']);
  });

  it('resolves weekdays and "yesterday" against the publication day', () => {
    expect(datesOf('on Thursday', 'en', at)[0]!.key).toBe('2026-04-16');
    expect(datesOf('am Mittwoch', 'de', at)[0]!.key).toBe('2026-04-15');
    expect(datesOf('в пятницу', 'ru', at)[0]!.key).toBe('2026-04-17');
    expect(datesOf('ayer', 'es', at)[0]!.key).toBe('2026-04-15');
  });
});

describe('offices', () => {
  it('names the same office in five languages with one id', () => {
    const ids = [
      officesOf('the transport ministry said'),
      officesOf('wie das Verkehrsministerium mitteilte'),
      officesOf('selon le ministère des Transports'),
      officesOf('informó el Ministerio de Transporte'),
      officesOf('сообщили в Министерстве транспорта'),
    ].map((found) => found.map((o) => o.id));
    for (const found of ids) expect(found).toContain('transport-ministry');
  });
});

describe('one event in three languages', () => {
  const en = sign(LANDSLIDE_EN);
  const de = sign(LANDSLIDE_DE);
  const ru = sign(LANDSLIDE_RU);

  it('links each pair, with the facts they share as evidence', () => {
    for (const [a, b] of [
      [de, en],
      [ru, en],
      [ru, de],
    ] as const) {
      const c = compareStories(a, b);
      expect(c.linked, JSON.stringify(c)).toBe(true);
      expect(c.veto).toBeNull();
    }
    const c = compareStories(ru, en);
    const shared = (kind: string): string[] =>
      c.shared.filter((s) => s.kind === kind).map((s) => `${s.here}/${s.there}`);
    expect(shared('time')).toEqual(['06:40/06:40']);
    expect(shared('name')).toContain('Зестафони/Zestafoni');
    expect(shared('figure')).toEqual(expect.arrayContaining(['14/14', '1200 t/1,200 t']));
    expect(shared('date')).toEqual(['9 июня./June 9']);
    expect(c.hoursApart).toBe(2.2);
  });

  it('shares candidate keys between the reports, in time buckets each of them reads', () => {
    const common = storyKeys(ru).filter((k) => storyKeys(en).includes(k));
    expect(common.length).toBeGreaterThan(0);
    expect(common.every((k) => k.startsWith('GE|'))).toBe(true);
    expect([storyBucket(en), storyNeighbour(en)]).toContain(storyBucket(ru));
  });

  it('round-trips the stored form', () => {
    expect(decodeStory(encodeStory(ru))).toEqual(ru);
    expect(decodeStory('mh2:AAAA')).toBeNull();
    expect(decodeStory('{"v":2}')).toBeNull();
  });
});

describe('hard negatives stay apart', () => {
  const en = sign(LANDSLIDE_EN);

  it('another landslide in the same state the day before (French)', () => {
    const c = compareStories(sign(HARD_NEGATIVE_FR_DAY_BEFORE), en);
    expect(c.linked).toBe(false);
    expect(c.shared.map((s) => s.kind)).toEqual(expect.arrayContaining(['country', 'topic']));
  });

  it('floods in the same state on the same day, other places and figures (Spanish)', () => {
    const c = compareStories(sign(HARD_NEGATIVE_ES_SAME_DAY), en);
    expect(c.linked).toBe(false);
    expect(c.specific).toBe(0);
  });

  it('the same event retold a week later is outside the story window (German)', () => {
    const c = compareStories(sign(LATE_RECAP_DE), en);
    expect(c.linked).toBe(false);
    expect(c.veto).toBe('published too far apart');
  });

  it('reports that name two different days for what happened (Russian and German)', () => {
    const ru = sign(LANDSLIDE_RU);
    const de = { ...sign(LANDSLIDE_DE), leadDates: ['2026-06-07'] };
    expect(ru.leadDates).toEqual(['2026-06-09']);
    expect(compareStories(ru, de).veto).toBe('another day');
    expect(compareStories(ru, de).linked).toBe(false);
  });

  it('reports about other states, and two reports in one language', () => {
    const other = sign(LANDSLIDE_DE, { ...FIXTURE_TAGS, countries: [{ code: 'AM', primary: true }] });
    expect(compareStories(other, en).veto).toBe('about other states');
    const enAgain = sign({ ...LANDSLIDE_EN, publishedAt: '2026-06-09T11:00:00Z' });
    expect(compareStories(enAgain, en).veto).toBe('same language');
  });

  it('shared states and topic alone never link', () => {
    const bare = (report: FixtureReport): StorySignature => ({
      ...sign(report),
      figures: [],
      names: [],
      dates: [],
      leadDates: [],
    });
    expect(compareStories(bare(LANDSLIDE_RU), bare(LANDSLIDE_EN)).linked).toBe(false);
  });
});
