import type { ArticleImage, PageStatus, PublishedAtNote, RawItemRecord } from '@wirestream/contract';
import {
  canonicalizeUrl,
  cleanAuthors,
  cleanCategories,
  cleanText,
  detectLanguage,
  htmlToText,
  MAX_TITLE_CHARS,
  truncateText,
  imagesFromHtml,
  imagesFromMedia,
  mergeImages,
  resolvePublishedAt,
  stripBoilerplate,
} from '@wirestream/normalize';

export interface NormalizeOptions {
  futureToleranceMs: number;
  trackingParams?: string[];
}

/** An item's fields made clean: the part of an article record that depends on nothing but the item. */
export interface NormalizedItem {
  url: string;
  canonicalUrl: string | null;
  title: string;
  summary: string;
  body: string;
  credit: string | null;
  language: string;
  publishedAt: string;
  publishedAtSource: 'feed' | 'fetch-time';
  publishedAtNote: PublishedAtNote | null;
  authors: string[];
  categories: string[];
  images: ArticleImage[];
  /** Where the body came from: the feed item, or the article page the fetcher extracted. */
  textSource: 'feed' | 'page';
  pageStatus: PageStatus | null;
  pageReason: string | null;
}

/**
 * The body to use: the page's text when the page was read (ok, or walled with what text it shows)
 * and it says more than the feed did; the feed's otherwise.
 */
export function chooseBody(
  page: RawItemRecord['page'],
  feedBody: string,
): { text: string; source: 'feed' | 'page' } {
  if (!page || (page.status !== 'ok' && page.status !== 'walled') || !page.text) {
    return { text: feedBody, source: 'feed' };
  }
  const pageText = cleanText(page.text);
  return pageText.length > feedBody.length
    ? { text: pageText, source: 'page' }
    : { text: feedBody, source: 'feed' };
}

const LANGUAGE_SAMPLE_CHARS = 1500;

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

export function normalizeItem(raw: RawItemRecord, options: NormalizeOptions): NormalizedItem {
  const { item } = raw;
  const link = item.link ?? (item.guid && /^https?:\/\//i.test(item.guid) ? item.guid : null);
  const canonicalUrl = link
    ? canonicalizeUrl(
        link,
        options.trackingParams ? { extraTrackingParams: options.trackingParams } : undefined,
      )
    : null;
  const title = truncateText(oneLine(htmlToText(item.title ?? '')), MAX_TITLE_CHARS);
  const summary = cleanText(htmlToText(item.summary ?? ''));
  const fullText = cleanText(htmlToText(item.contentHtml ?? item.summary ?? ''));
  const chosen = chooseBody(raw.page, fullText);
  const { body, credit } = stripBoilerplate(chosen.text);
  // The opening of a story settles its language; reading all of a long body only costs time.
  const language = detectLanguage(
    `${title}\n${summary}\n${body}`.slice(0, LANGUAGE_SAMPLE_CHARS),
    item.language ?? raw.feed.languageHint,
  ).language;
  const published = resolvePublishedAt(
    item.published ?? item.updated,
    new Date(raw.fetchedAt),
    options.futureToleranceMs,
  );
  return {
    url: link ?? '',
    canonicalUrl,
    title,
    summary,
    body,
    credit,
    language,
    publishedAt: published.at.toISOString(),
    publishedAtSource: published.source,
    publishedAtNote: published.reason,
    authors: cleanAuthors(item.authors),
    categories: cleanCategories(item.categories.map((c) => c.label ?? c.term)),
    // Feed media first: the agency chose them and usually names caption and credit.
    images: mergeImages(imagesFromMedia(item.media, link), imagesFromHtml(item.contentHtml, link)),
    textSource: chosen.source,
    pageStatus: raw.page?.status ?? null,
    pageReason: raw.page?.reason ?? null,
  };
}
