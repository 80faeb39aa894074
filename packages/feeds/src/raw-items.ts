/**
 * Feed items → raw records (news.raw.v1): the one place an item gets its key and its change hash.
 * The fetcher, replays, backfills and imports all build raw records here, so an item re-read from an
 * archive or a stored document meets its earlier self in the seen set and the dedupe index. Pure;
 * moved here from the fetcher so that replay need not reach into it.
 */
import { createHash } from 'node:crypto';
import type { FeedItem, RawItemRecord } from '@wirestream/contract';
import { itemKeyFor } from '@wirestream/dedupe';
import { itemIdentity } from './identity.js';
import type { ParsedFeed } from './model.js';

/** Hash of the item fields that make a change worth publishing. */
export const itemHash = (item: FeedItem): string =>
  createHash('sha256')
    .update(
      JSON.stringify([item.title, item.summary, item.contentHtml, item.link, item.published, item.updated]),
    )
    .digest('hex')
    .slice(0, 32);

/** Where a parsed document came from, as every raw item of it records (URLs already without credentials). */
export interface FeedOrigin {
  feed: { id: string; agency: string; name: string; url: string; languageHint: string | null };
  fetchedAt: string;
  http: RawItemRecord['http'];
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
