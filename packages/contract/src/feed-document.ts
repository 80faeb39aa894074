import { z } from 'zod';
import { fetchedDocumentFields } from './stored-document.js';

/**
 * One fetched feed document, kept so that feeds themselves can be re-parsed after a parser fix,
 * not only the items an earlier parser found in them.
 */
export const FeedDocumentRecord = z
  .object({
    schemaVersion: z.literal(1),
    feed: z.object({
      id: z.string(),
      agency: z.string(),
      name: z.string(),
      languageHint: z.string().nullable(),
    }),
    ...fetchedDocumentFields,
  })
  .meta({
    id: 'news.feeds.raw.v1',
    title: 'Raw feed document',
    description: 'One fetched feed body with its URL, HTTP headers and fetch time',
  });
export type FeedDocumentRecord = z.infer<typeof FeedDocumentRecord>;

// Response headers that can carry a session or a credential; a feed document never keeps them.
const SENSITIVE_HEADER = /cookie|auth|token|secret|session|password|api-?key|signature/i;

/** The response headers worth keeping with a stored document: everything but credential-like ones. */
export function keptHeaders(headers: Iterable<[string, string]>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (!SENSITIVE_HEADER.test(lower)) kept[lower] = value;
  }
  return kept;
}
