/**
 * A document fetched over HTTP → what the records keep of it: the origin every raw item of a feed
 * document names, and the document itself as kept on news.feeds.raw.v1 or, for an article page,
 * news.pages.v1 (gzip, base64, SHA-256). The fetcher and replay's backfill both build them here, from
 * fetchDocument's result (the runtime's feed I/O, @wirestream/runtime/feeds; moved here from the
 * fetcher). URLs lose their credentials.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import {
  keptHeaders,
  type FeedDocumentRecord,
  type FeedSource,
  type PageDocumentRecord,
} from '@wirestream/contract';
import type { FeedOrigin } from '@wirestream/feeds';
import { redactUrl } from '../logger.js';
import type { FetchedDocument } from './fetch-document.js';

const gzipAsync = promisify(gzip);

/** The origin of a document fetched over HTTP for a feed of the list; `url` is the URL asked for. */
export function fetchedOrigin(
  feed: FeedSource,
  url: string,
  doc: FetchedDocument,
  fetchedAt: Date,
): FeedOrigin {
  return {
    feed: {
      id: feed.id,
      agency: feed.agency,
      name: feed.name ?? feed.agency,
      url: redactUrl(url),
      languageHint: feed.language ?? null,
    },
    fetchedAt: fetchedAt.toISOString(),
    http: {
      status: doc.status,
      finalUrl: redactUrl(doc.finalUrl),
      contentType: doc.headers.get('content-type'),
      etag: doc.headers.get('etag'),
      lastModified: doc.headers.get('last-modified'),
    },
  };
}

/** The fields every kept document shares: URLs, fetch time, HTTP answer, the body gzipped off the event loop. */
async function storedDocument(doc: FetchedDocument & { body: Buffer }, fetchedAt: Date) {
  return {
    url: redactUrl(doc.url),
    finalUrl: redactUrl(doc.finalUrl),
    fetchedAt: fetchedAt.toISOString(),
    http: { status: doc.status, headers: keptHeaders(doc.headers.entries()) },
    body: {
      encoding: 'gzip+base64' as const,
      data: (await gzipAsync(doc.body)).toString('base64'),
      bytes: doc.body.length,
      sha256: createHash('sha256').update(doc.body).digest('hex'),
    },
  };
}

/** The fetched body as kept on news.feeds.raw.v1. */
export async function feedDocumentFor(
  feed: FeedSource,
  doc: FetchedDocument & { body: Buffer },
  fetchedAt: Date,
): Promise<FeedDocumentRecord> {
  return {
    schemaVersion: 1,
    feed: {
      id: feed.id,
      agency: feed.agency,
      name: feed.name ?? feed.agency,
      languageHint: feed.language ?? null,
    },
    ...(await storedDocument(doc, fetchedAt)),
  };
}

/** A fetched article page as kept on news.pages.v1, keyed like the item that links to it. */
export async function pageDocumentFor(
  item: { itemKey: string; feedId: string },
  doc: FetchedDocument & { body: Buffer },
  fetchedAt: Date,
): Promise<PageDocumentRecord> {
  return { schemaVersion: 1, ...item, ...(await storedDocument(doc, fetchedAt)) };
}
