import { describe, expect, it } from 'vitest';
import type { RawItemRecord } from '@wirestream/contract';
import { normalizeItem } from './normalize-item.js';

function raw(item: Partial<RawItemRecord['item']>, fetchedAt = '2025-06-02T10:00:00Z'): RawItemRecord {
  return {
    schemaVersion: 1,
    itemKey: 'i-1',
    change: 'new',
    itemHash: 'h',
    feed: {
      id: 'ledger-world',
      agency: 'Daily Ledger',
      name: 'Daily Ledger – World',
      url: 'https://dailyledger.example/world.xml',
      format: 'rss',
      title: null,
      languageHint: 'en',
    },
    item: {
      guid: null,
      link: 'https://www.dailyledger.example/world/2025/06/02/port-strike/?utm_source=rss',
      title: 'Port strike enters second week',
      summary: null,
      contentHtml: null,
      authors: [],
      categories: [],
      published: 'Mon, 02 Jun 2025 08:30:00 GMT',
      updated: null,
      language: null,
      media: [],
      ...item,
    },
    fetchedAt,
    http: {
      status: 200,
      finalUrl: 'https://dailyledger.example/world.xml',
      contentType: null,
      etag: null,
      lastModified: null,
    },
  };
}

const options = { futureToleranceMs: 60 * 60_000 };

describe('normalizeItem', () => {
  it('collects feed media and content images into one de-duplicated list, feed media first', () => {
    const item = normalizeItem(
      raw({
        media: [
          {
            url: 'https://img.dailyledger.example/port.jpg',
            type: 'image/jpeg',
            title: 'Idle cranes',
            credit: 'Ledger/J. Doe',
          },
          {
            url: 'https://img.dailyledger.example/briefing.mp3',
            type: 'audio/mpeg',
            title: null,
            credit: null,
          },
        ],
        contentHtml:
          '<p>Dock workers walked out.</p><figure><img src="https://IMG.dailyledger.example/port.jpg"></figure><p><img src="../../pickets.jpg" alt="Pickets at the gate"></p>',
      }),
      options,
    );
    expect(item.images).toEqual([
      {
        url: 'https://img.dailyledger.example/port.jpg',
        caption: 'Idle cranes',
        credit: 'Ledger/J. Doe',
        type: 'image/jpeg',
      },
      {
        url: 'https://www.dailyledger.example/world/2025/06/pickets.jpg',
        caption: 'Pickets at the gate',
        credit: null,
        type: 'image/jpeg',
      },
    ]);
    expect(item.body).toBe('Dock workers walked out.');
  });

  it('cleans authors and categories', () => {
    const item = normalizeItem(
      raw({
        authors: ['jane@dailyledger.example (Jane Roe)', 'Jane Roe', 'desk@dailyledger.example'],
        categories: [
          { term: 'world', scheme: null, label: ' World ' },
          { term: 'World', scheme: 'http://dailyledger.example/sections', label: null },
          { term: 'Transport', scheme: null, label: null },
        ],
      }),
      options,
    );
    expect(item.authors).toEqual(['Jane Roe']);
    expect(item.categories).toEqual(['World', 'Transport']);
  });

  it('says why the fetch time stands in for the publication date', () => {
    expect(normalizeItem(raw({}), options)).toMatchObject({
      publishedAtSource: 'feed',
      publishedAtNote: null,
    });
    expect(normalizeItem(raw({ published: null }), options)).toMatchObject({
      publishedAt: '2025-06-02T10:00:00.000Z',
      publishedAtSource: 'fetch-time',
      publishedAtNote: 'missing',
    });
    expect(normalizeItem(raw({ published: 'Tue, 03 Jun 2025 08:30:00 GMT' }), options)).toMatchObject({
      publishedAtSource: 'fetch-time',
      publishedAtNote: 'in-future',
    });
    expect(normalizeItem(raw({ published: 'sometime last week' }), options).publishedAtNote).toBe(
      'unparseable',
    );
  });
});
