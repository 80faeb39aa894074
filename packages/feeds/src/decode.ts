import { gunzipSync } from 'node:zlib';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { FeedParseError, MAX_FEED_BYTES } from './errors.js';

export interface DecodedFeed {
  text: string;
  /** The charset actually used to decode (lower-case label). */
  encoding: string;
  warnings: string[];
}

type Unicode = 'utf-8' | 'utf-16be' | 'utf-16le' | 'utf-32be' | 'utf-32le';

/** Python codec names some feeds declare; WHATWG and iconv-lite know only some of them. */
const ALIASES: Record<string, string> = {
  u8: 'utf-8',
  utf8: 'utf-8',
  utf_8: 'utf-8',
  'utf-8-sig': 'utf-8',
  u16: 'utf-16',
  utf16: 'utf-16',
  utf_16: 'utf-16',
  utf_16_be: 'utf-16be',
  utf_16_le: 'utf-16le',
  'unicode-1-1-utf-8': 'utf-8',
  u32: 'utf-32',
  utf32: 'utf-32',
  utf_32: 'utf-32',
  utf_32_be: 'utf-32be',
  utf_32_le: 'utf-32le',
  latin1: 'iso-8859-1',
  latin_1: 'iso-8859-1',
  'iso8859-1': 'iso-8859-1',
  iso8859_1: 'iso-8859-1',
  'iso_8859-1': 'iso-8859-1',
  ascii: 'us-ascii',
  cp1252: 'windows-1252',
  'x-sjis': 'shift_jis',
  sjis: 'shift_jis',
  'x-euc-jp': 'euc-jp',
  euc_jp: 'euc-jp',
  euc_kr: 'euc-kr',
  ks_c_5601: 'euc-kr',
  'ks_c_5601-1987': 'euc-kr',
  // GB2312 labels routinely cover GBK/GB18030 text; the superset decodes both (as WHATWG does).
  gb2312: 'gb18030',
  gb_2312: 'gb18030',
  'gb2312-80': 'gb18030',
  gbk: 'gb18030',
};

/**
 * Labels that in practice mean windows-1252: publishers declare Latin-1 or ASCII and then paste
 * curly quotes from word processors (the same mapping WHATWG and feedparser apply).
 */
const WINDOWS_1252_LABELS = new Set(['iso-8859-1', 'us-ascii']);

export function normalizeCharset(label: string): string {
  const key = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  return ALIASES[key] ?? ALIASES[key.replace(/-/g, '_')] ?? key;
}

function bomOf(bytes: Uint8Array): { encoding: Unicode; length: number } | null {
  const [a, b, c, d] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (a === 0x00 && b === 0x00 && c === 0xfe && d === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (a === 0xff && b === 0xfe && c === 0x00 && d === 0x00) return { encoding: 'utf-32le', length: 4 };
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', length: 2 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', length: 2 };
  return null;
}

/** Without a BOM, the bytes of `<?` or `<` tell the code unit width (XML 1.0 appendix F). */
function sniffUnicode(bytes: Uint8Array): Unicode | null {
  const [a, b, c, d] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (a === 0x00 && b === 0x00 && c === 0x00 && d === 0x3c) return 'utf-32be';
  if (a === 0x3c && b === 0x00 && c === 0x00 && d === 0x00) return 'utf-32le';
  if (a === 0x00 && b === 0x3c) return 'utf-16be';
  if (a === 0x3c && b === 0x00) return 'utf-16le';
  return null;
}

function decodeUtf32(bytes: Uint8Array, bigEndian: boolean): string | null {
  if (bytes.length % 4 !== 0) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  let chunk: number[] = [];
  for (let i = 0; i < bytes.length; i += 4) {
    const cp = view.getUint32(i, !bigEndian);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
    chunk.push(cp);
    if (chunk.length === 8192) {
      parts.push(String.fromCodePoint(...chunk));
      chunk = [];
    }
  }
  parts.push(String.fromCodePoint(...chunk));
  return parts.join('');
}

