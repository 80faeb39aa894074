import { load } from 'cheerio/slim';
import { cleanText, detectLanguage, htmlToText } from '@wirestream/normalize';
import { blocksToHtml, blocksToText, findContent } from './content.js';
import { readMetadata, type MetadataSource } from './metadata.js';
import { benchmarkTokens } from './score.js';
import { scanDocument } from './tree.js';
import { wallReason } from './walls.js';

export type { MetadataSource } from './metadata.js';

export type ExtractionMethod = 'dom' | 'json-ld' | 'none';

export interface ExtractOptions {
  /** The page's URL: resolves relative links, image and canonical URLs, picks the page's own JSON-LD object. */
  url?: string;
}

export type MetadataField =
  | 'title'
  | 'author'
  | 'publishedAt'
  | 'modifiedAt'
  | 'language'
  | 'image'
  | 'siteName'
  | 'section'
  | 'canonicalUrl';

export interface ExtractedArticle {
  title: string | null;
  /** The article's text: paragraphs, headings, list items and quotes, a blank line between blocks. */
  text: string;
  /** The article's own markup, sanitised: p, h1-h6, ul, ol, li, blockquote, a[href], em, strong, br. */
  html: string;
  author: string | null;
  /** ISO 8601, UTC. */
  publishedAt: string | null;
  modifiedAt: string | null;
  /** ISO 639-1. */
  language: string | null;
  image: string | null;
  siteName: string | null;
  section: string | null;
  canonicalUrl: string | null;
  /** A paywall, registration or consent wall, or a truncated page: the text is what the page showed. */
  paywalled: boolean;
  /** Why `paywalled` is set (null when it is not). */
  paywallReason: string | null;
  extraction: {
    method: ExtractionMethod;
    /** 0..1: how clearly the page had one article and it was found. */
    confidence: number;
  };
  /** Where each metadata value came from; absent fields had no value. */
  sources: Partial<Record<MetadataField, MetadataSource>>;
}

const MAX_HTML_CHARS = 20_000_000;
const LANGUAGE_SAMPLE = 1500;
const CLOSE_LANGUAGES = new Map<string, string>(
  [
    ['id', 'ms'],
    ['ms', 'ms'],
    ['sr', 'sh'],
    ['hr', 'sh'],
    ['bs', 'sh'],
    ['no', 'no'],
    ['nb', 'no'],
    ['nn', 'no'],
    ['da', 'no'],
  ].map(([k, v]) => [k!, v!]),
);

const EMPTY: ExtractedArticle = {
  title: null,
  text: '',
  html: '',
  author: null,
  publishedAt: null,
  modifiedAt: null,
  language: null,
  image: null,
  siteName: null,
  section: null,
  canonicalUrl: null,
  paywalled: false,
  paywallReason: null,
  extraction: { method: 'none', confidence: 0 },
  sources: {},
};

/**
 * Extracts the article from an HTML page: main text and its sanitised markup, metadata with where
 * each value came from, and whether a wall or truncation stood in front of the text. Pure: no I/O.
 * Never throws on bad input: an empty or unreadable page gives empty text and method "none".
 */
export function extractArticle(html: string, options: ExtractOptions = {}): ExtractedArticle {
  if (typeof html !== 'string' || html.trim() === '') return { ...EMPTY, sources: {} };
  const input = html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html;
  const url = validUrl(options.url);
  const $ = load(input, { xml: false }, true);
  const scan = scanDocument($.root()[0]!);
  const meta = readMetadata(scan, url);

  const content = findContent(scan.body, {
    title: meta.title?.value ?? null,
    author: meta.author?.value ?? null,
  });
  let method: ExtractionMethod = content.blocks.length > 0 ? 'dom' : 'none';
  let text = cleanText(blocksToText(content.blocks));
  let articleHtml = blocksToHtml(content.blocks, url);

  // JSON-LD articleBody (plain text, or HTML on some sites): taken instead when the DOM gave little
  // and it is clearly more.
  const ldBody = meta.articleBody ? htmlToText(meta.articleBody) : '';
  if (ldBody && benchmarkTokens(ldBody).length > Math.max(50, 2 * benchmarkTokens(text).length)) {
    text = ldBody;
    articleHtml = ldBody
      .split(/\n{2,}/)
      .map((p) => `<p>${escapeText(p).replace(/\n/g, '<br>')}</p>`)
      .join('\n');
    method = 'json-ld';
  }

  const words = benchmarkTokens(text).length;
  const paywallReason = wallReason({
    meta,
    scan,
    container: content.container,
    blocks: content.all,
    words,
    ldWords: method === 'json-ld' ? 0 : benchmarkTokens(ldBody).length,
  });

  const languageHint = meta.language?.value ?? null;
  // 1500 characters decide a language as well as 4000 (the detector's own cap) and cost less.
  const detected = detectLanguage((text || meta.title?.value || '').slice(0, LANGUAGE_SAMPLE), languageHint);
  let language: { value: string; source: MetadataSource } | null = null;
  if (detected.language !== 'und') {
    // The page's own declaration stands when the text agrees or is in a language too close to tell
    // apart by n-grams (Indonesian and Malay, Serbian and Croatian, …).
    const close = meta.language ? CLOSE_LANGUAGES.get(meta.language.value) : undefined;
    const agrees =
      detected.source === 'hint' || (close !== undefined && close === CLOSE_LANGUAGES.get(detected.language));
    language =
      agrees && meta.language ? meta.language : { value: detected.language, source: 'text' as const };
  }

  const sources: Partial<Record<MetadataField, MetadataSource>> = {};
  const pick = (field: MetadataField, v: { value: string; source: MetadataSource } | null): string | null => {
    if (!v) return null;
    sources[field] = v.source;
    return v.value;
  };
  const confidence =
    method === 'none'
      ? 0
      : method === 'json-ld'
        ? 0.6
        : confidenceOf(content.share, content.goodChars, words);

  return {
    title: pick('title', meta.title),
    text,
    html: articleHtml,
    author: pick('author', meta.author),
    publishedAt: pick('publishedAt', meta.publishedAt),
    modifiedAt: pick('modifiedAt', meta.modifiedAt),
    language: pick('language', language),
    image: pick('image', meta.image),
    siteName: pick('siteName', meta.siteName),
    section: pick('section', meta.section),
    canonicalUrl: pick('canonicalUrl', meta.canonicalUrl),
    paywalled: paywallReason !== null,
    paywallReason,
    extraction: { method, confidence },
    sources,
  };
}

function validUrl(u: string | undefined): string | undefined {
  if (!u) return undefined;
  try {
    return new URL(u).href;
  } catch {
    return undefined;
  }
}

function escapeText(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/**
 * How much of the page's article-like text the chosen container holds, times how much there was
 * (a few lines found on a big page are a guess), halved for a text too short to be a story.
 */
function confidenceOf(share: number, goodChars: number, words: number): number {
  const amount = Math.min(1, goodChars / 800);
  const tooShort = words < 40 ? 0.5 : 1;
  return Math.round(Math.max(0, Math.min(1, Math.sqrt(share) * (0.4 + 0.6 * amount) * tooShort)) * 100) / 100;
}
