import { describe, expect, it } from 'vitest';
import { likeliestLanguage } from './function-words.js';

const LANGS = ['de', 'en', 'fr', 'es', 'ru'] as const;

describe('likeliestLanguage', () => {
  it('picks the candidate whose function words are most frequent', () => {
    expect(likeliestLanguage('Der Minister sagte, dass die Regierung nicht zurücktritt.', LANGS, 'en')).toBe(
      'de',
    );
    expect(likeliestLanguage('Le ministre a dit que la loi est dans le journal.', LANGS, 'en')).toBe('fr');
    expect(likeliestLanguage('El ministro dijo que los precios y las tasas suben.', LANGS, 'en')).toBe('es');
    expect(likeliestLanguage('Министр сказал, что это не так и в этом нет смысла.', LANGS, 'en')).toBe('ru');
  });

  it('falls back when nothing is more frequent than the fallback, and leaves out other candidates', () => {
    expect(likeliestLanguage('', LANGS, 'en')).toBe('en');
    expect(likeliestLanguage('Putin Merkel Macron', LANGS, 'en')).toBe('en');
    expect(likeliestLanguage('der die das und', ['en', 'fr'] as const, 'en')).toBe('en');
    expect(likeliestLanguage('der die das und', ['it'], 'it')).toBe('it');
  });
});