/** Strict decode: null when the bytes are not valid in this charset. */
function tryDecode(bytes: Uint8Array, charset: string): string | null {
  switch (charset) {
    case 'utf-8':
    case 'utf-16be':
    case 'utf-16le':
      try {
        return new TextDecoder(charset, { fatal: true, ignoreBOM: true }).decode(bytes);
      } catch {
        return null;
      }
    case 'utf-32be':
    case 'utf-32le':
      return decodeUtf32(bytes, charset === 'utf-32be');
    case 'us-ascii':
      return bytes.every((byte) => byte < 0x80) ? new TextDecoder('latin1').decode(bytes) : null;
    case 'iso-8859-1':
      return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'latin1');
    default: {
      if (!iconv.encodingExists(charset)) return null;
      const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset);
      // iconv-lite never throws: an unmapped byte sequence shows up as U+FFFD.
      return text.includes('\uFFFD') ? null : text;
    }
  }
}

/** Resolve "utf-16"/"utf-32" without byte order to the order the bytes show. */
function withByteOrder(charset: string, bytes: Uint8Array): string {
  if (charset !== 'utf-16' && charset !== 'utf-32') return charset;
  const sniffed = bomOf(bytes)?.encoding ?? sniffUnicode(bytes);
  if (sniffed?.startsWith(charset)) return sniffed;
  return `${charset}be`;
}

function contentTypeCharset(contentType: string | null | undefined): {
  mediaType: string | null;
  charset: string | null;
} {
  if (!contentType) return { mediaType: null, charset: null };
  const [type = '', ...params] = contentType.split(';');
  let charset: string | null = null;
  for (const param of params) {
    const match = /^\s*charset\s*=\s*(.+?)\s*$/i.exec(param);
    if (match?.[1]) charset = normalizeCharset(match[1]);
  }
  return { mediaType: type.trim().toLowerCase() || null, charset };
}

/** Read `encoding="..."` from the XML declaration, reading the prefix in the sniffed width. */
function declaredXmlEncoding(bytes: Uint8Array, unicode: Unicode | null): string | null {
  const head = bytes.subarray(0, 1024);
  let text: string | null;
  if (unicode) text = tryDecode(head.subarray(0, head.length - (head.length % 4)), unicode);
  else text = new TextDecoder('latin1').decode(head);
  if (!text) return null;
  const match = /^\uFEFF?\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(text);
  return match?.[1] ? normalizeCharset(match[1]) : null;
}

function isXmlMediaType(mediaType: string): boolean {
  return (
    mediaType === 'application/xml' ||
    mediaType === 'text/xml' ||
    mediaType === 'application/xml-dtd' ||
    mediaType.endsWith('+xml') ||
    mediaType.endsWith('-xml') ||
    mediaType.endsWith('/xml-external-parsed-entity')
  );
}

function isJsonMediaType(mediaType: string): boolean {
  return mediaType.endsWith('/json') || mediaType.endsWith('+json');
}

const MAX_CONTROL_SHARE = 0.01;
/** A few stray controls (a NUL or an escape sequence from a CMS export) are junk to strip, not binary. */
const MAX_STRAY_CONTROLS = 16;

/** Binary data decodes "successfully" as a single-byte charset; control characters give it away. */
function looksBinary(text: string): boolean {
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffd) controls++;
  }
  return controls > Math.max(MAX_STRAY_CONTROLS, text.length * MAX_CONTROL_SHARE);
}

/**
 * Turn feed bytes into text the way Python's feedparser does: BOM first, then the HTTP charset,
 * then the XML declaration, then sniffing, trying each candidate strictly and falling back to
 * UTF-8 and windows-1252. Every deviation from what the document declares is a warning.
 */
