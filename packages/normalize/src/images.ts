import { load } from 'cheerio/slim';
import type { Element } from 'domhandler';
import { cleanText } from './text.js';
import { canonicalizeAssetUrl } from './url.js';

/** One image of an article: where it is, what it shows, whose it is, and its media type when known. */
export interface ImageRef {
  url: string;
  caption: string | null;
  credit: string | null;
  type: string | null;
}

/** A media entry as the feed parser delivers it (enclosure, media:content, JSON Feed image). */
export interface FeedMedia {
  url: string;
  type: string | null;
  title: string | null;
  credit: string | null;
}

const EXTENSION_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jpe: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  heic: 'image/heic',
};
// Enclosures are also podcasts, videos and PDFs; a feed that gives no type is judged by the file name.
const NON_IMAGE_EXTENSION_RE = /\.(?:mp3|m4a|aac|ogg|oga|opus|wav|flac|mp4|m4v|mov|webm|mkv|avi|pdf|zip)$/i;
const EXTENSION_RE = /\.([a-z0-9]{2,5})$/i;

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

function typeFromName(url: string): string | null {
  const ext = EXTENSION_RE.exec(pathOf(url))?.[1]?.toLowerCase();
  return ext ? (EXTENSION_TYPES[ext] ?? null) : null;
}

const oneLine = (text: string | null | undefined): string | null => {
  const t = cleanText(text ?? '').replace(/\s+/g, ' ');
  return t === '' ? null : t;
};

/** The images among a feed item's media: explicit image types, or untyped files that are not audio/video. */
export function imagesFromMedia(media: readonly FeedMedia[], base?: string | null): ImageRef[] {
  const out: ImageRef[] = [];
  for (const m of media) {
    const type = m.type?.trim().toLowerCase() || null;
    if (type && !type.startsWith('image/')) continue;
    const url = canonicalizeAssetUrl(m.url, base);
    if (!url || (!type && NON_IMAGE_EXTENSION_RE.test(pathOf(url)))) continue;
    out.push({ url, caption: oneLine(m.title), credit: oneLine(m.credit), type: type ?? typeFromName(url) });
  }
  return out;
}

// Lazy-loading markup keeps the real address in a data attribute and a placeholder in src.
const SOURCE_ATTRIBUTES = ['src', 'data-src', 'data-original', 'data-lazy-src'];
const CREDIT_CLASS_RE = /\b(?:credit|copyright|byline|photographer)\b/i;

function sourceOf(img: Element): string | null {
  for (const name of SOURCE_ATTRIBUTES) {
    const value = img.attribs[name]?.trim();
    if (value && !value.toLowerCase().startsWith('data:')) return value;
  }
  return null;
}

// Web beacons: 1×1 pixels that count opens, never pictures of the story.
function isBeacon(img: Element): boolean {
  return img.attribs['width']?.trim() === '1' || img.attribs['height']?.trim() === '1';
}

/**
 * Images embedded in the content HTML, resolved against the article link. A figure's caption and
 * credit (a `<cite>` or an element whose class says credit) describe its image; otherwise the alt
 * or title text does.
 */
export function imagesFromHtml(html: string | null | undefined, base?: string | null): ImageRef[] {
  if (!html || !/<img\b/i.test(html)) return [];
  const $ = load(html);
  const out: ImageRef[] = [];
  $('img').each((_i, img) => {
    const src = sourceOf(img);
    if (!src || isBeacon(img)) return;
    const url = canonicalizeAssetUrl(src, base);
    if (!url) return;
    const figure = $(img).closest('figure');
    const creditEl = figure
      .find('cite, [class]')
      .filter((_j, el) => (el.tagName === 'cite' ? true : CREDIT_CLASS_RE.test($(el).attr('class') ?? '')));
    const credit = oneLine(creditEl.first().text());
    const figcaption = figure.find('figcaption').first().clone();
    figcaption.find('cite').remove();
    figcaption
      .find('[class]')
      .filter((_j, el) => CREDIT_CLASS_RE.test($(el).attr('class') ?? ''))
      .remove();
    const caption =
      oneLine(figcaption.text()) ?? oneLine(img.attribs['alt']) ?? oneLine(img.attribs['title']);
    out.push({ url, caption, credit, type: typeFromName(url) });
  });
  return out;
}

/** Images de-duplicated by URL, first occurrence first; later copies fill in what the first lacks. */
export function mergeImages(...lists: ReadonlyArray<readonly ImageRef[]>): ImageRef[] {
  const byUrl = new Map<string, ImageRef>();
  for (const list of lists) {
    for (const image of list) {
      const seen = byUrl.get(image.url);
      if (!seen) byUrl.set(image.url, { ...image });
      else {
        seen.caption ??= image.caption;
        seen.credit ??= image.credit;
        seen.type ??= image.type;
      }
    }
  }
  return [...byUrl.values()];
}
