import { decodeHTMLStrict } from 'entities/decode';
import { SaxesParser } from 'saxes';
import { FeedParseError } from './errors.js';
import { resolveUrl } from './urls.js';

export interface XmlAttribute {
  name: string;
  local: string;
  ns: string;
  value: string;
}

export interface XmlElement {
  name: string;
  local: string;
  /** Namespace URI, normalised (see `normalizeNamespace`); '' for none. */
  ns: string;
  attrs: XmlAttribute[];
  children: XmlNode[];
  /** Effective base URL (xml:base chain resolved against the document URL), null if unknown. */
  base: string | null;
  /** Effective xml:lang, inherited from ancestors. */
  lang: string | null;
  line: number;
}
export type XmlNode = XmlElement | string;

export interface XmlDocument {
  root: XmlElement | null;
  /** Parse problems the tree was recovered from, in document order. */
  errors: string[];
  /** Entities that XML does not define but HTML does; decoded anyway, like feedparser's loose mode. */
  htmlEntities: string[];
  /** C0 control characters dropped from text (see `cleanText`). */
  controlCharacters: number;
}

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/**
 * Prefixes feeds use without declaring them (a common publisher mistake): resolving them keeps
 * the element instead of losing it to an "unbound prefix" error.
 */
const CONVENTIONAL_PREFIXES: Record<string, string> = {
  dc: 'http://purl.org/dc/elements/1.1/',
  dcterms: 'http://purl.org/dc/terms/',
  content: 'http://purl.org/rss/1.0/modules/content/',
  media: 'http://search.yahoo.com/mrss/',
  atom: 'http://www.w3.org/2005/Atom',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  itunes: 'http://www.itunes.com/dtds/podcast-1.0.dtd',
  xhtml: 'http://www.w3.org/1999/xhtml',
  slash: 'http://purl.org/rss/1.0/modules/slash/',
  wfw: 'http://wellformedweb.org/CommentAPI/',
  georss: 'http://www.georss.org/georss',
  feedburner: 'http://rssnamespace.org/feedburner/ext/1.0',
};

const MAX_DEPTH = 256;
const MAX_ERRORS = 20;
const MAX_ERRORS_BEFORE_ABORT = 1000;

/** Feeds write the same namespace with varying case and trailing slashes. */
export function normalizeNamespace(uri: string | undefined): string {
  if (!uri) return '';
  const lower = uri.trim().toLowerCase();
  return lower.endsWith('/') ? lower.slice(0, -1) : lower;
}

const XML_PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** C1 controls in feeds are windows-1252 punctuation that went through a Latin-1 round trip. */
const C1_AS_WINDOWS_1252 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

/**
 * Text as a reader should get it: C1 controls mapped to the windows-1252 punctuation they stood
 * for, and C0 controls (forbidden in XML 1.0, junk in every feed seen) dropped.
 */
function cleanText(text: string, dropped: { count: number }): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80 && code <= 0x9f) out += String.fromCharCode(C1_AS_WINDOWS_1252[code - 0x80] ?? 0xfffd);
    else if (code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) out += text[i];
    else dropped.count++;
  }
  return out;
}

const BARE_AMPERSAND = /&(?![A-Za-z_][\w.-]{0,63};|#\d{1,8};|#x[0-9a-fA-F]{1,8};)/g;
const VERBATIM: readonly (readonly [string, string])[] = [
  ['<![CDATA[', ']]>'],
  ['<!--', '-->'],
];

/**
 * Escape ampersands that start no entity ("Q&A", unescaped query strings): the commonest feed
 * bug, and one that makes a strict parser swallow the rest of the document as an entity name.
 * CDATA sections and comments are left alone, where a bare "&" is legal. A plain scan, not a
 * regex over sections: unclosed "<!--" runs must not make this quadratic.
 */
function repairAmpersands(text: string): { text: string; repaired: number } {
  if (!text.includes('&')) return { text, repaired: 0 };
  let repaired = 0;
  const repair = (part: string) =>
    // "&#X41;" is HTML, not XML; feeds copy it from HTML.
    part.replace(/&#X([0-9a-fA-F]{1,8};)/g, '&#x$1').replace(BARE_AMPERSAND, () => {
      repaired++;
      return '&amp;';
    });
  const out: string[] = [];
  // Next occurrence of each opener, looked up again only once the scan has passed it.
  const nextOpen = VERBATIM.map(() => -2);
  let position = 0;
  while (position < text.length) {
    let next = -1;
    let close = '';
    VERBATIM.forEach(([open, end], index) => {
      if ((nextOpen[index] ?? -2) !== -1 && (nextOpen[index] ?? -2) < position) {
        nextOpen[index] = text.indexOf(open, position);
      }
      const found = nextOpen[index] ?? -1;
      if (found >= 0 && (next < 0 || found < next)) {
        next = found;
        close = end;
      }
    });
    if (next < 0) {
      out.push(repair(text.slice(position)));
      break;
    }
    const end = text.indexOf(close, next);
    const stop = end < 0 ? text.length : end + close.length;
    out.push(repair(text.slice(position, next)), text.slice(next, stop));
    position = stop;
  }
  return { text: out.join(''), repaired };
}

