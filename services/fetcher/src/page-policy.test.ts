import { describe, expect, it } from 'vitest';
import type { FeedItem } from '@wirestream/contract';
import { looksLikeTeaser, pageLink, wantsPage } from './page-policy.js';

const LONG = 'The council voted on Tuesday to extend the harbour by two berths. '.repeat(12).trim();

const item = (fields: Partial<FeedItem> = {}): FeedItem => ({
  guid: null,
  link: 'https://agency.test/world/harbour',
  title: 'Harbour to grow',
  summary: 'The council voted to extend the harbour.',
  contentHtml: null,
  authors: [],
  categories: [],
  published: null,
  updated: null,
  language: null,
  media: [],
  ...fields,
});

describe('when the page behind an item is fetched', () => {
  it('never fetches under "never", always fetches under "always"', () => {
    expect(wantsPage({ fullText: 'never' }, item(), 600)).toBe(false);
    expect(wantsPage({ fullText: 'always' }, item({ contentHtml: `<p>${LONG}</p>` }), 600)).toBe(true);
  });

  it('under "auto" (and when left out) fetches for short text and not for a full story', () => {
    expect(wantsPage({}, item(), 600)).toBe(true);
    expect(wantsPage({ fullText: 'auto' }, item({ contentHtml: `<p>${LONG}</p>` }), 600)).toBe(false);
    expect(wantsPage({ fullText: 'auto' }, item({ summary: LONG }), 600)).toBe(false);
    expect(wantsPage({ fullText: 'auto' }, item(), 10)).toBe(false);
  });

  it('under "auto" fetches for a long text that ends like a teaser', () => {
    for (const end of [
      '…',
      '...',
      ' [...]',
      ' […]',
      ' Read more',
      ' Read more »',
      ' Continue reading →',
      ' (more)',
    ]) {
      expect(wantsPage({ fullText: 'auto' }, item({ summary: `${LONG}${end}` }), 600), end).toBe(true);
    }
  });

  it('fetches nothing for an item without an http(s) link', () => {
    expect(wantsPage({ fullText: 'always' }, item({ link: null }), 600)).toBe(false);
    expect(wantsPage({ fullText: 'always' }, item({ link: 'ftp://agency.test/x' }), 600)).toBe(false);
    expect(wantsPage({ fullText: 'always' }, item({ link: 'not a url' }), 600)).toBe(false);
    expect(pageLink(item({ link: null, guid: 'https://agency.test/g' }))).toBe('https://agency.test/g');
  });

  it('tells teasers from finished sentences', () => {
    expect(looksLikeTeaser('He said the talks would go on…')).toBe(true);
    expect(looksLikeTeaser('He said the talks would go on.')).toBe(false);
    expect(looksLikeTeaser('Readers had more to say.')).toBe(false);
  });
});
