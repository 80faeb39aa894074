import { createHash } from 'node:crypto';
import type { FeedItem, FeedSource, RawItemRecord } from '@wirestream/contract';
import { itemKeyFor } from '@wirestream/dedupe';
import { itemIdentity, type ParsedFeed } from '@wirestream/feeds';
import { redactUrl } from '@wirestream/runtime';
import type { FetchedDocument } from './http-fetch.js';

/** Hash of the item fields that make a change worth publishing. */
export const itemHash = (item: FeedItem): string =>
  createHash('sha256')
    .update(
      JSON.stringify([item.title, item.summary, item.contentHtml, item.link, item.published, item.updated]),
    )
    .digest('hex')
    .slice(0, 32);

/** Where a parsed document came from, as every raw item of it records. */
export interface FeedOrigin {
  feed: { id: string; agency: string; name: string; url: string; languageHint: string | null };
  fetchedAt: string;
  http: RawItemRecord['http'];
}

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

export interface KeyedItem {
  key: string;
  hash: string;
  item: FeedItem;
}

/**
 * The items of a document with their keys and hashes, the same item listed twice kept once. The
 * fetcher, replays and backfills all key items here, so an item re-read from an archive or a stored
 * document meets its earlier self in the seen set and the dedupe index.
 */
export function keyedItems(feedId: string, items: readonly FeedItem[]): KeyedItem[] {
  const byKey = new Map<string, KeyedItem>();
  for (const item of items) {
    const key = itemKeyFor(feedId, itemIdentity(item) ?? `title:${item.title ?? ''}`);
    if (!byKey.has(key)) byKey.set(key, { key, hash: itemHash(item), item });
  }
  return [...byKey.values()];
}

export function rawItemRecord(
  parsed: ParsedFeed,
  origin: FeedOrigin,
  { key, hash, item }: KeyedItem,
  change: RawItemRecord['change'],
): RawItemRecord {
  return {
    schemaVersion: 1,
    itemKey: key,
    change,
    itemHash: hash,
    feed: {
      ...origin.feed,
      format: parsed.format,
      title: parsed.title,
      languageHint: origin.feed.languageHint ?? parsed.language,
    },
    item,
    fetchedAt: origin.fetchedAt,
    http: origin.http,
  };
}
