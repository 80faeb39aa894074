/**
 * The fetcher's item diff: what a fetched document holds against what the feed's seen set says was
 * published before. Pure. Only the fetcher diffs (replays, backfills and imports publish every item
 * as new and decide after enrichment), so it lives here rather than in @wirestream/feeds.
 */
import type { RawItemRecord } from '@wirestream/contract';
import type { KeyedItem } from '@wirestream/feeds';

/** One item to publish, with why. */
export interface ItemChange {
  keyed: KeyedItem;
  change: RawItemRecord['change'];
}

export interface ItemDiff {
  /** New items and items whose hash changed, in document order: what to publish. */
  changed: ItemChange[];
  created: number;
  updated: number;
  /** Items whose hash matches the one published before. */
  unchanged: number;
  /** itemKey → hash of every item of the document: the seen set to store once published. */
  current: Map<string, string>;
}

/**
 * Previous seen set + the document's keyed items (see keyedItems: one per key) → what is new,
 * updated and unchanged. An item is new when its key was never seen, updated when its hash differs.
 */
export function diffItems(
  previous: ReadonlyMap<string, { hash: string }>,
  items: readonly KeyedItem[],
): ItemDiff {
  const current = new Map<string, string>();
  const changed: ItemChange[] = [];
  let created = 0;
  for (const keyed of items) {
    current.set(keyed.key, keyed.hash);
    const seen = previous.get(keyed.key);
    if (seen?.hash === keyed.hash) continue;
    changed.push({ keyed, change: seen ? 'updated' : 'new' });
    if (!seen) created++;
  }
  return {
    changed,
    created,
    updated: changed.length - created,
    unchanged: current.size - changed.length,
    current,
  };
}
