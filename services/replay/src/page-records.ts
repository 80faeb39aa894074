/**
 * Kept article pages (news.pages.v1) → the raw items that link to them, with the page extracted
 * again by the current extractor: what `replay pages` feeds through the normal path. Pure but for
 * the gunzip. Which kept page an item's `page` names: its SHA-256 (`page.sha256`; after a 304 it
 * names the earlier fetch's HTML, kept under the item that fetched it), or, on records from before
 * that field, the item key and fetch time the page record shares with it.
 */
import type { ItemPage, PageDocumentRecord, RawItemRecord } from '@wirestream/contract';
import { itemPageOf } from '@wirestream/extract';
import { documentBody } from './feed-records.js';

/** The kept page a raw item's `page` names, or null when its HTML was not kept (not fetched, not HTML, failed). */
export function pageRefOf(raw: RawItemRecord): string | null {
  const page = raw.page;
  if (!page) return null;
  if (page.sha256) return page.sha256;
  const kept =
    page.status === 'ok' || page.status === 'walled' || (page.reason ?? '').startsWith('no-article');
  return kept && page.fetchedAt ? `${raw.itemKey} ${page.fetchedAt}` : null;
}

/** Every name a kept page goes by (see pageRefOf). */
export const pageDocumentRefs = (doc: PageDocumentRecord): string[] => [
  doc.body.sha256,
  `${doc.itemKey} ${doc.fetchedAt}`,
];

/** A kept page extracted again, as the fetcher would have put it on the raw record. */
export function reextractPage(doc: PageDocumentRecord): ItemPage {
  return itemPageOf({
    url: doc.url,
    finalUrl: doc.finalUrl,
    fetchedAt: doc.fetchedAt,
    contentType: doc.http.headers['content-type'] ?? null,
    body: documentBody(doc),
    sha256: doc.body.sha256,
  });
}

/**
 * The raw item with the fresh extraction as its page. What the fetch established stays the item's
 * own: the link it fetched, where that led, when (a 304 confirmed it later than the HTML was kept).
 */
export function withFreshPage(raw: RawItemRecord, fresh: ItemPage): RawItemRecord {
  const page = raw.page!;
  return {
    ...raw,
    page: {
      ...fresh,
      url: page.url,
      finalUrl: page.finalUrl ?? fresh.finalUrl,
      fetchedAt: page.fetchedAt ?? fresh.fetchedAt,
      sha256: page.sha256 ?? fresh.sha256,
    },
  };
}
