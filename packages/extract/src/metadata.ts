/**
 * Page metadata from, in order of trust: JSON-LD (the article object, also inside @graph or as a
 * WebPage's mainEntity), Open Graph, other <meta> tags (incl. microdata and Dublin Core), <time>
 * elements, and the HTML itself (<title>, <html lang>, <link rel=canonical>). Every value says
 * where it came from.
 */
import { cleanAuthors, normalizeLanguageHint, parseDate } from '@wirestream/normalize';
import type { MetaTag, PageScan } from './tree.js';

export type MetadataSource = 'json-ld' | 'opengraph' | 'meta' | 'time' | 'html' | 'text';

export interface Sourced<T> {
  value: T;
  source: MetadataSource;
}

export interface PageMetadata {
  title: Sourced<string> | null;
  author: Sourced<string> | null;
  publishedAt: Sourced<string> | null;
  modifiedAt: Sourced<string> | null;
  language: Sourced<string> | null;
  image: Sourced<string> | null;
  siteName: Sourced<string> | null;
  section: Sourced<string> | null;
  canonicalUrl: Sourced<string> | null;
  description: Sourced<string> | null;
  /** From the article object: isAccessibleForFree is false (on it or on one of its parts). */
  notFree: boolean;
  articleBody: string | null;
  wordCount: number | null;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const ARTICLE_TYPE_RE = /(?:Article|BlogPosting|LiveBlogPosting|SocialMediaPosting|Report)$/;

function parseJsonLd(raw: string): Json[] {
  const text = raw
    .trim()
    .replace(/^<!--|-->$/g, '')
    .replace(/^\s*\/\/\s*<!\[CDATA\[|\/\/\s*\]\]>\s*$/g, '')
    .trim();
  if (!text) return [];
  for (const attempt of [text, lenient(text)]) {
    try {
      const parsed = JSON.parse(attempt) as Json;
      return Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      // try the next repair
    }
  }
  return [];
}

/** Repairs what CMSs commonly get wrong: raw newlines and tabs inside strings, trailing commas. */
function lenient(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === '\\') {
        out += ch + (text[i + 1] ?? '');
        i++;
        continue;
      }
      if (ch === '"') inString = false;
      out += ch < ' ' ? ' ' : ch;
    } else {
      if (ch === '"') inString = true;
      out += ch;
    }
  }
  return out.replace(/,\s*([}\]])/g, '$1');
}

const isObject = (j: Json | undefined): j is JsonObject =>
  typeof j === 'object' && j !== null && !Array.isArray(j);

function types(o: JsonObject): string[] {
  const t = o['@type'];
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  return [];
}

/** Every object in the JSON-LD documents, @graph and mainEntity included (not nested further). */
function flatten(docs: Json[]): JsonObject[] {
  const out: JsonObject[] = [];
  const add = (j: Json | undefined, depth: number): void => {
    if (depth > 3 || j === undefined) return;
    if (Array.isArray(j)) {
      for (const x of j) add(x, depth);
      return;
    }
    if (!isObject(j)) return;
    out.push(j);
    if (j['@graph']) add(j['@graph'], depth + 1);
    if (j['mainEntity']) add(j['mainEntity'], depth + 1);
    if (j['mainEntityOfPage'] && isObject(j['mainEntityOfPage']) && types(j['mainEntityOfPage']).length)
      add(j['mainEntityOfPage'], depth + 1);
  };
  for (const d of docs) add(d, 0);
  return out;
}

function str(j: Json | undefined): string | null {
  if (typeof j === 'string') return j.trim() || null;
  if (typeof j === 'number') return String(j);
  if (Array.isArray(j)) {
    for (const x of j) {
      const s = str(x);
      if (s) return s;
    }
    return null;
  }
  if (isObject(j)) return str(j['name']) ?? str(j['@value']) ?? null;
  return null;
}

function urlOf(j: Json | undefined): string | null {
  if (typeof j === 'string') return j.trim() || null;
  if (Array.isArray(j)) {
    for (const x of j) {
      const u = urlOf(x);
      if (u) return u;
    }
    return null;
  }
  if (isObject(j)) return urlOf(j['url']) ?? urlOf(j['contentUrl']) ?? urlOf(j['@id']) ?? null;
  return null;
}

function names(j: Json | undefined): string[] {
  if (typeof j === 'string') return [j];
  if (Array.isArray(j)) return j.flatMap(names);
  if (isObject(j)) {
    const n = str(j['name']);
    return n ? [n] : [];
  }
  return [];
}

const notFree = (j: Json | undefined): boolean =>
  j === false || (typeof j === 'string' && j.trim().toLowerCase() === 'false');

