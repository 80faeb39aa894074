import type { FeedItem } from '@wirestream/contract';

/** The item's stable identity within its feed: guid, else link, else none. */
export function itemIdentity(item: FeedItem): string | null {
  return item.guid?.trim() || item.link?.trim() || null;
}
