import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectLanguage, normalizeLanguageHint } from './index.js';

// Two short news-style sentences per language, written for these tests.
const SAMPLES: Record<string, string> = {
  de: 'Die Landesregierung hat am Dienstag ein neues Förderprogramm für kleine Betriebe vorgestellt. Kritiker halten die Summe für zu gering.',
  en: 'The city council approved a new budget for public transport on Tuesday. Opposition members said the plan came far too late.',
  fr: 'Le conseil municipal a adopté mardi un nouveau budget pour les transports publics. L’opposition estime que le plan arrive trop tard.',
  es: 'El ayuntamiento aprobó el martes un nuevo presupuesto para el transporte público. La oposición considera que el plan llega demasiado tarde.',
  ru: 'Городской совет во вторник утвердил новый бюджет на общественный транспорт. Оппозиция считает, что план принят слишком поздно.',
  it: 'Il consiglio comunale ha approvato martedì un nuovo bilancio per il trasporto pubblico. L’opposizione ritiene che il piano arrivi troppo tardi.',
  pl: 'Rada miasta zatwierdziła we wtorek nowy budżet na transport publiczny. Opozycja uważa, że plan przyjęto zdecydowanie za późno.',
  uk: 'Міська рада у вівторок затвердила новий бюджет на громадський транспорт. Опозиція вважає, що план ухвалили надто пізно.',
  tr: 'Belediye meclisi salı günü toplu taşıma için yeni bütçeyi onayladı. Muhalefet planın çok geç geldiğini söyledi.',
  ar: 'وافق مجلس المدينة يوم الثلاثاء على ميزانية جديدة للنقل العام. وقالت المعارضة إن الخطة جاءت متأخرة جدا.',
  zh: '市议会星期二批准了新的公共交通预算。反对派表示，这项计划来得太晚了。',
};

describe('detectLanguage', () => {
  it.each(Object.entries(SAMPLES))('detects %s', (lang, text) => {
    const r = detectLanguage(text);
    expect(r.language).toBe(lang);
    expect(r.source).toBe('detected');
    expect(r.confidence).toBeGreaterThan(0.2);
    expect(r.confidence).toBeLessThanOrEqual(1);
  });

  it('returns "und" for empty, numeric or too short text without a hint', () => {
    for (const text of ['', '   ', '2025-05-13 12:00', 'OK', 'https://wirebureau.example/a/b/c']) {
      expect(detectLanguage(text), text).toEqual({ language: 'und', source: 'unknown', confidence: 0 });
    }
  });

  it('trusts the hint for short text', () => {
    expect(detectLanguage('Putin', 'ru')).toEqual({ language: 'ru', source: 'hint', confidence: 0 });
    // a German headline-length text still defers to an "en" hint: too short to overrule the feed
    expect(detectLanguage('Neue Regeln ab Montag', 'en').language).toBe('en');
  });

  it('keeps an agreeing hint and reports the detector confidence', () => {
    const r = detectLanguage(SAMPLES.fr!, 'fr-FR');
    expect(r.language).toBe('fr');
    expect(r.source).toBe('hint');
    expect(r.confidence).toBeGreaterThan(0.5);
  });

  it('overrides a wrong hint when the text is clearly another language', () => {
    const r = detectLanguage(SAMPLES.de!, 'en');
    expect(r).toMatchObject({ language: 'de', source: 'hint-overridden' });
    expect(r.confidence).toBeGreaterThanOrEqual(0.6);
  });

  it('treats a Bokmål hint as agreeing with detected Norwegian', () => {
    const text =
      'Regjeringen la tirsdag fram et nytt budsjett for kollektivtransport. Opposisjonen mener planen kommer altfor sent.';
    expect(detectLanguage(text).language).toBe('no');
    expect(detectLanguage(text, 'nb-NO')).toMatchObject({ language: 'nb', source: 'hint' });
  });

  it('separates languages that share a script, but only on enough text', () => {
    expect(detectLanguage(SAMPLES.uk!, 'ru')).toMatchObject({ language: 'uk', source: 'hint-overridden' });
    expect(detectLanguage(SAMPLES.ru!, 'uk')).toMatchObject({ language: 'ru', source: 'hint-overridden' });
    // a Russian headline under a Ukrainian feed hint: too short to overrule the feed
    expect(detectLanguage('Суд в Москве арестовал физика', 'uk')).toMatchObject({
      language: 'uk',
      source: 'hint',
    });
  });
});

describe('normalizeLanguageHint', () => {
  it('maps feed language tags to ISO 639-1', () => {
    expect(normalizeLanguageHint('de-DE')).toBe('de');
    expect(normalizeLanguageHint('en_US')).toBe('en');
    expect(normalizeLanguageHint(' FR ')).toBe('fr');
    expect(normalizeLanguageHint('ger')).toBe('de');
    expect(normalizeLanguageHint('zho')).toBe('zh');
    expect(normalizeLanguageHint('iw-IL')).toBe('he');
  });

  it('returns null for unusable hints', () => {
    expect(normalizeLanguageHint(null)).toBeNull();
    expect(normalizeLanguageHint('')).toBeNull();
    expect(normalizeLanguageHint('german')).toBeNull();
    expect(normalizeLanguageHint('xyz')).toBeNull();
  });
});

describe('detectLanguage on the development set', () => {
  interface DevArticle {
    id: string;
    language: string;
    title: string;
    summary: string;
    body: string;
  }
  const devset: DevArticle[] = readFileSync(
    new URL('../../../../shared/devset/articles.jsonl', import.meta.url),
    'utf8',
  )
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as DevArticle);

  function accuracy(field: 'title' | 'summary' | 'body'): number {
    return devset.filter((a) => detectLanguage(a[field]).language === a.language).length / devset.length;
  }

  it('has the 50 articles', () => {
    expect(devset).toHaveLength(50);
  });

  it('gets every body and summary right, and nearly every headline', () => {
    expect(accuracy('body')).toBe(1);
    expect(accuracy('summary')).toBe(1);
    expect(accuracy('title')).toBeGreaterThanOrEqual(0.95);
  });

  it('never overrides a correct hint and overrides a wrong one on every body', () => {
    for (const a of devset) {
      expect(detectLanguage(a.body, a.language), a.id).toMatchObject({
        language: a.language,
        source: 'hint',
      });
      const wrong = a.language === 'en' ? 'de' : 'en';
      expect(detectLanguage(a.body, wrong), a.id).toMatchObject({
        language: a.language,
        source: 'hint-overridden',
      });
    }
  });
});
