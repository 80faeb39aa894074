import { describe, expect, it } from 'vitest';
import { fold, stem, stemName } from './stem.js';

describe('stem', () => {
  it('folds case and diacritics', () => {
    expect(fold('Öl')).toBe('ol');
    expect(fold('Straße')).toBe('strasse');
    expect(fold('Sanción')).toBe('sancion');
  });

  it('reduces German inflection to one stem', () => {
    const forms = ['Sanktion', 'Sanktionen'].map((w) => stem(w, 'de'));
    expect(new Set(forms).size).toBe(1);
    expect(stem('Konzerne', 'de')).toBe(stem('Konzern', 'de'));
    expect(stem('russischen', 'de')).toBe(stem('russisch', 'de'));
    expect(stem('Festnahmen', 'de')).toBe(stem('Festnahme', 'de'));
    expect(stem('Russland', 'de')).not.toBe(stem('russisch', 'de'));
  });

  it('reduces Russian declension to one stem', () => {
    const forms = ['санкция', 'санкции', 'санкций', 'санкциями', 'санкциях'].map((w) => stem(w, 'ru'));
    expect(new Set(forms).size).toBe(1);
    expect(stem('российского', 'ru')).toBe(stem('российский', 'ru'));
  });

  it('keeps Russian surnames apart from their case endings only', () => {
    const peskov = ['Песков', 'Пескова', 'Пескову', 'Песковым'].map((w) => stemName(w, 'ru'));
    expect(new Set(peskov).size).toBe(1);
    const russia = ['Россия', 'России', 'Россию', 'Россией'].map((w) => stemName(w, 'ru'));
    expect(new Set(russia).size).toBe(1);
    expect(stemName('Кремля', 'ru')).toBe(stemName('Кремль', 'ru'));
  });

  it('handles English, French and Spanish plurals', () => {
    expect(stem('sanctions', 'en')).toBe(stem('sanction', 'en'));
    expect(stem('sanctioned', 'en')).toBe(stem('sanction', 'en'));
    expect(stem('economies', 'en')).toBe(stem('economy', 'en'));
    expect(stem('taxes', 'en')).toBe(stem('tax', 'en'));
    expect(stem('gas', 'en')).toBe('gas');
    expect(stem('accused', 'en')).toBe(stem('accuse', 'en'));
    expect(stem('agreed', 'en')).toBe(stem('agree', 'en'));
    expect(stem('releases', 'en')).toBe(stem('release', 'en'));
    expect(stem('sanctions', 'fr')).toBe(stem('sanction', 'fr'));
    expect(stem('américaines', 'fr')).toBe(stem('américain', 'fr'));
    expect(stem('journaux', 'fr')).toBe(stem('journal', 'fr'));
    expect(stem('sanciones', 'es')).toBe(stem('sanción', 'es'));
    expect(stem('chilenos', 'es')).toBe(stem('chilena', 'es'));
  });
});
