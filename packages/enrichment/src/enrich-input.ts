import type { EnrichInput, RawItemRecord } from '@wirestream/contract';
import { itemKeyFor } from '@wirestream/dedupe';

const slug = (text: string): string =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'stdin';

/**
 * One `wirestream enrich` input line as the raw item a feed would have produced, so the command
 * exercises the enricher's own path rather than a look-alike.
 */
export function rawItemFromInput(input: EnrichInput, line: number, fetchedAt: Date): RawItemRecord {
  const feedId = input.source ? slug(input.source) : 'stdin';
  const identity = input.id ?? (input.url || `line-${line}`);
  return {
    schemaVersion: 1,
    itemKey: itemKeyFor(feedId, identity),
    change: 'new',
    itemHash: itemKeyFor(feedId, `${input.title}\n${input.summary}\n${input.body}`),
    feed: {
      id: feedId,
      agency: input.source ?? 'stdin',
      name: input.source ?? 'stdin',
      url: 'stdin:',
      format: null,
      title: null,
      languageHint: null,
    },
    item: {
      guid: input.id ?? null,
      link: input.url || null,
      title: input.title,
      summary: input.summary || null,
      contentHtml: input.body || null,
      authors: [],
      categories: [],
      published: input.published ?? null,
      updated: null,
      language: input.language ?? null,
      media: [],
    },
    fetchedAt: fetchedAt.toISOString(),
    http: { status: 0, finalUrl: 'stdin:', contentType: null, etag: null, lastModified: null },
  };
}
