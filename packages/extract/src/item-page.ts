/**
 * A fetched article page → the `page` a raw record carries (status, reason, extracted text and
 * metadata). Here, beside the extractor, because the fetcher (on fetching a page) and `replay pages`
 * (on re-extracting a kept one) must say the same thing of the same bytes. Pure; URLs come in
 * already without credentials.
 */
import type { ItemPage } from '@wirestream/contract';
import { decodePage } from './decode.js';
import { extractArticle } from './extract.js';

const HTML_TYPE = /^\s*(?:text\/html|application\/xhtml\+xml)\s*(?:;|$)/i;

/** Whether a response is an HTML page: by its Content-Type, or, when it has none, by how the body starts. */
export const isHtmlPage = (contentType: string | null, body: Uint8Array): boolean =>
  contentType
    ? HTML_TYPE.test(contentType)
    : /^\s*</.test(Buffer.from(body.subarray(0, 512)).toString('latin1'));

/** A page that was not read (or not as an article): where it was and why. */
export const unreadPage = (
  url: string,
  status: 'failed' | 'skipped',
  reason: string | null,
  extra: Partial<ItemPage> = {},
): ItemPage => ({
  url,
  finalUrl: null,
  status,
  reason,
  fetchedAt: null,
  text: null,
  title: null,
  author: null,
  publishedAt: null,
  language: null,
  paywalled: false,
  extraction: null,
  sha256: null,
  ...extra,
});

export interface FetchedPage {
  /** The link that was fetched, and where redirects ended. */
  url: string;
  finalUrl: string;
  fetchedAt: string;
  contentType: string | null;
  body: Uint8Array;
  /** SHA-256 of the body as kept on news.pages.v1; null when it is not kept. */
  sha256: string | null;
}

/** An HTML page (see isHtmlPage) → its article: `ok`, `walled` with the text it shows, or `failed` with no article. */
export function itemPageOf(fetched: FetchedPage): ItemPage {
  const { url, finalUrl, fetchedAt, contentType, body, sha256 } = fetched;
  const base = { finalUrl, fetchedAt, sha256 };
  const article = extractArticle(decodePage(body, contentType).html, { url: finalUrl });
  if (!article.text.trim() && !article.paywalled) {
    return unreadPage(url, 'failed', 'no-article: no article text found on the page', base);
  }
  return {
    ...unreadPage(url, 'failed', null, base),
    status: article.paywalled ? 'walled' : 'ok',
    reason: article.paywalled ? `walled: ${article.paywallReason ?? 'paywall or consent wall'}` : null,
    text: article.text || null,
    title: article.title,
    author: article.author,
    publishedAt: article.publishedAt,
    language: article.language,
    paywalled: article.paywalled,
    extraction: { method: article.extraction.method, confidence: article.extraction.confidence },
  };
}