const ENTITY_DECLARATION = /<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"&%<]*)"|'([^'&%<]*)')\s*>/g;
const MAX_DECLARED_ENTITIES = 64;
const MAX_ENTITY_LENGTH = 1024;
/**
 * Characters all entity references together may add to a document. Plain-text entities cannot
 * nest, but one 1 KiB entity referenced a million times is the same attack (quadratic blowup).
 */
export const MAX_ENTITY_EXPANSION = 256 * 1024;

/** A general entity declared with SYSTEM/PUBLIC: the XXE vector (`file:///etc/passwd`, internal URLs). */
const EXTERNAL_ENTITY =
  /<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:SYSTEM\s+("[^"]*"|'[^']*')|PUBLIC\s+(?:"[^"]*"|'[^']*')\s+("[^"]*"|'[^']*'))/g;
/** A general entity whose value refers to other entities: the billion laughs vector. */
const NESTED_ENTITY = /<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"]*)"|'([^']*)')/g;
const ENTITY_REFERENCE = /[&%](?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)[A-Za-z_][\w.-]*;/;

/**
 * Why a DTD is refused, or null. External general entities (XXE) and general entities built from
 * other entities (billion laughs) are never part of a news feed; a document that declares them is
 * refused as a whole rather than published with their references as literal text. External
 * parameter entities (the XHTML entity sets some feeds reference) are not read, and not refused.
 */
export function unsafeDtd(doctype: string): string | null {
  for (const match of doctype.matchAll(EXTERNAL_ENTITY)) {
    const location = (match[2] ?? match[3] ?? '').slice(1, -1).slice(0, 200);
    return `unsafe DTD: external entity "${match[1]}" (${location}) is never resolved`;
  }
  for (const match of doctype.matchAll(NESTED_ENTITY)) {
    const value = match[2] ?? match[3] ?? '';
    if (ENTITY_REFERENCE.test(value)) {
      return `unsafe DTD: entity "${match[1]}" refers to other entities (nested entity expansion is refused)`;
    }
  }
  return null;
}

/**
 * Internal entities whose value is plain text (no references, no markup): safe to expand, since
 * they cannot nest (no billion laughs) and cannot point outside the document (no XXE). Anything
 * else declared in the DTD stays unexpanded.
 */
function literalEntities(doctype: string): Map<string, string> {
  const entities = new Map<string, string>();
  for (const match of doctype.matchAll(ENTITY_DECLARATION)) {
    const value = match[2] ?? match[3] ?? '';
    if (match[1] && value.length <= MAX_ENTITY_LENGTH && entities.size < MAX_DECLARED_ENTITIES) {
      entities.set(match[1], value);
    }
  }
  return entities;
}

/**
 * saxes's entity table, extended: XML's predefined entities, the plain-text entities the DTD
 * declares (filled in by the doctype handler, expansion bounded by MAX_ENTITY_EXPANSION), and
 * HTML's named entities (noted in `htmlEntities`).
 */
function entityTable(): {
  table: Record<string, string | undefined>;
  declared: Map<string, string>;
  htmlEntities: Set<string>;
} {
  const declared = new Map<string, string>();
  const htmlEntities = new Set<string>();
  let expanded = 0;
  const table = new Proxy({} as Record<string, string | undefined>, {
    get(_target, key) {
      if (typeof key !== 'string') return undefined;
      const predefined = XML_PREDEFINED[key];
      if (predefined !== undefined) return predefined;
      const own = declared.get(key);
      if (own !== undefined) {
        expanded += own.length;
        if (expanded > MAX_ENTITY_EXPANSION) {
          throw new FeedParseError(
            'unsafe-dtd',
            `unsafe DTD: entity references expand to more than ${MAX_ENTITY_EXPANSION} characters`,
          );
        }
        return own;
      }
      const decoded = decodeHTMLStrict(`&${key};`);
      if (decoded === `&${key};`) return undefined;
      htmlEntities.add(key);
      return decoded;
    },
  });
  return { table, declared, htmlEntities };
}

/**
 * Keeps the first MAX_ERRORS of saxes's errors in `errors`; characters XML does not allow are only
 * counted. Past MAX_ERRORS_BEFORE_ABORT errors the parse is stopped (TooManyErrors).
 */
