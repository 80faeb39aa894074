import { decodeHTMLStrict } from 'entities/decode';
import { SaxesParser } from 'saxes';
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

/** Feeds write the same namespace with varying case and trailing slashes. */
export function normalizeNamespace(uri: string | undefined): string {
  if (!uri) return '';
  const lower = uri.trim().toLowerCase();
  return lower.endsWith('/') ? lower.slice(0, -1) : lower;
}

const XML_PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Namespace-aware, recovering XML parse into a small tree. DTD entity declarations are never
 * expanded (no billion laughs, no external fetches): saxes passes the DOCTYPE through unread,
 * and undeclared entities stay as literal text.
 */
export function parseXml(text: string, documentUrl: string | null): XmlDocument {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const errors: string[] = [];
  const htmlEntities = new Set<string>();
  const entityTable = new Proxy({} as Record<string, string | undefined>, {
    get(_target, key) {
      if (typeof key !== 'string') return undefined;
      const predefined = XML_PREDEFINED[key];
      if (predefined !== undefined) return predefined;
      const decoded = decodeHTMLStrict(`&${key};`);
      if (decoded === `&${key};`) return undefined;
      htmlEntities.add(key);
      return decoded;
    },
  });
  // saxes keeps its entity table on this (untyped) field; the proxy adds HTML's named entities.
  (parser as unknown as { ENTITIES: unknown }).ENTITIES = entityTable;

  let root: XmlElement | null = null;
  const stack: XmlElement[] = [];
  let tooDeep = 0;

  parser.on('error', (error) => {
    if (errors.length < MAX_ERRORS) {
      const message = error.message.replace(/^\d+:\d+: /, '');
      errors.push(`malformed XML at line ${parser.line}: ${message}`);
    }
  });
  parser.on('opentag', (tag) => {
    if (stack.length >= MAX_DEPTH) {
      tooDeep++;
      return;
    }
    const parent = stack[stack.length - 1];
    let ns = tag.uri;
    if (!ns && tag.prefix) ns = CONVENTIONAL_PREFIXES[tag.prefix.toLowerCase()] ?? '';
    const attrs: XmlAttribute[] = [];
    for (const attr of Object.values(tag.attributes)) {
      if (attr.prefix === 'xmlns' || attr.name === 'xmlns') continue;
      let attrNs = attr.uri;
      if (!attrNs && attr.prefix) attrNs = CONVENTIONAL_PREFIXES[attr.prefix.toLowerCase()] ?? '';
      attrs.push({ name: attr.name, local: attr.local, ns: normalizeNamespace(attrNs), value: attr.value });
    }
    const xmlBase = attrs.find((a) => a.ns === normalizeNamespace(XML_NS) && a.local === 'base')?.value;
    const xmlLang = attrs.find((a) => a.ns === normalizeNamespace(XML_NS) && a.local === 'lang')?.value;
    const parentBase = parent ? parent.base : documentUrl;
    const element: XmlElement = {
      name: tag.name,
      local: tag.local,
      ns: normalizeNamespace(ns),
      attrs,
      children: [],
      base: xmlBase !== undefined ? (resolveUrl(xmlBase.trim(), parentBase) ?? parentBase) : parentBase,
      lang: xmlLang !== undefined ? xmlLang.trim() || null : (parent?.lang ?? null),
      line: parser.line,
    };
    if (parent) parent.children.push(element);
    else if (!root) root = element;
    stack.push(element);
  });
  parser.on('closetag', () => {
    if (tooDeep > 0) tooDeep--;
    else stack.pop();
  });
  const addText = (value: string) => {
    const parent = stack[stack.length - 1];
    if (!parent || tooDeep > 0) return;
    const last = parent.children[parent.children.length - 1];
    if (typeof last === 'string') parent.children[parent.children.length - 1] = last + value;
    else parent.children.push(value);
  };
  parser.on('text', addText);
  parser.on('cdata', addText);

  try {
    parser.write(text).close();
  } catch (error) {
    // saxes only throws from write/close for errors it cannot report through the handler.
    errors.push(`malformed XML at line ${parser.line}: ${(error as Error).message}`);
  }
  if (tooDeep > 0 || stack.length > MAX_DEPTH) errors.push(`elements nested deeper than ${MAX_DEPTH} ignored`);
  return { root, errors, htmlEntities: [...htmlEntities] };
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