function pickArticle(objects: JsonObject[], url: string | undefined): JsonObject | null {
  const articles = objects.filter((o) => types(o).some((t) => ARTICLE_TYPE_RE.test(t)));
  if (articles.length === 0) {
    // A WebPage that describes itself as the article (headline and date) will do.
    return objects.find((o) => str(o['headline']) && (o['datePublished'] || o['articleBody'])) ?? null;
  }
  if (articles.length > 1 && url) {
    const path = safePath(url);
    const same = articles.find((a) => {
      const u = urlOf(a['url']) ?? urlOf(a['mainEntityOfPage']);
      return u !== null && path !== null && safePath(u) === path;
    });
    if (same) return same;
  }
  // The one with the most to say is the page's own article, not a listed one.
  return articles.reduce((a, b) => (Object.keys(b).length > Object.keys(a).length ? b : a));
}

function safePath(u: string): string | null {
  try {
    return new URL(u, 'http://x/').pathname.replace(/\/$/, '');
  } catch {
    return null;
  }
}

function absolute(u: string | null, base: string | undefined): string | null {
  if (!u) return null;
  const trimmed = u.trim();
  if (!trimmed || trimmed.startsWith('data:') || trimmed.startsWith('javascript:')) return null;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return /^https?:\/\//i.test(trimmed) ? trimmed : null;
  }
}

/** JSON-LD ids ("…/story#webpage") name a node, not a page: the page is the URL without the fragment. */
function withoutFragment(u: string | null): string | null {
  if (!u) return null;
  const i = u.indexOf('#');
  return i < 0 ? u : u.slice(0, i) || null;
}

