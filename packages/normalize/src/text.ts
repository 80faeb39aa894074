import { load } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import { decodeHTML } from 'entities/decode';

// Soft hyphen, zero-width space, word joiner, BOM, Mongolian vowel separator and the invisible
// math operators. ZWJ/ZWNJ (U+200C/U+200D) are kept on purpose: they change rendering and meaning
// in Arabic-script, Indic and emoji sequences, so removing them would corrupt real text.
const INVISIBLE_RE = /[\u00AD\u180E\u200B\u2060-\u2064\uFEFF]/g;
// C0/C1 controls except tab and line feed; feeds sometimes carry stray \f, \v or NULs from CMS exports.
const CONTROL_RE = /[^\P{Cc}\t\n]/gu;
const LINE_BREAK_RE = /\r\n?|[\u2028\u0085]/g;
const PARAGRAPH_SEPARATOR_RE = /\u2029/g;
// \s covers NBSP, the U+2000 block, ideographic space and tabs; newlines never reach it (lines are split first).
const WHITESPACE_RUN_RE = /\s+/g;

/**
 * NFC, invisible characters removed, whitespace folded to single spaces within each line, lines trimmed,
 * runs of blank lines reduced to one blank line (a paragraph break), blank lines at both ends dropped.
 */
export function cleanText(text: string): string {
  if (!text) return '';
  const normalised = text
    .normalize('NFC')
    .replace(LINE_BREAK_RE, '\n')
    .replace(PARAGRAPH_SEPARATOR_RE, '\n\n')
    .replace(INVISIBLE_RE, '')
    .replace(CONTROL_RE, '');
  const out: string[] = [];
  let pendingBlank = false;
  for (const rawLine of normalised.split('\n')) {
    const line = rawLine.replace(WHITESPACE_RUN_RE, ' ').trim();
    if (line === '') {
      pendingBlank = out.length > 0;
      continue;
    }
    if (pendingBlank) out.push('');
    pendingBlank = false;
    out.push(line);
  }
  return out.join('\n');
}

// Anything that looks like a real tag, a comment or a doctype. A bare "<" in prose ("a < b") is not one.
const TAG_RE = /<(?:\/?[a-zA-Z][a-zA-Z0-9:-]*(?:\s[^<>]*)?\/?|!--[\s\S]*?--|![a-zA-Z][^<>]*)>/;
const ENTITY_RE = /&(?:#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]{1,31});?/;
// When markup has none of these, its newlines are the only paragraph structure there is (e.g. a feed
// description with plain paragraphs and an inline <b>), so they are kept instead of folded as HTML would.
const STRUCTURAL_TAG_RE =
  /<(?:p|div|br|li|ul|ol|h[1-6]|blockquote|table|tr|section|article|pre|hr|dl|dt|dd|header|footer)\b/i;
const HTML_WHITESPACE_RE = /[ \t\n\f\r]+/g;

// Dropped with their content. Captions (figcaption, and every text of a figure that holds an image or
// video) are dropped too: in agency feeds they are photo credits and image descriptions ("Foto: dpa/…",
// "Rescue workers on Tuesday…") that are not part of
// the story and would pollute dedupe shingles, tagging and language detection.
const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'title',
  'svg',
  'math',
  'iframe',
  'object',
  'embed',
  'canvas',
  'audio',
  'video',
  'picture',
  'figcaption',
  'button',
  'select',
  'textarea',
  'input',
  'form',
]);

const PARAGRAPH_BLOCKS = new Set([
  'p',
  'figure',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'section',
  'article',
  'main',
  'aside',
  'nav',
  'header',
  'footer',
  'address',
  'ul',
  'ol',
  'dl',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'pre',
  'hr',
  'details',
  'summary',
  'center',
  'body',
  'html',
]);
const LINE_BLOCKS = new Set(['li', 'tr', 'dt', 'dd', 'caption', 'option']);
const CELL = new Set(['td', 'th']);

// Collects text and pending breaks. Block boundaries do not add up (closing </li> plus opening <li> is one
// line break, </p><p> one paragraph break), but consecutive <br>s do: "a<br><br>b" is two paragraphs.
class TextWriter {
  private readonly parts: string[] = [];
  private pending = 0;

  text(s: string): void {
    if (s === '') return;
    // Indentation between block tags is not content.
    if (this.pending > 0 && s.trim() === '') return;
    if (this.pending > 0 && this.parts.length > 0) this.parts.push(this.pending >= 2 ? '\n\n' : '\n');
    this.pending = 0;
    this.parts.push(s);
  }

  block(level: 1 | 2): void {
    this.pending = Math.max(this.pending, level);
  }