export function decodeFeed(
  input: Uint8Array,
  contentType?: string | null,
  maxBytes: number = MAX_FEED_BYTES,
): { text: string; encoding: string; warnings: string[] } {
  const limit = Math.min(maxBytes, MAX_FEED_BYTES);
  if (input.length > limit) {
    throw new FeedParseError('too-large', `feed too large: ${input.length} bytes (limit ${limit})`);
  }
  const warnings: string[] = [];
  const bytes = gunzipIfCompressed(input, warnings, limit);
  const bom = bomOf(bytes);
  const sniffed = bom ? null : sniffUnicode(bytes);
  const { mediaType, charset: httpCharset } = contentTypeCharset(contentType);
  const xmlEncoding = declaredXmlEncoding(bom ? bytes.subarray(bom.length) : bytes, bom?.encoding ?? sniffed);

  const candidates: { charset: string; source: string; implicit?: boolean }[] = [];
  if (bom) candidates.push({ charset: bom.encoding, source: 'byte order mark' });
  if (httpCharset) candidates.push({ charset: httpCharset, source: 'HTTP charset' });
  if (xmlEncoding) candidates.push({ charset: xmlEncoding, source: 'XML declaration' });
  if (sniffed) candidates.push({ charset: sniffed, source: 'byte pattern' });
  if (mediaType && !httpCharset && !bom) {
    if (mediaType.startsWith('text/') && !isJsonMediaType(mediaType)) {
      // RFC 3023: text/xml without a charset is us-ascii. Tried first, skipped when the bytes say
      // otherwise (see the loop), so it only ever turns a mismatch into a warning.
      candidates.unshift({ charset: 'us-ascii', source: `${mediaType} default`, implicit: true });
    }
  }
  if (mediaType && !isXmlMediaType(mediaType) && !isJsonMediaType(mediaType)) {
    warnings.push(`served as ${mediaType}, not an XML or JSON media type`);
  }
  candidates.push({ charset: 'utf-8', source: 'fallback' });
  if (!bom && !sniffed) candidates.push({ charset: DETECT, source: 'charset detection' });
  candidates.push({ charset: 'windows-1252', source: 'fallback' });
  // Latin-1 maps every byte, so the loop always ends here at the latest; binary is caught later.
  candidates.push({ charset: 'iso-8859-1', source: 'last resort' });

  const body = bom ? bytes.subarray(bom.length) : bytes;
  const declared = candidates[0];
  for (const candidate of candidates) {
    if (candidate.charset === DETECT) {
      // Statistical detection is the slowest step, so it runs only when everything before failed.
      const guessed = nearlyUtf8(body) ? null : guessCharset(body);
      if (guessed === null) continue;
      candidate.charset = guessed;
    }
    const charset = withByteOrder(candidate.charset, body);
    // The RFC 3023 us-ascii default is nobody's statement about the bytes: when they are not
    // ASCII, move on to what the document declares instead of guessing from the default.
    if (candidate.implicit && !isAscii(body)) continue;
    if (WINDOWS_1252_LABELS.has(charset) && !isAscii(body)) {
      // Mislabelled Latin-1/ASCII: valid UTF-8 is far more likely than Latin-1 that happens to
      // form valid UTF-8 sequences; otherwise windows-1252 is what such publishers mean.
      const utf8 = tryDecode(body, 'utf-8');
      if (utf8 !== null) {
        warnings.push(`declared ${charset} (${candidate.source}) but bytes are UTF-8; decoded as utf-8`);
        return finish(utf8, 'utf-8', warnings);
      }
      const hasC1 = body.some((byte) => byte >= 0x80 && byte <= 0x9f);
      const used = hasC1 || charset === 'us-ascii' ? 'windows-1252' : 'iso-8859-1';
      const text = tryDecode(body, used) ?? tryDecode(body, 'iso-8859-1');
      if (text === null) continue;
      if (used !== charset) warnings.push(`declared ${charset} (${candidate.source}) but decoded as ${used}`);
      return finish(text, used, warnings);
    }
    let text = tryDecode(body, charset);
    if (text === null && charset === 'utf-8') {
      // Mixed encodings: a UTF-8 document with some windows-1252 bytes pasted in (one item from
      // another system). Reading all of it as windows-1252 would garble every UTF-8 character;
      // each stray byte is read as windows-1252 instead, and the UTF-8 around it as UTF-8.
      // Unless the bytes look like a multi-byte charset (Shift_JIS labelled UTF-8, say), where the
      // "valid" sequences are accidents and detection below does better.
      const mixed = decodeMixedUtf8(body);
      if (mixed.multibyte > 0 && (mixed.multibyte >= mixed.stray || guessCharset(body) === null)) {
        text = mixed.text;
        warnings.push(
          `invalid UTF-8: ${mixed.stray} stray byte${mixed.stray === 1 ? '' : 's'} read as windows-1252 (mixed encodings)`,
        );
      }
    }
    if (text === null) continue;
    if (declared && candidate !== declared) {
      warnings.push(
        `declared ${declared.charset} (${declared.source}) but bytes are not valid ${declared.charset}; decoded as ${charset}`,
      );
    }
    return finish(text, charset, warnings);
  }
  throw new FeedParseError('undecodable', 'undecodable: no candidate charset decodes the bytes');
}

/**
 * Some servers send a gzip file without Content-Encoding (or a feed URL points at a .gz). Inflate
 * it, bounded so a small bomb cannot expand past the size limit.
 */
