import type { FeedFormat, FeedItem, ItemCategory, ItemMedia } from '@wirestream/contract';

export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  link: string | null;
  subtitle: string | null;
  language: string | null;
  /** RSS <ttl>: how long the publisher wants the feed cached. */
  ttlMinutes: number | null;
  /** The charset actually used to decode ("utf-8" when the caller passed a string). */
  encoding: string;
  items: FeedItem[];
  /** Non-fatal problems (feedparser's "bozo"): the result is usable but the feed is not clean. */
  warnings: string[];
  /** Damaged or hostile input that was kept after neutralising it; each is also among `warnings`. */
  repairs: InputRepair[];
}

/** Something in the input that was changed so the rest could be kept. */
export interface InputRepair {
  /**
   * control-characters: removed; truncated: a field or list cut to its bound; dropped: a value
   * useless when cut (a URL) left out; charset: bytes not valid in the declared charset;
   * wrong-type: a JSON Feed value of the wrong type ignored.
   */
  kind: 'control-characters' | 'truncated' | 'dropped' | 'charset' | 'wrong-type';
  message: string;
}

/** What a format parser returns; `parseFeed` adds encoding, bounds the items and merges warnings. */
export type FormatResult = Omit<ParsedFeed, 'encoding' | 'repairs'> & { repairs?: InputRepair[] };

export function emptyItem(): FeedItem {
  return {
    guid: null,
    link: null,
    title: null,
    summary: null,
    contentHtml: null,
    authors: [],
    categories: [],
    published: null,
    updated: null,
    language: null,
    media: [],
  };
}

/** Trimmed string, with empty meaning absent. */
export function clean(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export function addUnique(list: string[], value: string | null): void {
  if (value && !list.includes(value)) list.push(value);
}

export function addCategory(list: ItemCategory[], category: ItemCategory): void {
  if (!category.term) return;
  if (list.some((c) => c.term === category.term && c.scheme === category.scheme)) return;
  list.push(category);
}

export function addMedia(list: ItemMedia[], media: ItemMedia): void {
  const existing = list.find((m) => m.url === media.url);
  if (!existing) {
    list.push(media);
    return;
  }
  // The same file often appears as both enclosure and media:content; keep the richer record.
  existing.type ??= media.type;
  existing.title ??= media.title;
  existing.credit ??= media.credit;
}

/**
 * Map item elements one at a time: an item that breaks the parser is reported and skipped, so
 * one bad item never costs the others.
 */
export function mapItems<T>(
  sources: T[],
  parseItem: (source: T) => FeedItem,
  warnings: string[],
): FeedItem[] {
  const items: FeedItem[] = [];
  sources.forEach((source, index) => {
    try {
      items.push(parseItem(source));
    } catch (error) {
      warnings.push(`item ${index + 1} skipped: ${(error as Error).message}`);
    }
  });
  return items;
}

/** Language tags: feeds write "en_US" (POSIX locale style) where BCP 47 wants "en-US". */
export function languageTag(value: string | null | undefined): string | null {
  const cleaned = clean(value);
  return cleaned === null ? null : cleaned.replace(/_/g, '-');
}