function collectErrors(parser: SaxesParser, errors: string[]): { disallowed: number } {
  const counts = { all: 0, disallowed: 0 };
  parser.on('error', (error) => {
    counts.all++;
    const message = error.message.replace(/^\d+:\d+: /, '');
    // Control characters in text are stripped and reported as a repair (see cleanText), not as
    // a broken document; one per character would also crowd out the errors that matter.
    if (message === 'disallowed character.') {
      counts.disallowed++;
    } else if (errors.length < MAX_ERRORS) {
      errors.push(`malformed XML at line ${parser.line}: ${message}`);
    }
    // Each error costs saxes an Error object; past this many the document is noise anyway.
    if (counts.all >= MAX_ERRORS_BEFORE_ABORT) throw new TooManyErrors();
  });
  return counts;
}

/** An open tag as an element of the tree: namespaces resolved, xml:base and xml:lang inherited. */
function elementOf(
  tag: { name: string; attributes: Record<string, string> },
  parent: XmlElement | undefined,
  scope: NamespaceScope,
  documentUrl: string | null,
  line: number,
): XmlElement {
  const attrs: XmlAttribute[] = [];
  for (const [name, value] of Object.entries(tag.attributes)) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    const { prefix, local } = splitName(name);
    attrs.push({ name, local, ns: prefix ? scope.resolve(prefix) : '', value });
  }
  const { prefix, local } = splitName(tag.name);
  const xmlBase = attrs.find((a) => a.ns === XML_NS_NORMALIZED && a.local === 'base')?.value;
  const xmlLang = attrs.find((a) => a.ns === XML_NS_NORMALIZED && a.local === 'lang')?.value;
  const parentBase = parent ? parent.base : documentUrl;
  return {
    name: tag.name,
    local,
    ns: scope.resolve(prefix),
    attrs,
    children: [],
    base: xmlBase !== undefined ? (resolveUrl(xmlBase.trim(), parentBase) ?? parentBase) : parentBase,
    lang: xmlLang !== undefined ? xmlLang.trim() || null : (parent?.lang ?? null),
    line,
  };
}

interface TreeBuild {
  root: XmlElement | null;
  scope: NamespaceScope;
  /** Elements below MAX_DEPTH were met (and not kept). */
  skippedDeep: boolean;
}