function gunzipIfCompressed(bytes: Uint8Array, warnings: string[], limit: number): Uint8Array {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b || bytes[2] !== 0x08) return bytes;
  try {
    const inflated = gunzipSync(bytes, { maxOutputLength: limit });
    warnings.push('body is gzip-compressed without Content-Encoding; inflated');
    return new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || /too large|maxOutputLength/i.test((error as Error).message)) {
      throw new FeedParseError('too-large', `feed too large: gzip body inflates past ${limit} bytes`);
    }
    throw new FeedParseError('undecodable', `undecodable: broken gzip body (${(error as Error).message})`);
  }
}

const DETECT = 'detect';

/** Length of the well-formed UTF-8 sequence at `i` (Unicode table 3-7), 0 when there is none. */
function utf8SequenceAt(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] ?? 0;
  const next = (k: number, low = 0x80, high = 0xbf): boolean => {
    const b = bytes[i + k];
    return b !== undefined && b >= low && b <= high;
  };
  if (lead >= 0xc2 && lead <= 0xdf) return next(1) ? 2 : 0;
  if (lead === 0xe0) return next(1, 0xa0) && next(2) ? 3 : 0;
  if ((lead >= 0xe1 && lead <= 0xec) || lead === 0xee || lead === 0xef) return next(1) && next(2) ? 3 : 0;
  if (lead === 0xed) return next(1, 0x80, 0x9f) && next(2) ? 3 : 0;
  if (lead === 0xf0) return next(1, 0x90) && next(2) && next(3) ? 4 : 0;
  if (lead >= 0xf1 && lead <= 0xf3) return next(1) && next(2) && next(3) ? 4 : 0;
  if (lead === 0xf4) return next(1, 0x80, 0x8f) && next(2) && next(3) ? 4 : 0;
  return 0;
}

const WINDOWS_1252_C1 =
  '\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd' +
  '\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178';

/**
 * UTF-8 where it is well-formed, windows-1252 for every byte that is not part of a well-formed
 * sequence. `multibyte` and `stray` count the two, so the caller can tell a mixed document from
 * one in another charset altogether.
 */
export function decodeMixedUtf8(bytes: Uint8Array): { text: string; multibyte: number; stray: number } {
  const utf8 = new TextDecoder('utf-8');
  const parts: string[] = [];
  let multibyte = 0;
  let stray = 0;
  let runStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i]!;
    if (byte < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceAt(bytes, i);
    if (length > 0) {
      multibyte++;
      i += length;
      continue;
    }
    stray++;
    parts.push(utf8.decode(bytes.subarray(runStart, i)));
    parts.push(byte < 0xa0 ? (WINDOWS_1252_C1[byte - 0x80] ?? '\ufffd') : String.fromCharCode(byte));
    i++;
    runStart = i;
  }
  parts.push(utf8.decode(bytes.subarray(runStart)));
  return { text: parts.join(''), multibyte, stray };
}

/** Valid UTF-8 apart from a few stray sequences: at least four good non-ASCII characters per bad one. */
function nearlyUtf8(bytes: Uint8Array): boolean {
  const text = new TextDecoder('utf-8').decode(bytes);
  let broken = 0;
  let nonAscii = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0xfffd) broken++;
    else if (code >= 0x80) nonAscii++;
  }
  return broken > 0 && broken * 4 <= nonAscii;
}

const SNIFF_BYTES = 64 * 1024;
/**
 * Statistical detection is trusted only where it is reliable: multi-byte East Asian encodings and
 * Cyrillic single-byte ones. For other single-byte guesses windows-1252 is the safer fallback.
 */
const DETECTABLE: Record<string, number> = {
  big5: 50,
  'euc-jp': 50,
  'euc-kr': 50,
  gb18030: 50,
  shift_jis: 50,
  'koi8-r': 40,
  'windows-1251': 40,
};

function guessCharset(bytes: Uint8Array): string | null {
  if (isAscii(bytes)) return null;
  const [best] = chardet.analyse(bytes.subarray(0, SNIFF_BYTES));
  if (!best) return null;
  const name = best.name.toLowerCase();
  const threshold = DETECTABLE[name];
  return threshold !== undefined && best.confidence >= threshold ? name : null;
}

function finish(text: string, encoding: string, warnings: string[]): DecodedFeed {
  if (looksBinary(text)) {
    throw new FeedParseError('undecodable', `undecodable: ${encoding} text is full of control characters`);
  }
  return { text: text.startsWith('\uFEFF') ? text.slice(1) : text, encoding, warnings };
}

function isAscii(bytes: Uint8Array): boolean {
  return bytes.every((byte) => byte < 0x80);
}
