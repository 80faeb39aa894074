import { decodeFeed } from './decode.js';
import { FeedParseError, MAX_FEED_BYTES } from './errors.js';
import { boundItems } from './item-limits.js';
import { languageTag, type FormatResult, type InputRepair, type ParsedFeed } from './model.js';
import { NS } from './namespaces.js';
import { parseAtom } from './parse-atom.js';
import { isJsonFeed, parseJsonFeed } from './parse-json-feed.js';
import { parseRss } from './parse-rss.js';
import type { XmlElement } from './xml.js';
import { parseXml } from './xml.js';

export interface ParseFeedOptions {
  /** HTTP Content-Type of the response, for its charset. */
  contentType?: string | null;
  /** Document URL: the base for relative links when the feed gives no xml:base. */
  url?: string;
  /**
   * Largest document, in bytes after any decompression (a gzip file served without
   * Content-Encoding is inflated here); the caller's own body limit. At most MAX_FEED_BYTES.
   */
  maxBytes?: number;
}

function parseJson(text: string, url: string | null): FormatResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new FeedParseError('malformed', `malformed JSON: ${(error as Error).message}`);
  }
  if (!isJsonFeed(doc))
    throw new FeedParseError('not-a-feed', 'not a feed: JSON document is not a JSON Feed');
  return parseJsonFeed(doc, url);
}

function dispatchXml(root: XmlElement): FormatResult | null {
  switch (root.local) {
    case 'rss':
    case 'channel':
      return parseRss(root);
    case 'RDF':
      return root.ns === NS.rdf || root.ns === '' ? parseRss(root) : null;
    case 'feed':
      return parseAtom(root);
    default:
      return null;
  }
}

function parseXmlFeed(text: string, url: string | null): FormatResult {
  const doc = parseXml(text, url);
  if (!doc.root) {
    const reason = /^\s*</.test(text) ? 'malformed' : 'not-a-feed';
    const detail = doc.errors[0] ?? 'no root element';
    throw new FeedParseError(reason, reason === 'malformed' ? detail : `not a feed: ${detail}`);
  }
  const result = dispatchXml(doc.root);
  if (!result) throw new FeedParseError('not-a-feed', `not a feed: root element <${doc.root.name}>`);
  const nothingRead = result.items.length === 0 && !result.title && !result.link && !result.subtitle;
  if (doc.errors.length > 0 && nothingRead) {
    throw new FeedParseError('malformed', doc.errors[0] ?? 'malformed XML');
  }
  const warnings = [...doc.errors];
  if (doc.htmlEntities.length > 0) {
    warnings.push(`undeclared HTML entities decoded: ${doc.htmlEntities.map((e) => `&${e};`).join(' ')}`);
  }
  const repairs: InputRepair[] = [...(result.repairs ?? [])];
  if (doc.controlCharacters > 0) {
    repairs.push({
      kind: 'control-characters',
      message: `${doc.controlCharacters} control character${doc.controlCharacters === 1 ? '' : 's'} removed from text`,
    });
  }
  return { ...result, warnings: [...warnings, ...result.warnings], repairs };
}

/** Decoder warnings that mean bytes were not what the document declared, and were read anyway. */
const isCharsetRepair = (warning: string): boolean =>
  /^declared .* but (?:bytes are|decoded as)|^invalid UTF-8/.test(warning);

/**
 * Parse feed bytes (or already decoded text) into our item model. Throws only FeedParseError;
 * recoverable problems come back as `warnings` next to whatever could be read.
 */
export async function parseFeed(
  input: Uint8Array | string,
  options: ParseFeedOptions = {},
): Promise<ParsedFeed> {
  const url = options.url ?? null;
  try {
    let text: string;
    let encoding: string;
    let warnings: string[];
    if (typeof input === 'string') {
      if (input.length > MAX_FEED_BYTES) {
        throw new FeedParseError(
          'too-large',
          `feed too large: ${input.length} characters (limit ${MAX_FEED_BYTES})`,
        );
      }
      text = input.startsWith('\uFEFF') ? input.slice(1) : input;
      encoding = 'utf-8';
      warnings = [];
    } else {
      ({ text, encoding, warnings } = decodeFeed(input, options.contentType, options.maxBytes));
    }
    if (text.trim() === '') throw new FeedParseError('empty', 'empty document');
    const result = /^\s*[[{]/.test(text) ? parseJson(text, url) : parseXmlFeed(text, url);
    const bounded = boundItems(
      result.items.map((item) => ({ ...item, language: languageTag(item.language) })),
    );
    const repairs: InputRepair[] = [
      ...warnings.filter(isCharsetRepair).map((message) => ({ kind: 'charset' as const, message })),
      ...(result.repairs ?? []),
      ...bounded.repairs,
    ];
    const repairNotes = [...(result.repairs ?? []), ...bounded.repairs].map((r) => `repaired: ${r.message}`);
    return {
      ...result,
      language: languageTag(result.language),
      items: bounded.items,
      encoding,
      warnings: [...warnings, ...result.warnings, ...repairNotes],
      repairs,
    };
  } catch (error) {
    if (error instanceof FeedParseError) throw error;
    // A bug of ours must still reach callers as the one documented error type.
    throw new FeedParseError('malformed', `unparseable feed: ${(error as Error).message}`);
  }
}
