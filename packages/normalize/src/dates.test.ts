import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDate, resolvePublishedAt } from './index.js';

interface DateVector {
  input: string;
  expected_utc_iso: string | null;
  parser: string;
  note?: string;
}

const CORPUS = new URL('../../../../shared/corpora/feedparser/dates.jsonl', import.meta.url);
const vectors: DateVector[] = readFileSync(CORPUS, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as DateVector);

function iso(input: string): string | null {
  return parseDate(input)?.toISOString() ?? null;
}

describe('parseDate: feedparser date vectors', () => {
  it('has the whole corpus', () => {
    expect(vectors.length).toBe(73);
  });

  it.each(vectors.map((v, i) => [i, v.parser, v.input, v] as const))(
    '#%i %s %j',
    (_i, _parser, _input, v) => {
      const got = parseDate(v.input);
      if (v.expected_utc_iso === null) expect(got).toBeNull();
      else expect(got?.getTime()).toBe(Date.parse(v.expected_utc_iso));
    },
  );
});

describe('parseDate: RFC 822 and real-world deviations', () => {
  it('parses the canonical form with numeric and named zones', () => {
    expect(iso('Tue, 13 May 2025 11:02:00 GMT')).toBe('2025-05-13T11:02:00.000Z');
    expect(iso('Tue, 13 May 2025 13:02:00 +0200')).toBe('2025-05-13T11:02:00.000Z');
    expect(iso('Tue, 13 May 2025 07:02:00 EDT')).toBe('2025-05-13T11:02:00.000Z');
    expect(iso('Tue, 13 May 2025 04:02:00 PDT')).toBe('2025-05-13T11:02:00.000Z');
    expect(iso('Tue, 13 May 2025 13:02:00 CEST')).toBe('2025-05-13T11:02:00.000Z');
    expect(iso('Tue, 13 May 2025 14:02:00 MSK')).toBe('2025-05-13T11:02:00.000Z');
  });

  it('accepts military zone letters', () => {
    expect(iso('Tue, 13 May 2025 11:02:00 Z')).toBe('2025-05-13T11:02:00.000Z');
    expect(iso('Tue, 13 May 2025 12:02:00 A')).toBe('2025-05-13T11:02:00.000Z');
    expect(iso('Tue, 13 May 2025 06:02:00 R')).toBe('2025-05-13T11:02:00.000Z');
  });

  it('tolerates case, spacing, missing parts and comments', () => {
    expect(iso('  tue,13 may 2025   11:02 gmt ')).toBe('2025-05-13T11:02:00.000Z');
    expect(iso('13 May 2025 11:02:00 +0000')).toBe('2025-05-13T11:02:00.000Z');
    expect(iso('Tue, 13 May 25 11:02:00 GMT')).toBe('2025-05-13T11:02:00.000Z');
    expect(iso('Tue, 13 May 2025 13:02:00 +0200 (CEST)')).toBe('2025-05-13T11:02:00.000Z');
    expect(iso('Tue May 13 2025 13:02:00 GMT+0200 (Mitteleuropäische Sommerzeit)')).toBe(
      '2025-05-13T11:02:00.000Z',
    );
    expect(iso('May 13, 2025 7:02 p.m. EDT')).toBe('2025-05-13T23:02:00.000Z');
    expect(iso('Tue, 13 May 2025 12:15:00 AM GMT')).toBe('2025-05-13T00:15:00.000Z');
    expect(iso('May 13, 2025 - 7:02 PM ET')).toBe('2025-05-14T00:02:00.000Z');
    expect(iso('Di., 13.05.2025 | 17:30 Uhr')).toBe('2025-05-13T15:30:00.000Z');
  });

  it('lets a numeric offset win over a zone name', () => {
    expect(iso('Tue, 13 May 2025 13:02:00 +0200 CEST')).toBe('2025-05-13T11:02:00.000Z');
    expect(iso('Tue, 13 May 2025 13:02:00 GMT+02:00')).toBe('2025-05-13T11:02:00.000Z');
    // POSIX zone names invert the sign
    expect(iso('Tue, 13 May 2025 06:02:00 Etc/GMT+5')).toBe('2025-05-13T11:02:00.000Z');
    expect(parseDate('Tue, 13 May 2025 13:02:00 GMT EST')).toBeNull();
  });

  it('rejects an offset without a time and numbers it cannot place', () => {
    expect(parseDate('13 May 2025 +0200')).toBeNull();
    expect(parseDate('13 May 2025 11:02 7')).toBeNull();
    expect(parseDate('May 2025')).toBeNull();
  });

  it('reads two-digit years with the RFC 2822 pivot', () => {
    expect(iso('Fri, 01 Jan 49 00:00:00 GMT')).toBe('2049-01-01T00:00:00.000Z');
    expect(iso('Fri, 01 Jan 99 00:00:00 GMT')).toBe('1999-01-01T00:00:00.000Z');
  });

  it('understands month and day names in other languages', () => {
    const expected = '2025-05-13T15:30:00.000Z';
    for (const input of [
      'Di, 13 Mai 2025 17:30:00 +0200',
      'Dienstag, 13. Mai 2025, 17:30 Uhr MESZ',
      'mardi 13 mai 2025 à 17h30 +0200',
      'martes, 13 de mayo de 2025 17:30 +0200',
      'вторник, 13 мая 2025 г., 18:30 MSK',
      'martedì 13 maggio 2025 ore 17:30 +0200',
      'dinsdag 13 mei 2025 om 17:30 +0200',
      'wtorek, 13 maja 2025 r., godz. 17:30 +0200',
      'Mar, 13 Mayo 2025 15:30:00 GMT',
      '13 MÁJUS 2025 15:30:00 GMT',
    ]) {
      expect(iso(input), input).toBe(expected);
    }
    expect(iso('13 janv. 2025 10:00 GMT')).toBe('2025-01-13T10:00:00.000Z');
    expect(iso('3 févr. 2025 10:00 GMT')).toBe('2025-02-03T10:00:00.000Z');
    expect(iso('1 juil. 2025 10:00 GMT')).toBe('2025-07-01T10:00:00.000Z');
    expect(iso('1 gru 2025 10:00 GMT')).toBe('2025-12-01T10:00:00.000Z');
    expect(iso('Seg, 24 Set 2018 19:22:00 -0300')).toBe('2018-09-24T22:22:00.000Z');
    expect(iso('quarta-feira, 4 de junho de 2025 10:00 GMT')).toBe('2025-06-04T10:00:00.000Z');
  });

  it('rejects ambiguous or unknown month words', () => {
    expect(parseDate('13 jui 2025 10:00 GMT')).toBeNull(); // juin or juillet
    expect(parseDate('Tue, 13 Foo 2025 10:00 GMT')).toBeNull();
  });

  it('parses asctime', () => {
    expect(iso('Tue May 13 11:02:00 2025')).toBe('2025-05-13T11:02:00.000Z');
  });
});

