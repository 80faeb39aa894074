/**
 * Page bytes → text, by the HTML standard's order of evidence: a byte order mark, then the
 * charset the server declared, then a `<meta charset>` or `http-equiv` declaration near the top,
 * then UTF-8. Labels go through TextDecoder, which knows the WHATWG names and aliases
 * (`latin1` and `iso-8859-1` decode as windows-1252, as browsers do).
 */

/** How far into the page a meta declaration is looked for (the standard's pre-scan reads 1024 bytes). */
const PRESCAN_BYTES = 1024;

export interface DecodedPage {
  html: string;
  /** The encoding used, and what said so. */
  charset: string;
  charsetSource: 'bom' | 'header' | 'meta' | 'default';
}

export function decodePage(bytes: Uint8Array, contentType?: string | null): DecodedPage {
  const bom = bomEncoding(bytes);
  if (bom) return { html: decode(bytes, bom), charset: bom, charsetSource: 'bom' };
  const declared = usable(charsetParam(contentType ?? ''));
  if (declared) return { html: decode(bytes, declared), charset: declared, charsetSource: 'header' };
  const meta = usable(metaCharset(bytes));
  // A page that says UTF-16 in ASCII bytes cannot be UTF-16: the standard reads it as UTF-8.
  if (meta && !meta.startsWith('utf-16')) {
    return { html: decode(bytes, meta), charset: meta, charsetSource: 'meta' };
  }
  return { html: decode(bytes, 'utf-8'), charset: 'utf-8', charsetSource: 'default' };
}

function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

function charsetParam(value: string): string | null {
  const match = /charset\s*=\s*["']?([^"';\s]+)/i.exec(value);
  return match ? match[1]! : null;
}

function metaCharset(bytes: Uint8Array): string | null {
  // Latin-1 maps every byte to one character, so ASCII declarations read the same in any
  // ASCII-compatible encoding.
  const head = Buffer.from(bytes.subarray(0, PRESCAN_BYTES)).toString('latin1');
  const direct = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  if (direct) return direct[1]!;
  const equiv = /<meta[^>]+http-equiv\s*=\s*["']?content-type["']?[^>]*content\s*=\s*["']([^"']+)["']/i.exec(
    head,
  );
  return equiv ? charsetParam(equiv[1]!) : null;
}

/** The encoding's canonical name when TextDecoder knows it, else null. */
function usable(label: string | null): string | null {
  if (!label) return null;
  try {
    return new TextDecoder(label.trim().toLowerCase()).encoding;
  } catch {
    return null;
  }
}

function decode(bytes: Uint8Array, encoding: string): string {
  // Not fatal: a page with a few broken bytes is still a page; they become U+FFFD.
  const text = new TextDecoder(encoding).decode(bytes);
  // Node's decoder names windows-1252 but decodes 0x80–0x9F as Latin-1's C1 controls; browsers
  // (and the standard) read them as curly quotes, dashes and the euro sign.
  return encoding === 'windows-1252'
    ? text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]!)
    : text;
}

const WINDOWS_1252_C1 = [
  '\u20ac',
  '\u0081',
  '\u201a',
  '\u0192',
  '\u201e',
  '\u2026',
  '\u2020',
  '\u2021',
  '\u02c6',
  '\u2030',
  '\u0160',
  '\u2039',
  '\u0152',
  '\u008d',
  '\u017d',
  '\u008f',
  '\u0090',
  '\u2018',
  '\u2019',
  '\u201c',
  '\u201d',
  '\u2022',
  '\u2013',
  '\u2014',
  '\u02dc',
  '\u2122',
  '\u0161',
  '\u203a',
  '\u0153',
  '\u009d',
  '\u017e',
  '\u0178',
];