/** Builds the tree from the parser's tag and text events; C0 controls dropped from text are counted in `controls`. */
function buildTree(parser: SaxesParser, documentUrl: string | null, controls: { count: number }): TreeBuild {
  const tree: TreeBuild = { root: null, scope: new NamespaceScope(), skippedDeep: false };
  const { scope } = tree;
  // One frame per open tag; `element` is null for tags below MAX_DEPTH, which are not kept.
  const frames: { element: XmlElement | null }[] = [];
  const stack: XmlElement[] = [];
  parser.on('opentag', (tag) => {
    scope.enter(tag.attributes);
    if (stack.length >= MAX_DEPTH) {
      tree.skippedDeep = true;
      frames.push({ element: null });
      return;
    }
    const parent = stack[stack.length - 1];
    const element = elementOf(tag, parent, scope, documentUrl, parser.line);
    if (parent) parent.children.push(element);
    else if (!tree.root) tree.root = element;
    stack.push(element);
    frames.push({ element });
  });
  parser.on('closetag', () => {
    const frame = frames.pop();
    scope.leave();
    if (frame?.element) stack.pop();
  });
  const addText = (raw: string) => {
    const parent = stack[stack.length - 1];
    if (!parent || frames[frames.length - 1]?.element === null) return;
    const value = cleanText(raw, controls);
    const last = parent.children[parent.children.length - 1];
    if (typeof last === 'string') parent.children[parent.children.length - 1] = last + value;
    else parent.children.push(value);
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  return tree;
}

/**
 * Namespace-aware, recovering XML parse into a small tree. Of the DTD only plain-text internal
 * entities are honoured (see `literalEntities`); nested or external entities are never expanded,
 * so billion laughs and XXE do not work, and their references stay as literal text.
 */
export function parseXml(text: string, documentUrl: string | null): XmlDocument {
  // Namespaces are resolved here, not by saxes: its xmlns mode chains scopes through prototypes,
  // which makes deeply nested input quadratic (50,000 nested tags took 30 s).
  const parser = new SaxesParser({ xmlns: false, position: true });
  const errors: string[] = [];
  const controls = { count: 0 };
  const entities = entityTable();
  // saxes keeps its entity table on this (untyped) field; the proxy adds HTML's named entities.
  (parser as unknown as { ENTITIES: unknown }).ENTITIES = entities.table;
  parser.on('doctype', (doctype) => {
    const refused = unsafeDtd(doctype);
    if (refused) throw new FeedParseError('unsafe-dtd', refused);
    for (const [name, value] of literalEntities(doctype)) entities.declared.set(name, value);
  });
  const counts = collectErrors(parser, errors);
  const tree = buildTree(parser, documentUrl, controls);

  // Whitespace before the XML declaration (a stray newline from a template) is harmless.
  const repair = repairAmpersands(/^\s+<\?xml\s/.test(text) ? text.trimStart() : text);
  if (repair.repaired > 0) errors.push(`not well-formed: ${repair.repaired} unescaped "&" treated as text`);
  try {
    parser.write(repair.text).close();
  } catch (error) {
    if (error instanceof FeedParseError) throw error;
    if (error instanceof TooManyErrors) {
      errors.push(`parsing stopped at line ${parser.line} after ${MAX_ERRORS_BEFORE_ABORT} XML errors`);
    } else {
      // saxes only throws from write/close for errors it cannot report through the handler.
      errors.push(`malformed XML at line ${parser.line}: ${(error as Error).message}`);
    }
  }
  if (tree.scope.assumed.size > 0) {
    errors.push(`undeclared namespace prefixes assumed conventional: ${[...tree.scope.assumed].join(', ')}`);
  }
  if (tree.skippedDeep) errors.push(`elements nested deeper than ${MAX_DEPTH} ignored`);
  if (counts.disallowed > 0 && controls.count === 0) {
    const n = counts.disallowed;
    errors.push(`malformed XML: ${n} character${n === 1 ? '' : 's'} XML does not allow`);
  }
  return {
    root: tree.root,
    errors,
    htmlEntities: [...entities.htmlEntities],
    controlCharacters: controls.count,
  };
}

class TooManyErrors extends Error {}

function splitName(name: string): { prefix: string; local: string } {
  const colon = name.indexOf(':');
  return colon < 0
    ? { prefix: '', local: name }
    : { prefix: name.slice(0, colon), local: name.slice(colon + 1) };
}

const XML_NS_NORMALIZED = normalizeNamespace(XML_NS);

/**
 * Prefix bindings in one map with an undo log per element: O(1) per lookup however deep the
 * document. Unbound conventional prefixes (dc:, media:, ...) resolve to their usual namespace.
 */
class NamespaceScope {
  private readonly bindings = new Map<string, string>([['xml', XML_NS_NORMALIZED]]);
  private readonly undo: [string, string | undefined][][] = [];
  readonly assumed = new Set<string>();

  enter(attributes: Record<string, string>): void {
    const changes: [string, string | undefined][] = [];
    for (const [name, value] of Object.entries(attributes)) {
      if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
      const prefix = name === 'xmlns' ? '' : name.slice(6);
      changes.push([prefix, this.bindings.get(prefix)]);
      this.bindings.set(prefix, normalizeNamespace(value));
    }
    this.undo.push(changes);
  }

  leave(): void {
    const changes = this.undo.pop() ?? [];
    for (const [prefix, previous] of changes.reverse()) {
      if (previous === undefined) this.bindings.delete(prefix);
      else this.bindings.set(prefix, previous);
    }
  }

  resolve(prefix: string): string {
    const bound = this.bindings.get(prefix);
    if (bound !== undefined) return bound;
    if (!prefix) return '';
    const conventional = CONVENTIONAL_PREFIXES[prefix.toLowerCase()];
    if (conventional === undefined) return '';
    this.assumed.add(prefix);
    return normalizeNamespace(conventional);
  }
}

export function attr(el: XmlElement, local: string, ns = ''): string | null {
  const found = el.attrs.find((a) => a.local === local && a.ns === ns);
  return found ? found.value : null;
}

export function textOf(el: XmlElement): string {
  let out = '';
  for (const child of el.children) out += typeof child === 'string' ? child : textOf(child);
  return out;
}

export function elementChildren(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}

/**
 * Serialise child nodes back to markup, dropping namespace prefixes: used for inline XHTML content
 * and for RSS elements whose HTML was not escaped. The result is HTML for the sanitiser.
 */
export function innerMarkup(el: XmlElement): string {
  let out = '';
  for (const child of el.children) {
    if (typeof child === 'string') {
      out += escapeText(child);
      continue;
    }
    const attrs = child.attrs
      .filter((a) => a.ns === '' || a.ns === normalizeNamespace(XML_NS))
      .map((a) => ` ${a.ns ? a.name : a.local}="${escapeAttr(a.value)}"`)
      .join('');
    out += `<${child.local}${attrs}>${innerMarkup(child)}</${child.local}>`;
  }
  return out;
}
