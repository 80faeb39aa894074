import { describe, expect, it } from 'vitest';
import { authorName, cleanAuthors, cleanCategories } from './index.js';

describe('authors', () => {
  it('reduces RSS and mail-style author fields to the name', () => {
    expect(authorName('jane@x.example (Jane Roe)')).toBe('Jane Roe');
    expect(authorName('newsdesk@dailyledger.example (Ledger Staff)')).toBe('Ledger Staff');
    expect(authorName('Jane Roe <jane@x.example>')).toBe('Jane Roe');
    expect(authorName('Pierre Martin (pierre.martin@depeches.example)')).toBe('Pierre Martin');
    expect(authorName('mailto:desk@wire.example (Wire Desk)')).toBe('Wire Desk');
  });

  it('drops a bare address and a byline word, keeps names that merely look like words', () => {
    expect(authorName('jane@x.example')).toBeNull();
    expect(authorName('  By Jane Roe ')).toBe('Jane Roe');
    expect(authorName('Von Anna Schmidt')).toBe('Anna Schmidt');
    expect(authorName('Byron Lee')).toBe('Byron Lee');
    expect(authorName('"Ana Pérez"')).toBe('Ana Pérez');
  });

  it('de-duplicates, ignoring case and the form the name came in', () => {
    expect(
      cleanAuthors(['jane@x.example (Jane Roe)', 'Jane Roe', 'JANE ROE', 'ops@x.example', '', 'John  Doe']),
    ).toEqual(['Jane Roe', 'John Doe']);
  });
});

describe('categories', () => {
  it('trims, folds whitespace and de-duplicates ignoring case, first spelling kept', () => {
    expect(
      cleanCategories([' World ', 'world', 'Middle\n East', 'Middle East', '', '  ', 'Économie', 'économie']),
    ).toEqual(['World', 'Middle East', 'Économie']);
  });
});
