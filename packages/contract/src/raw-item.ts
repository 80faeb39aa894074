import { z } from 'zod';
import { UtcInstant } from './common.js';

export const FeedFormat = z.enum(['rss', 'rdf', 'atom', 'json']);
export type FeedFormat = z.infer<typeof FeedFormat>;

export const ItemCategory = z.object({
  term: z.string(),
  scheme: z.string().nullable(),
  label: z.string().nullable(),
});
export type ItemCategory = z.infer<typeof ItemCategory>;

export const ItemMedia = z.object({
  url: z.string(),
  type: z.string().nullable(),
  title: z.string().nullable(),
  credit: z.string().nullable(),
});
export type ItemMedia = z.infer<typeof ItemMedia>;

/**
 * One feed item as parsed, before any normalisation: strings are kept as the feed gave them
 * (dates unparsed), so a later parser or normaliser fix can be replayed over the same data.
 */
export const FeedItem = z.object({
  guid: z.string().nullable(),
  link: z.string().nullable(),
  title: z.string().nullable(),
  summary: z.string().nullable().describe('Teaser or description; may contain HTML'),
  contentHtml: z.string().nullable().describe('Full content (content:encoded, atom:content, content_html)'),
  authors: z.array(z.string()),
  categories: z.array(ItemCategory),
  published: z.string().nullable().describe('Publication date exactly as the feed wrote it'),
  updated: z.string().nullable().describe('Update date exactly as the feed wrote it'),
  language: z.string().nullable().describe('Item language if the feed states one'),
  media: z.array(ItemMedia),
});
export type FeedItem = z.infer<typeof FeedItem>;

export const PageStatus = z.enum(['ok', 'failed', 'skipped', 'walled']);
export type PageStatus = z.infer<typeof PageStatus>;

/** The article page an item links to, as fetched and extracted by the fetcher (its HTML is on news.pages.v1). */
export const ItemPage = z.object({
  url: z.string().describe('The link that was fetched'),
  finalUrl: z.string().nullable().describe('Where redirects ended; null when nothing was fetched'),
  status: PageStatus.describe(
    '"ok": text extracted; "walled": a paywall or consent wall, text kept as far as it goes; "failed": fetch or extraction failed; "skipped": not fetched (robots.txt, not http(s))',
  ),
  reason: z.string().nullable().describe('Why the page failed or was skipped, e.g. "http-status: HTTP 404"'),
  fetchedAt: UtcInstant.nullable(),
  text: z.string().nullable().describe('Extracted article text, paragraphs separated by a blank line'),
  title: z.string().nullable(),
  author: z.string().nullable(),
  publishedAt: z.string().nullable(),
  language: z.string().nullable(),
  paywalled: z.boolean(),
  extraction: z.object({ method: z.string(), confidence: z.number() }).nullable(),
  // Optional: records from before conditional page requests have none.
  sha256: z
    .string()
    .nullable()
    .optional()
    .describe(
      'SHA-256 of the page HTML kept on news.pages.v1: of this fetch, or of the earlier one a 304 confirmed; null when none was kept',
    ),
});
export type ItemPage = z.infer<typeof ItemPage>;

export const RawItemRecord = z
  .object({
    schemaVersion: z.literal(1),
    itemKey: z.string().describe('Hash of feed id and item guid (or link); the Kafka key'),
    change: z
      .enum(['new', 'updated'])
      .describe('"updated": the same item was seen before with other content'),
    itemHash: z.string().describe('Hash of the item fields; changes when the item content changes'),
    feed: z.object({
      id: z.string(),
      agency: z.string(),
      name: z.string(),
      url: z.string(),
      format: FeedFormat.nullable(),
      title: z.string().nullable(),
      languageHint: z.string().nullable(),
    }),
    item: FeedItem,
    fetchedAt: UtcInstant,
    http: z.object({
      status: z.number().int(),
      finalUrl: z.string(),
      contentType: z.string().nullable(),
      etag: z.string().nullable(),
      lastModified: z.string().nullable(),
    }),
    // Optional: records from before page fetching (and feeds with fullText "never") have none.
    page: ItemPage.optional().describe('The article page the item links to, when the fetcher looked at it'),
  })
  .meta({
    id: 'news.raw.v1',
    title: 'Raw feed item',
    description: 'One new or changed feed item as fetched',
  });
export type RawItemRecord = z.infer<typeof RawItemRecord>;
