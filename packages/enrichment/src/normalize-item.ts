import type { RawItemRecord } from '@wirestream/contract';
import {
  canonicalizeUrl,
  cleanText,
  detectLanguage,
  htmlToText,
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
  publishedAtNote: string | null;
  authors: string[];
  categories: string[];
}

const LANGUAGE_SAMPLE_CHARS = 1500;

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

const unique = (values: string[]): string[] => [...new Set(values.map(oneLine).filter(Boolean))];

export function normalizeItem(raw: RawItemRecord, options: NormalizeOptions): NormalizedItem {
  const { item } = raw;
  const link = item.link ?? (item.guid && /^https?:\/\//i.test(item.guid) ? item.guid : null);
  const canonicalUrl = link
    ? canonicalizeUrl(
        link,
        options.trackingParams ? { extraTrackingParams: options.trackingParams } : undefined,
      )
    : null;
  const title = oneLine(htmlToText(item.title ?? ''));
  const summary = cleanText(htmlToText(item.summary ?? ''));
  const fullText = cleanText(htmlToText(item.contentHtml ?? item.summary ?? ''));
  const { body, credit } = stripBoilerplate(fullText);
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
    authors: unique(item.authors),
    categories: unique(item.categories.map((c) => c.label ?? c.term)),
  };
}
