import { describe, expect, it } from 'vitest';
import { loadTagger } from './index.js';

const tagger = loadTagger();
const tag = (language: string, title: string, body = '', summary = '') =>
  tagger.tag({ title, summary, body, language });
const codes = (r: ReturnType<typeof tag>) => r.countries.map((c) => c.code).sort();
const primary = (r: ReturnType<typeof tag>) =>
  r.countries
    .filter((c) => c.primary)
    .map((c) => c.code)
    .sort();

describe('seats of power, capitals and adjectives resolve to states', () => {
  it.each([
    ['de', 'Der Kreml weist Vorwürfe zurück', 'RU'],
    ['en', 'Kremlin rejects the report', 'RU'],
    ['ru', 'В Кремле отвергли обвинения', 'RU'],
    ['de', 'Das Weiße Haus kündigt Zölle an', 'US'],
    ['en', 'White House announces tariffs', 'US'],
    ['fr', "L'Élysée dément", 'FR'],
    ['en', 'Downing Street confirms talks', 'GB'],
    ['de', 'Peking protestiert', 'CN'],
    ['en', 'Beijing lodges protest', 'CN'],
    ['es', 'Pekín responde', 'CN'],
    ['de', 'Baku reagiert', 'AZ'],
    ['ru', 'Баку ответил', 'AZ'],
    ['de', 'Riad erhöht die Förderung', 'SA'],
    ['en', 'Manila summons envoy', 'PH'],
    ['fr', 'Kinshasa accuse Kigali', 'CD'],
    ['de', 'Russische Ölkonzerne unter Druck', 'RU'],
    ['es', 'Empresa chilena bajo presión', 'CL'],
    ['ru', 'Российские компании под давлением', 'RU'],
  ])('%s: %s → %s', (language, title, code) => {
    expect(codes(tag(language, title))).toContain(code);
  });
});

describe('people', () => {
  it('maps leaders and spokespeople to their states with their office', () => {
    const r = tag('de', 'Peskow: Putin und Alijew telefonierten', 'Auch Trump äußerte sich.');
    const byName = new Map(r.people.map((p) => [p.name, p]));
    expect(byName.get('Dmitry Peskov')).toMatchObject({
      country: 'RU',
      role: 'Kremlin spokesman',
      mentions: 1,
    });
    expect(byName.get('Vladimir Putin')?.country).toBe('RU');
    expect(byName.get('Ilham Aliyev')?.country).toBe('AZ');
    expect(byName.get('Donald Trump')?.country).toBe('US');
    expect(codes(r)).toEqual(['AZ', 'RU', 'US']);
  });

  it('recognises declined Russian names', () => {
    const r = tag('ru', 'Слова Пескова', 'По словам Пескова, Путину доложили. Алиеву позвонили.');
    const byName = new Map(r.people.map((p) => [p.name, p]));
    expect(byName.get('Dmitry Peskov')?.mentions).toBe(2);
    expect(byName.get('Vladimir Putin')?.mentions).toBe(1);
    expect(byName.get('Ilham Aliyev')?.mentions).toBe(1);
  });
});

describe('organisations are never states', () => {
  it.each([
    ['de', 'UNO und EU beraten mit der NATO', ['un', 'eu', 'nato']],
    ['de', 'GUS-Gipfel und OPEC-Treffen', ['cis', 'opec']],
    ['en', 'UN, IAEA and WHO warn; IMF cuts forecast', ['un', 'iaea', 'who', 'imf']],
    ['ru', 'Саммит СНГ и заседание ООН', ['cis', 'un']],
    ['fr', "L'ONU et la CEI se réunissent", ['un', 'cis']],
  ])('%s: %s', (language, title, ids) => {
    const r = tag(language, title as string);
    expect(r.organizations.map((o) => o.id).sort()).toEqual([...(ids as string[])].sort());
    expect(r.countries).toEqual([]);
  });

  it('does not mistake the pronoun "us" or the word "who" for the US or the WHO', () => {
    const r = tag('en', 'Let us see who wins', 'It is up to us.');
    expect(r.countries).toEqual([]);
    expect(r.organizations).toEqual([]);
  });
});

describe('mention counts and primary states', () => {
  it('counts every mention and keeps evidence pointing at the text', () => {
    const body =
      'Polen schließt das Konsulat. Warschau wirft Moskau Sabotage vor. Die polnische Regierung handelt.';
    const r = tag('de', 'Polen schließt russisches Konsulat', body);
    const pl = r.countries.find((c) => c.code === 'PL')!;
    expect(pl.mentions).toBe(4);
    expect(pl.name).toBe('Poland');
    for (const e of pl.evidence) {
      const text = e.field === 'title' ? 'Polen schließt russisches Konsulat' : body;
      expect(text.slice(e.offset, e.offset + e.match.length)).toBe(e.match);
    }
  });

  it('keeps a venue of talks, an earlier-event location and a transit country out of the primary states', () => {
    const r = tag(
      'de',
      'Aserbaidschan und Armenien verhandeln in Genf',
      'Die Außenminister Aserbaidschans und Armeniens trafen sich in Genf. Armenien fordert Garantien, Aserbaidschan lehnt ab. ' +
        'Die Gespräche waren nach einem Zwischenfall in Georgien unterbrochen worden. Armenien und Aserbaidschan wollen weiter verhandeln. ' +
        'Das Gas fließt über die Türkei nach Europa.',
    );
    expect(primary(r)).toEqual(['AM', 'AZ']);
    expect(codes(r)).toEqual(['AM', 'AZ', 'GE', 'TR']);
  });

  it('does not make a state primary because talks between others took place in its capital', () => {
    const r = tag(
      'de',
      'EU und USA verhandeln in Paris über Zölle',
      'Paris (dpa) – Die Unterhändler trafen sich in Paris. Washington verlangt Zugeständnisse. Die USA drohen mit Zöllen.',
    );
    expect(primary(r)).toEqual(['US']);
    expect(codes(r)).toContain('FR');
  });

  it('makes the place of an event primary when no state acts in it', () => {
    const r = tag(
      'en',
      'Wildfire near Athens forces evacuations',
      'ATHENS (Reuters) - Firefighters battled the blaze.',
    );
    expect(primary(r)).toEqual(['GR']);
  });

  it('shares the story between near-tied states when none is in the headline', () => {
    const r = tag(
      'en',
      'Oil prices climb as producers signal restraint',
      'LONDON (Wire) - Oil rose after Saudi Arabia and Russia backed an extension of output cuts. Demand in China was weak last month.',
      'Saudi Arabia and Russia backed the cuts.',
    );
    expect(primary(r)).toEqual(['RU', 'SA']);
    expect(codes(r)).toEqual(['CN', 'GB', 'RU', 'SA']);
  });

  it('includes the target of the sanctions discussed', () => {
    const r = tag(
      'en',
      'EU extends sanctions on Russia',
      'The European Union extended its economic sanctions against Russia for six months. Moscow called the move illegal.',
    );
    expect(primary(r)).toEqual(['RU']);
    expect(r.organizations.map((o) => o.id)).toContain('eu');
  });
});