  lineBreak(): void {
    this.pending = Math.min(2, this.pending + 1);
  }

  toString(): string {
    return this.parts.join('');
  }
}

const MEDIA = new Set(['img', 'picture', 'video', 'audio', 'iframe', 'svg', 'canvas', 'object', 'embed']);

// A figure without media (a pull quote, a code listing) is content and is kept, minus its caption.
function containsMedia(el: Element): boolean {
  return el.children.some((c) => c.type === 'tag' && (MEDIA.has(c.name.toLowerCase()) || containsMedia(c)));
}

function collect(nodes: AnyNode[], out: TextWriter, keepNewlines: boolean, inPre: boolean): void {
  for (const node of nodes) {
    if (node.type === 'text' || node.type === 'cdata') {
      const data =
        node.type === 'text'
          ? node.data
          : node.children.map((c) => (c.type === 'text' ? c.data : '')).join('');
      out.text(inPre || keepNewlines ? data : data.replace(HTML_WHITESPACE_RE, ' '));
      continue;
    }
    // Comments, directives, and script/style (which the parser gives their own node types) carry no text.
    if (node.type !== 'tag') continue;
    const el: Element = node;
    const name = el.name.toLowerCase();
    if (DROPPED.has(name) || (name === 'figure' && containsMedia(el))) continue;
    if (name === 'br') {
      out.lineBreak();
      continue;
    }
    const level = PARAGRAPH_BLOCKS.has(name) ? 2 : LINE_BLOCKS.has(name) ? 1 : 0;
    if (level) out.block(level);
    else if (CELL.has(name)) out.text(' ');
    collect(el.children, out, keepNewlines, inPre || name === 'pre');
    if (level) out.block(level);
  }
}

/** Longest article title kept; the feed parser applies the same bound to raw items. */
export const MAX_TITLE_CHARS = 1000;

/**
 * At most `max` UTF-16 code units, ending in an ellipsis when cut, never splitting a surrogate pair:
 * a bound for fields a hostile feed could make absurdly long.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end).trimEnd()}…`;
}

/**
 * HTML (or plain text) to clean plain text with paragraphs separated by a blank line.
 * Plain text keeps its own line structure; only entities are decoded.
 */
export function htmlToText(htmlOrText: string): string {
  if (!htmlOrText) return '';
  let html = htmlOrText;
  if (!TAG_RE.test(html)) {
    if (!ENTITY_RE.test(html)) return cleanText(html);
    html = decodeHTML(html);
    // Escaped once too often upstream ("&lt;p&gt;…"): after decoding it is markup, so treat it as such.
    if (!TAG_RE.test(html)) return cleanText(html);
  }
  const keepNewlines = !STRUCTURAL_TAG_RE.test(html);
  const $ = load(html);
  const out = new TextWriter();
  collect($.root().contents().toArray(), out, keepNewlines, false);
  return cleanText(out.toString());
}

// For hashing, apostrophes and hyphens separate words like any other punctuation: "Russia's" and
// "Russia’s" must hash alike, and French elision ("l'Ukraine") must leave "ukraine" as its own word.
const NON_WORD_RE = /[^\p{L}\p{M}\p{N}]+/gu;
// Lower-casing Turkish "İ" yields "i" plus a combining dot; "İstanbul" must match "Istanbul".
const DOTTED_I_RE = /i\u0307/g;

/** Lower-cased, NFKC-folded, punctuation-free, single-spaced text for content hashes and shingles. */
export function normalizeForHash(text: string): string {
  if (!text) return '';
  return text
    .normalize('NFKC')
    .replace(INVISIBLE_RE, '')
    .toLowerCase()
    .replace(DOTTED_I_RE, 'i')
    .replace(NON_WORD_RE, ' ')
    .trim();
}

// Scripts written without spaces between words: a run of them is one "word" to the regex, so it is
// handed to ICU's dictionary-based word segmenter instead.
const SCRIPTIO_CONTINUA_RE =
  /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

/**
 * The words of {@link normalizeForHash}: word tokens (Unicode letters, marks and digits), lower-cased,
 * what dedupe's MinHash shingles are made of. (Not the tagger's tokenizer, which keeps offsets,
 * fields and sentences.)
 */
export function wordsForHash(text: string): string[] {
  const normalised = normalizeForHash(text);
  if (normalised === '') return [];
  const tokens: string[] = [];
  for (const word of normalised.split(' ')) {
    if (!SCRIPTIO_CONTINUA_RE.test(word)) {
      tokens.push(word);
      continue;
    }
    for (const seg of segmenter.segment(word)) if (seg.isWordLike) tokens.push(seg.segment);
  }
  return tokens;
}