function isoDate(raw: string | null): string | null {
  if (!raw) return null;
  const d = parseDate(raw);
  if (!d || Number.isNaN(d.getTime())) return null;
  const year = d.getUTCFullYear();
  if (year < 1990 || year > 2100) return null;
  return d.toISOString();
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

function first<T>(...candidates: [T | null | undefined, MetadataSource][]): Sourced<T> | null {
  for (const [value, source] of candidates)
    if (value !== null && value !== undefined && value !== '') return { value, source };
  return null;
}

function metaLookup(metas: MetaTag[]): (...keys: string[]) => string | null {
  const map = new Map<string, string>();
  for (const m of metas) if (!map.has(m.key)) map.set(m.key, oneLine(m.content));
  return (...keys) => {
    for (const k of keys) {
      const v = map.get(k);
      if (v) return v;
    }
    return null;
  };
}

function authorText(raw: string[] | string | null): string | null {
  if (!raw) return null;
  const list = (Array.isArray(raw) ? raw : raw.split(/\s*(?:,|;|\band\b|&)\s*/))
    .map(oneLine)
    // A profile URL is not a name.
    .filter((a) => a && !/^https?:\/\//i.test(a) && a.length <= 80);
  const clean = cleanAuthors(list);
  return clean.length ? clean.join(', ') : null;
}

/** Where the fields are read from, most trusted first: the article's JSON-LD object, Open Graph, other meta tags. */
interface Sources {
  /** The article object (empty when the page has none). */
  ld: JsonObject;
  objects: JsonObject[];
  meta: (...keys: string[]) => string | null;
  og: (...keys: string[]) => string | null;
  /** The page URL, which relative URLs are resolved against. */
  base: string | undefined;
}

function readAuthor({ ld, meta, og }: Sources): Sourced<string> | null {
  return first<string>(
    [authorText(names(ld['author'])) ?? authorText(names(ld['creator'])), 'json-ld'],
    [authorText(og('article:author') ?? meta('article:author')), 'opengraph'],
    [
      authorText(
        meta(
          'author',
          'dc.creator',
          'byl',
          'sailthru.author',
          'parsely-author',
          'twitter:creator:name',
          'cxenseparse:author',
        ),
      ),
      'meta',
    ],
  );
}

/** Publication and modification dates; <time> elements come last. */
function readDates(
  { ld, meta }: Sources,
  scan: PageScan,
): { publishedAt: Sourced<string> | null; modifiedAt: Sourced<string> | null } {
  const times = scan.times.filter((t) => t.datetime);
  const pubTime =
    times.find((t) => t.itemprop === 'datepublished' || t.pubdate) ??
    times.find((t) => t.itemprop !== 'datemodified') ??
    null;
  const modTime = times.find((t) => t.itemprop === 'datemodified') ?? null;
  const publishedAt = first<string>(
    [isoDate(str(ld['datePublished']) ?? str(ld['dateCreated'])), 'json-ld'],
    [isoDate(meta('article:published_time', 'og:published_time')), 'opengraph'],
    [
      isoDate(
        meta(
          'datepublished',
          'pubdate',
          'publishdate',
          'publish-date',
          'published_time',
          'date',
          'dc.date.issued',
          'dc.date',
          'dcterms.created',
          'sailthru.date',
          'parsely-pub-date',
          'article.published',
          'cxenseparse:recs:publishtime',
        ),
      ),
      'meta',
    ],
    [isoDate(pubTime?.datetime ?? null), 'time'],
  );
  const modifiedAt = first<string>(
    [isoDate(str(ld['dateModified'])), 'json-ld'],
    [isoDate(meta('article:modified_time', 'og:updated_time')), 'opengraph'],
    [
      isoDate(meta('datemodified', 'last-modified', 'dcterms.modified', 'article.updated', 'lastmod')),
      'meta',
    ],
    [isoDate(modTime?.datetime ?? null), 'time'],
  );
  return { publishedAt, modifiedAt };
}

/** The publisher's name: JSON-LD's publisher (else its WebSite), og:site_name, other meta tags. */
function readSiteName({ ld, objects, meta, og }: Sources): Sourced<string> | null {
  const publisher = isObject(ld['publisher']) ? ld['publisher'] : null;
  const website = objects.find((o) => types(o).includes('WebSite'));
  return first<string>(
    [(publisher ? str(publisher['name']) : null) ?? (website ? str(website['name']) : null), 'json-ld'],
    [og('site_name'), 'opengraph'],
    [meta('application-name', 'apple-mobile-web-app-title', 'publisher', 'dc.publisher'), 'meta'],
  );
}

function readCanonicalUrl({ ld, og, base }: Sources, scan: PageScan): Sourced<string> | null {
  const canonicalLink = scan.links.find((l) => l.rel.split(/\s+/).includes('canonical'))?.href ?? null;
  return first<string>(
    [withoutFragment(absolute(urlOf(ld['mainEntityOfPage']) ?? urlOf(ld['url']), base)), 'json-ld'],
    [withoutFragment(absolute(og('url'), base)), 'opengraph'],
    [withoutFragment(absolute(canonicalLink, base)), 'html'],
  );
}

/** What the article object says of itself: paywalled (on it or a part), its text, its length. */
function readArticleFacts(ld: JsonObject): Pick<PageMetadata, 'notFree' | 'articleBody' | 'wordCount'> {
  let free = notFree(ld['isAccessibleForFree']);
  const parts = ld['hasPart'];
  for (const p of Array.isArray(parts) ? parts : parts ? [parts] : []) {
    if (isObject(p) && notFree(p['isAccessibleForFree'])) free = true;
  }
  const wc = ld['wordCount'];
  const wordCount =
    typeof wc === 'number' ? wc : typeof wc === 'string' && /^\d+$/.test(wc.trim()) ? Number(wc) : null;
  const body = typeof ld['articleBody'] === 'string' ? ld['articleBody'] : null;
  return { notFree: free, articleBody: body, wordCount };
}

export function readMetadata(scan: PageScan, url: string | undefined): PageMetadata {
  const objects = flatten(scan.jsonLd.flatMap(parseJsonLd));
  const article = pickArticle(objects, url);
  const meta = metaLookup(scan.metas);
  const og = (...keys: string[]): string | null => meta(...keys.map((k) => `og:${k}`));
  const base = url;
  const ld = article ?? {};
  const sources: Sources = { ld, objects, meta, og, base };

  const htmlTitle = scan.title ? oneLine(scan.title) : null;
  const title = first<string>(
    [str(ld['headline']) ?? str(ld['name']), 'json-ld'],
    [og('title'), 'opengraph'],
    [meta('twitter:title', 'title', 'dc.title', 'headline', 'sailthru.title', 'parsely-title'), 'meta'],
    [htmlTitle, 'html'],
  );
  const { publishedAt, modifiedAt } = readDates(sources, scan);
  const language = first<string>(
    [normalizeLanguageHint(str(ld['inLanguage'])), 'json-ld'],
    [normalizeLanguageHint(og('locale')), 'opengraph'],
    [normalizeLanguageHint(meta('content-language', 'language', 'dc.language')), 'meta'],
    [normalizeLanguageHint(scan.htmlLang), 'html'],
  );
  const image = first<string>(
    [absolute(urlOf(ld['image']) ?? urlOf(ld['thumbnailUrl']), base), 'json-ld'],
    [absolute(og('image', 'image:url', 'image:secure_url'), base), 'opengraph'],
    [absolute(meta('twitter:image', 'twitter:image:src', 'thumbnail', 'image'), base), 'meta'],
  );
  const siteName = readSiteName(sources);
  const section = first<string>(
    [str(ld['articleSection']), 'json-ld'],
    [meta('article:section'), 'opengraph'],
    [meta('section', 'article.section', 'sailthru.section', 'parsely-section', 'category'), 'meta'],
  );
  const description = first<string>(
    [str(ld['description']), 'json-ld'],
    [og('description'), 'opengraph'],
    [meta('description', 'twitter:description'), 'meta'],
  );

  return {
    title: title ? { value: oneLine(title.value), source: title.source } : null,
    author: readAuthor(sources),
    publishedAt,
    modifiedAt,
    language,
    image,
    siteName: siteName ? { value: oneLine(siteName.value), source: siteName.source } : null,
    section,
    canonicalUrl: readCanonicalUrl(sources, scan),
    description,
    ...readArticleFacts(ld),
  };
}
