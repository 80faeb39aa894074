import { describe, expect, it } from 'vitest';
import type { ItemPage, RawItemRecord } from '@wirestream/contract';
import { chooseBody, normalizeItem } from './normalize-item.js';

const PAGE_TEXT =
  'The harbour authority said on Monday that the strike had halted loading at four terminals.\n\nUnion leaders met the operators for a third round of talks, which ended without agreement late in the evening.';

const page = (extra: Partial<ItemPage> = {}): ItemPage => ({
  url: 'https://dailyledger.example/world/port-strike',
  finalUrl: 'https://dailyledger.example/world/port-strike',
  status: 'ok',
  reason: null,
  fetchedAt: '2025-06-02T10:00:01.000Z',
  text: PAGE_TEXT,
  title: 'Port strike enters second week',
  author: null,
  publishedAt: null,
  language: 'en',
  paywalled: false,
  extraction: { method: 'test', confidence: 0.9 },
  ...extra,
});

function raw(summary: string, itemPage?: ItemPage): RawItemRecord {
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
      link: 'https://dailyledger.example/world/port-strike',
      title: 'Port strike enters second week',
      summary,
      contentHtml: null,
      authors: [],
      categories: [],
      published: 'Mon, 02 Jun 2025 08:30:00 GMT',
      updated: null,
      language: null,
      media: [],
    },
    fetchedAt: '2025-06-02T10:00:00Z',
    http: {
      status: 200,
      finalUrl: 'https://dailyledger.example/world.xml',
      contentType: null,
      etag: null,
      lastModified: null,
    },
    ...(itemPage ? { page: itemPage } : {}),
  };
}

const options = { futureToleranceMs: 3_600_000 };

describe('the body of an item with a fetched page', () => {
  it('uses the page text when the page was read and says more than the feed', () => {
    const item = normalizeItem(raw('Loading halted at four terminals…', page()), options);
    expect(item.textSource).toBe('page');
    expect(item.body).toContain('third round of talks');
    expect(item.pageStatus).toBe('ok');
  });

  it('uses the text a walled page shows', () => {
    const item = normalizeItem(raw('Teaser…', page({ status: 'walled', paywalled: true })), options);
    expect(item.textSource).toBe('page');
    expect(item.pageStatus).toBe('walled');
  });

  it("keeps the feed's text when the page failed, and says why", () => {
    const failed = page({ status: 'failed', reason: 'http-status: HTTP 404', text: null });
    const item = normalizeItem(raw('Loading halted at four terminals.', failed), options);
    expect(item).toMatchObject({
      textSource: 'feed',
      pageStatus: 'failed',
      pageReason: 'http-status: HTTP 404',
    });
    expect(item.body).toBe('Loading halted at four terminals.');
  });

  it("keeps the feed's text when it is longer than the page's", () => {
    const long = `${PAGE_TEXT}\n\nA further paragraph only the feed carries, with more detail on the talks.`;
    expect(chooseBody(page(), long)).toEqual({ text: long, source: 'feed' });
  });

  it('records without a page read as before', () => {
    const item = normalizeItem(raw('Loading halted.'), options);
    expect(item).toMatchObject({
      textSource: 'feed',
      pageStatus: null,
      pageReason: null,
      body: 'Loading halted.',
    });
  });
});