describe('parseDate: ISO 8601 and W3C-DTF', () => {
  it('parses full and reduced precision forms', () => {
    expect(iso('2025-05-13T12:40:00+02:00')).toBe('2025-05-13T10:40:00.000Z');
    expect(iso('2025-05-13T12:40:00+0200')).toBe('2025-05-13T10:40:00.000Z');
    expect(iso('2025-05-13T12:40+02')).toBe('2025-05-13T10:40:00.000Z');
    expect(iso('2025-05-13t10:40:00z')).toBe('2025-05-13T10:40:00.000Z');
    expect(iso('20250513T104000Z')).toBe('2025-05-13T10:40:00.000Z');
    expect(iso('2025-05-13T12:40:00+02:00[Europe/Berlin]')).toBe('2025-05-13T10:40:00.000Z');
    expect(iso('2025-05-13T12:40:00 CEST')).toBe('2025-05-13T10:40:00.000Z');
    expect(parseDate('2025-05-13T12:40:00[Europe/Berlin]')).toBeNull();
    expect(iso('2025-05-13')).toBe('2025-05-13T00:00:00.000Z');
    expect(iso('2025-05')).toBe('2025-05-01T00:00:00.000Z');
    expect(iso('2025')).toBe('2025-01-01T00:00:00.000Z');
  });

  it('accepts comma and dot fractions and drops them', () => {
    expect(iso('2025-05-13T10:40:00,75Z')).toBe('2025-05-13T10:40:00.000Z');
    expect(iso('2025-05-13T10:40:00.123456789Z')).toBe('2025-05-13T10:40:00.000Z');
  });

  it('parses week and ordinal dates', () => {
    expect(iso('2025-W20-2')).toBe('2025-05-13T00:00:00.000Z');
    expect(iso('2025W202')).toBe('2025-05-13T00:00:00.000Z');
    expect(iso('2025-133')).toBe('2025-05-13T00:00:00.000Z');
    expect(iso('2020-W53-7')).toBe('2021-01-03T00:00:00.000Z');
    expect(parseDate('2025-W53-1')).toBeNull(); // 2025 has 52 ISO weeks
    expect(parseDate('2025-366')).toBeNull();
    expect(iso('2024-366')).toBe('2024-12-31T00:00:00.000Z');
  });

  it('rejects dates that do not exist', () => {
    expect(parseDate('2025-02-29')).toBeNull();
    expect(parseDate('2025-13-01')).toBeNull();
    expect(parseDate('2025-04-31T10:00:00Z')).toBeNull();
    expect(parseDate('Thu, 31 Apr 2025 10:00:00 GMT')).toBeNull();
    expect(iso('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
  });

  it('handles years 0 to 9999 literally', () => {
    expect(iso('0099-06-01T00:00:00Z')).toBe('0099-06-01T00:00:00.000Z');
    expect(parseDate('0099-06-01T00:00:00Z')?.getUTCFullYear()).toBe(99);
    expect(iso('0000-01-01T00:00:00Z')).toBe('0000-01-01T00:00:00.000Z');
    expect(iso('9999-12-31T23:59:59Z')).toBe('9999-12-31T23:59:59.000Z');
    expect(parseDate('9999-12-31T23:59:59-01:00')).toBeNull();
  });
});

describe('parseDate: German-style dates in text', () => {
  it('reads them as Berlin local time unless a zone is given', () => {
    expect(iso('13.05.2025, 15:30 Uhr')).toBe('2025-05-13T13:30:00.000Z'); // CEST
    expect(iso('13.01.2025, 15:30 Uhr')).toBe('2025-01-13T14:30:00.000Z'); // CET
    expect(iso('Stand: 13.05.2025, 15:30 Uhr')).toBe('2025-05-13T13:30:00.000Z');
    expect(iso('Stand: 13.05.2025 15:30 MESZ')).toBe('2025-05-13T13:30:00.000Z');
    expect(iso('Aktualisiert am 18.04.2025 um 21:58 Uhr')).toBe('2025-04-18T19:58:00.000Z');
    expect(iso('13.05.2025 15.30 Uhr')).toBe('2025-05-13T13:30:00.000Z');
    expect(iso('13. Mai 2025, 15:30 Uhr')).toBe('2025-05-13T13:30:00.000Z');
  });

  it('rejects an ambiguous slashed date rather than guess', () => {
    expect(parseDate('05/06/2025')).toBeNull();
    expect(iso('25/06/2025')).toBe('2025-06-25T00:00:00.000Z');
  });
});

describe('parseDate: garbage', () => {
  it('returns null for things that are not dates', () => {
    for (const input of [
      '',
      '   ',
      'yesterday',
      'n/a',
      '0',
      '12345678901',
      'Tue, 13 May 2025 11:02:00 +0200 extra words',
      'Tue, 13 May 2025 25:00:00 GMT',
      '2025-05-13T10:00:00+25:00',
      'x'.repeat(500),
    ]) {
      expect(parseDate(input), input).toBeNull();
    }
  });
});

describe('resolvePublishedAt', () => {
  const fetchedAt = new Date('2025-05-13T12:00:00Z');
  const tolerance = 10 * 60_000;

  it('uses the feed date when it is plausible', () => {
    const r = resolvePublishedAt('Tue, 13 May 2025 11:02:00 GMT', fetchedAt, tolerance);
    expect(r).toEqual({ at: new Date('2025-05-13T11:02:00Z'), source: 'feed', reason: null });
  });

  it('accepts a date slightly in the future within the tolerance', () => {
    const r = resolvePublishedAt('2025-05-13T12:05:00Z', fetchedAt, tolerance);
    expect(r.source).toBe('feed');
  });

  it('falls back to fetch time for missing, unparseable and future dates', () => {
    expect(resolvePublishedAt(null, fetchedAt, tolerance)).toEqual({
      at: fetchedAt,
      source: 'fetch-time',
      reason: 'missing',
    });
    expect(resolvePublishedAt('  ', fetchedAt, tolerance).reason).toBe('missing');
    expect(resolvePublishedAt(undefined, fetchedAt, tolerance).reason).toBe('missing');
    expect(resolvePublishedAt('soon', fetchedAt, tolerance)).toEqual({
      at: fetchedAt,
      source: 'fetch-time',
      reason: 'unparseable',
    });
    expect(resolvePublishedAt('2025-05-13T12:30:00Z', fetchedAt, tolerance)).toEqual({
      at: fetchedAt,
      source: 'fetch-time',
      reason: 'in-future',
    });
  });

  it('returns a copy of fetchedAt, not the caller’s object', () => {
    const r = resolvePublishedAt(null, fetchedAt, tolerance);
    expect(r.at).not.toBe(fetchedAt);
    expect(r.at.getTime()).toBe(fetchedAt.getTime());
  });
});
