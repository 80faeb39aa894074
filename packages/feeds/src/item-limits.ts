import type { FeedItem, ItemCategory, ItemMedia } from '@wirestream/contract';
import type { InputRepair } from './model.js';

/**
 * The largest value kept per item field, in UTF-16 code units. Real agency items stay far below
 * these; the bounds exist so that one absurd field (a 5 MB title) cannot make a raw record too big
 * for its topic (4 MiB) and fail the whole feed, or cost every later stage its time.
 */
export const FIELD_LIMITS = {
  title: 1_000,
  summary: 64 * 1024,
  contentHtml: 512 * 1024,
  guid: 2_048,
  /** Longer links are dropped, not cut: half a URL points somewhere else. */
  link: 8_192,
  published: 200,
  updated: 200,
  language: 64,
  label: 512,
} as const;

/** At most this many authors, categories and media per item. */
export const LIST_LIMIT = 100;

/**
 * C0 controls but tab, line feed and carriage return; DEL; C1 controls. XML forbids most of them,
 * JSON escapes let all of them in, and in text they are terminal escapes or binary junk.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// eslint-disable-next-line no-control-regex
const HAS_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Cut to at most `limit` code units without splitting a surrogate pair or leaving half a tag. */
export function truncate(value: string, limit: number, markup = false): string {
  if (value.length <= limit) return value;
  let end = limit - 1; // room for the ellipsis
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  let cut = value.slice(0, end);
  if (markup) {
    const open = cut.lastIndexOf('<');
    if (open > cut.lastIndexOf('>')) cut = cut.slice(0, open);
  }
  return `${cut}…`;
}

type Tally = Map<
  string,
  { kind: InputRepair['kind']; count: number; largest: number; limit: number; unit: string }
>;

class FieldCleaner {
  readonly tally: Tally = new Map();

  private note(kind: InputRepair['kind'], field: string, size = 0, limit = 0, unit = 'characters'): void {
    const key = `${kind} ${field}`;
    const entry = this.tally.get(key) ?? { kind, count: 0, largest: 0, limit, unit };
    entry.count++;
    entry.largest = Math.max(entry.largest, size);
    this.tally.set(key, entry);
  }

  text(value: string | null, field: string, limit: number, markup = false): string | null {
    if (value === null) return null;
    let out = value;
    if (HAS_CONTROL.test(out)) {
      out = out.replace(CONTROL_CHARACTERS, '');
      this.note('control-characters', field);
    }
    if (out.length > limit) {
      this.note('truncated', field, out.length, limit);
      out = truncate(out, limit, markup);
    }
    return out;
  }

  /** A value that is useless cut short (a URL): dropped when too long. */
  whole(value: string | null, field: string, limit: number): string | null {
    if (value === null) return null;
    const cleaned = HAS_CONTROL.test(value) ? this.text(value, field, Number.POSITIVE_INFINITY) : value;
    if (cleaned !== null && cleaned.length > limit) {
      this.note('dropped', field, cleaned.length, limit);
      return null;
    }
    return cleaned;
  }

  list<T>(values: T[], field: string): T[] {
    if (values.length <= LIST_LIMIT) return values;
    this.note('truncated', field, values.length, LIST_LIMIT, 'entries');
    return values.slice(0, LIST_LIMIT);
  }

  repairs(): InputRepair[] {
    return [...this.tally].map(([key, { kind, count, largest, limit, unit }]) => {
      const field = key.slice(kind.length + 1);
      const items = `${count} item${count === 1 ? '' : 's'}`;
      const message =
        kind === 'control-characters'
          ? `control characters removed from ${field} (${items})`
          : kind === 'dropped'
            ? `${field} longer than ${limit} ${unit} dropped (${items}, largest ${largest})`
            : `${field} cut to ${limit} ${unit} (${items}, largest ${largest})`;
      return { kind, message };
    });
  }
}

/**
 * Every item field free of control characters and within its bound. What was changed comes back
 * as repairs, one per kind and field however many items it touched.
 */
export function boundItems(items: readonly FeedItem[]): { items: FeedItem[]; repairs: InputRepair[] } {
  const clean = new FieldCleaner();
  const label = (value: string | null, field: string) => clean.text(value, field, FIELD_LIMITS.label);
  const bounded = items.map((item): FeedItem => ({
    guid: clean.text(item.guid, 'guid', FIELD_LIMITS.guid),
    link: clean.whole(item.link, 'link', FIELD_LIMITS.link),
    title: clean.text(item.title, 'title', FIELD_LIMITS.title),
    summary: clean.text(item.summary, 'summary', FIELD_LIMITS.summary, true),
    contentHtml: clean.text(item.contentHtml, 'contentHtml', FIELD_LIMITS.contentHtml, true),
    authors: clean
      .list(item.authors, 'authors')
      .map((a) => label(a, 'author'))
      .filter((a): a is string => a !== null),
    categories: clean.list(item.categories, 'categories').map((c): ItemCategory => ({
      term: label(c.term, 'category') ?? '',
      scheme: label(c.scheme, 'category'),
      label: label(c.label, 'category'),
    })),
    published: clean.text(item.published, 'published', FIELD_LIMITS.published),
    updated: clean.text(item.updated, 'updated', FIELD_LIMITS.updated),
    language: clean.text(item.language, 'language', FIELD_LIMITS.language),
    media: clean
      .list(item.media, 'media')
      .map((m): ItemMedia => ({
        url: clean.whole(m.url, 'media url', FIELD_LIMITS.link) ?? '',
        type: label(m.type, 'media type'),
        title: label(m.title, 'media title'),
        credit: label(m.credit, 'media credit'),
      }))
      .filter((m) => m.url !== ''),
  }));
  return { items: bounded, repairs: clean.repairs() };
}
