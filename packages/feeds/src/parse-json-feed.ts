import type { FeedItem } from '@wirestream/contract';
import { FeedParseError } from './errors.js';
import {
  addCategory,
  addMedia,
  addUnique,
  clean,
  emptyItem,
  mapItems,
  type FormatResult,
  type InputRepair,
} from './model.js';
import { htmlToText, sanitizeHtml, textToHtml } from './sanitize.js';
import { resolveUrl } from './urls.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? clean(value) : null;
}

function url(value: unknown, base: string | null): string | null {
  const raw = str(value);
  return raw === null ? null : resolveUrl(raw, base);
}

/** JSON Feed 1.0 has `author`, 1.1 has `authors`; accept both. */
function authorNames(source: Json): string[] {
  const names: string[] = [];
  const list = Array.isArray(source.authors) ? source.authors : [];
  for (const author of [...list, source.author]) {
    if (isObject(author)) addUnique(names, str(author.name) ?? str(author.url));
  }
  return names;
}

/** Item members that must be strings (numbers are read as text), and those that must be arrays. */
const STRING_MEMBERS = [
  'id',
  'url',
  'external_url',
  'title',
  'summary',
  'content_html',
  'content_text',
  'date_published',
  'date_modified',
  'language',
  'image',
  'banner_image',
];
const ARRAY_MEMBERS = ['tags', 'attachments', 'authors'];

const typeName = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'an array'
      : `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`;

/** Members of the wrong type, which the reader below ignores: counted per member name. */
function wrongTypes(raw: Json, tally: Map<string, Set<string>>): void {
  const note = (key: string, value: unknown) => {
    const seen = tally.get(key) ?? new Set<string>();
    seen.add(typeName(value));
    tally.set(key, seen);
  };
  for (const key of STRING_MEMBERS) {
    const value = raw[key];
    if (value !== undefined && value !== null && typeof value !== 'string' && typeof value !== 'number') {
      note(key, value);
    }
  }
  for (const key of ARRAY_MEMBERS) {
    const value = raw[key];
    if (value !== undefined && value !== null && !Array.isArray(value)) note(key, value);
  }
}

function parseItem(
  raw: unknown,
  base: string | null,
  feedAuthors: string[],
  language: string | null,
  tally: Map<string, Set<string>>,
): FeedItem {
  if (!isObject(raw)) {
    const seen = tally.get('items[]') ?? new Set<string>();
    tally.set('items[]', seen.add(typeName(raw)));
    throw new Error(`item is ${typeName(raw)}, not an object`);
  }
  wrongTypes(raw, tally);
  const item = emptyItem();
  const itemBase = url(raw.url, base) ?? base;
  item.guid = str(raw.id);
  item.link = url(raw.url, base) ?? url(raw.external_url, base);
  const title = str(raw.title);
  item.title = title === null ? null : clean(htmlToText(title));
  const summary = str(raw.summary);
  item.summary = summary === null ? null : clean(textToHtml(summary));
  const html = str(raw.content_html);
  const text = str(raw.content_text);
  if (html !== null) item.contentHtml = clean(sanitizeHtml(html, itemBase));
  else if (text !== null) item.contentHtml = clean(textToHtml(text));
  item.authors = authorNames(raw);
  if (item.authors.length === 0) item.authors.push(...feedAuthors);
  if (Array.isArray(raw.tags)) {
    for (const tag of raw.tags) {
      const term = str(tag);
      if (term) addCategory(item.categories, { term, scheme: null, label: null });
    }
  }
  item.published = str(raw.date_published);
  item.updated = str(raw.date_modified);
  item.language = str(raw.language) ?? language;
  for (const key of ['image', 'banner_image']) {
    const imageUrl = url(raw[key], itemBase);
    if (imageUrl) addMedia(item.media, { url: imageUrl, type: null, title: null, credit: null });
  }
  if (Array.isArray(raw.attachments)) {
    for (const attachment of raw.attachments) {
      if (!isObject(attachment)) continue;
      const attachmentUrl = url(attachment.url, itemBase);
      if (attachmentUrl) {
        addMedia(item.media, {
          url: attachmentUrl,
          type: str(attachment.mime_type),
          title: str(attachment.title),
          credit: null,
        });
      }
    }
  }
  return item;
}

/** True when parsed JSON is a JSON Feed (by version URL, or by shape when the version is missing). */
export function isJsonFeed(value: unknown): value is Json {
  if (!isObject(value)) return false;
  if (typeof value.version === 'string') return /jsonfeed\.org\/version\//i.test(value.version);
  return Array.isArray(value.items);
}

/** JSON Feed 1.0 and 1.1. */
export function parseJsonFeed(doc: Json, documentUrl: string | null): FormatResult {
  const warnings: string[] = [];
  const base = url(doc.feed_url, documentUrl) ?? documentUrl;
  const language = str(doc.language);
  const feedAuthors = authorNames(doc);
  // Without an items array nothing can be read; publishing "no items" would hide that.
  if (!Array.isArray(doc.items)) {
    throw new FeedParseError(
      'malformed',
      doc.items === undefined
        ? 'malformed JSON Feed: no "items" array'
        : `malformed JSON Feed: "items" is ${typeName(doc.items)}, not an array`,
    );
  }
  const rawItems: unknown[] = doc.items;
  const title = str(doc.title);
  const description = str(doc.description);
  const tally = new Map<string, Set<string>>();
  const items = mapItems(rawItems, (raw) => parseItem(raw, base, feedAuthors, language, tally), warnings);
  const repairs: InputRepair[] = [...tally].map(([key, types]) => ({
    kind: 'wrong-type',
    message:
      key === 'items[]'
        ? `JSON Feed items that are ${[...types].join(' or ')} skipped`
        : `JSON Feed "${key}" of the wrong type (${[...types].join(', ')}) ignored`,
  }));
  return {
    format: 'json',
    title: title === null ? null : clean(htmlToText(title)),
    link: url(doc.home_page_url, base),
    subtitle: description === null ? null : clean(textToHtml(description)),
    language,
    ttlMinutes: null,
    items,
    warnings,
    repairs,
  };
}
