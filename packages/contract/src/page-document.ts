import { z } from 'zod';
import { UtcInstant } from './common.js';

/**
 * One fetched article page, kept so that pages can be re-extracted after an extractor change
 * without fetching them again. Keyed like the item that links to it.
 */
export const PageDocumentRecord = z
  .object({
    schemaVersion: z.literal(1),
    itemKey: z.string().describe('The itemKey of the raw item that links to the page'),
    feedId: z.string(),
    url: z.string().describe('The URL requested, credentials removed'),
    finalUrl: z.string().describe('The URL the body came from after redirects, credentials removed'),
    fetchedAt: UtcInstant,
    http: z.object({
      status: z.number().int(),
      headers: z
        .record(z.string(), z.string())
        .describe('Response headers, lower-case names; cookies and anything credential-like left out'),
    }),
    body: z.object({
      encoding: z.literal('gzip+base64').describe('The body as received (decompressed), gzipped, base64'),
      data: z.string(),
      bytes: z.number().int().nonnegative().describe('Size of the body before compression'),
      sha256: z.string().describe('Hex SHA-256 of the body before compression'),
    }),
  })
  .meta({
    id: 'news.pages.v1',
    title: 'Article page',
    description: 'One fetched article page with its URL, HTTP headers and fetch time',
  });
export type PageDocumentRecord = z.infer<typeof PageDocumentRecord>;
