import { load } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import { decodeHTML } from 'entities/decode';

// Soft hyphen, zero-width space, word joiner, BOM, Mongolian vowel separator and the invisible
// math operators. ZWJ/ZWNJ (U+200C/U+200D) are kept on purpose: they change rendering and meaning
// in Arabic-script, Indic and emoji sequences, so removing them would corrupt real text.
const INVISIBLE_RE = /[\u00AD\u180E\u200B\u2060-\u2064\uFEFF]/g;
// C0/C1 controls except tab and line feed; feeds sometimes carry stray \f, \v or NULs from CMS exports.
const CONTROL_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
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

// Dropped with their content. Captions (figure/figcaption) are dropped too: in agency feeds they are
// photo credits and image descriptions ("Foto: dpa/…", "Rescue workers on Tuesday…") that are not part of
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
  'figure',
  'figcaption',
  'button',
  'select',
  'textarea',
  'input',
  'form',
]);

const PARAGRAPH_BLOCKS = new Set([
  'p',
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
const LINE_BLOCKS = new Set(['br', 'li', 'tr', 'dt', 'dd', 'caption', 'option']);
const CELL = new Set(['td', 'th']);

const PARA = '\n\n';
const LINE = '\n';

function collect(nodes: AnyNode[], out: string[], keepNewlines: boolean, inPre: boolean): void {
  for (const node of nodes) {
    if (node.type === 'text') {
      const data = (node as unknown as { data: string }).data;
      out.push(inPre || keepNewlines ? data : data.replace(HTML_WHITESPACE_RE, ' '));
      continue;
    }
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') {
      // comments, CDATA wrappers (their children are text), directives
      if (node.type === 'cdata') collect((node as unknown as { children: AnyNode[] }).children, out, keepNewlines, inPre);
      continue;
    }
    const el = node as Element;
    const name = el.name.toLowerCase();
    if (DROPPED.has(name) || node.type !== 'tag') continue;
    if (name === 'br') {
      out.push(LINE);
      continue;
    }
    const separator = PARAGRAPH_BLOCKS.has(name) ? PARA : LINE_BLOCKS.has(name) ? LINE : CELL.has(name) ? ' ' : '';
    if (separator) out.push(separator);
    collect(el.children as AnyNode[], out, keepNewlines, inPre || name === 'pre');
    if (separator) out.push(separator);
  }
}

/**
 * HTML (or plain text) to clean plain text with paragraphs separated by a blank line.
 * Plain text keeps its own line structure; only entities are decoded.
 */
export function htmlToText(htmlOrText: string): string {
  if (!htmlOrText) return '';
  if (!TAG_RE.test(htmlOrText)) {
    return cleanText(ENTITY_RE.test(htmlOrText) ? decodeHTML(htmlOrText) : htmlOrText);
  }
  const keepNewlines = !STRUCTURAL_TAG_RE.test(htmlOrText);
  const $ = load(htmlOrText);
  const out: string[] = [];
  collect($.root().contents().toArray(), out, keepNewlines, false);
  return cleanText(out.join(''));
}

// For hashing, apostrophes and hyphens separate words like any other punctuation: "Russia's" and
// "Russia’s" must hash alike, and French elision ("l'Ukraine") must leave "ukraine" as its own word.
const NON_WORD_RE = /[^\p{L}\p{M}\p{N}]+/gu;

/** Lower-cased, NFKC-folded, punctuation-free, single-spaced text for content hashes and shingles. */
export function normalizeForHash(text: string): string {
  if (!text) return '';
  return text.normalize('NFKC').replace(INVISIBLE_RE, '').toLowerCase().replace(NON_WORD_RE, ' ').trim();
}

// Scripts written without spaces between words: a run of them is one "word" to the regex, so it is
// handed to ICU's dictionary-based word segmenter instead.
const SCRIPTIO_CONTINUA_RE = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

/** Word tokens (Unicode letters, marks and digits), lower-cased; the words of {@link normalizeForHash}. */
export function tokenize(text: string): string[] {
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
