/** Reading values out of the XML tree: child lookup, links, text and HTML constructs. */
import { clean } from './model.js';
import { NS } from './namespaces.js';
import { htmlToText, sanitizeHtml, textToHtml } from './sanitize.js';
import { resolveUrl } from './urls.js';
import type { XmlElement } from './xml.js';
import { attr, elementChildren, innerMarkup, textOf } from './xml.js';

type NsMatch = string | ReadonlySet<string>;

function nsMatches(el: XmlElement, ns: NsMatch): boolean {
  return typeof ns === 'string' ? el.ns === ns : ns.has(el.ns);
}

export function childrenNamed(el: XmlElement, ns: NsMatch, local: string): XmlElement[] {
  return elementChildren(el).filter((c) => c.local === local && nsMatches(c, ns));
}

export function childNamed(el: XmlElement, ns: NsMatch, local: string): XmlElement | null {
  return elementChildren(el).find((c) => c.local === local && nsMatches(c, ns)) ?? null;
}

export function childText(el: XmlElement, ns: NsMatch, local: string): string | null {
  const found = childNamed(el, ns, local);
  return found ? clean(textOf(found)) : null;
}

/** A link-valued element or attribute, resolved against the element's xml:base. */
export function linkValue(value: string | null, base: string | null): string | null {
  const cleaned = clean(value);
  return cleaned === null ? null : resolveUrl(cleaned, base);
}

/** Plain text of an element that may carry HTML, escaped or as (mis)nested child elements. */
export function plainText(el: XmlElement): string | null {
  return clean(htmlToText(el.children.some((c) => typeof c !== 'string') ? innerMarkup(el) : textOf(el)));
}

/**
 * HTML of an RSS element: escaped HTML in text, or markup that the publisher did not escape and
 * that therefore arrived as child elements.
 */
export function htmlContent(el: XmlElement): string | null {
  const hasElements = el.children.some((c) => typeof c !== 'string');
  return clean(sanitizeHtml(hasElements ? innerMarkup(el) : textOf(el), el.base));
}

export type TextKind = 'text' | 'html' | 'xhtml' | 'base64' | 'other';

/** Atom 1.0 `type` and Atom 0.3 `type`/`mode` reduced to how the value must be read. */
export function textKind(el: XmlElement): TextKind {
  const mode = attr(el, 'mode')?.trim().toLowerCase();
  if (mode === 'base64') return 'base64';
  const type = (attr(el, 'type') ?? 'text').trim().toLowerCase();
  if (type === 'text' || type === 'text/plain') return mode === 'xml' ? 'xhtml' : 'text';
  if (type === 'html' || type === 'text/html') return mode === 'xml' ? 'xhtml' : 'html';
  if (type === 'xhtml' || type === 'application/xhtml+xml') return mode === 'escaped' ? 'html' : 'xhtml';
  if (mode === 'xml') return 'xhtml';
  if (mode === 'escaped') return 'html';
  // Atom 1.0: content of any other non-XML, non-text media type is Base64.
  if (type.includes('/') && !type.startsWith('text/') && !/[+/]xml$/.test(type)) return 'base64';
  return 'other';
}

function xhtmlMarkup(el: XmlElement): string {
  // Atom 1.0 type="xhtml" wraps the content in one xhtml:div that is not part of it; Atom 0.3
  // mode="xml" has no such wrapper.
  if ((attr(el, 'type') ?? '').trim().toLowerCase() !== 'xhtml') return innerMarkup(el);
  const elements = elementChildren(el);
  const onlyText = el.children.filter((c) => typeof c === 'string').every((c) => !c.trim());
  const [first] = elements;
  if (elements.length === 1 && first && first.local === 'div' && first.ns === NS.xhtml && onlyText) {
    return innerMarkup(first);
  }
  return innerMarkup(el);
}

function decodeBase64(value: string): string {
  return Buffer.from(value.replace(/\s+/g, ''), 'base64').toString('utf8');
}

/** An Atom text construct as HTML (sanitised, relative URLs resolved). */
export function constructHtml(el: XmlElement): string | null {
  const base = el.base;
  switch (textKind(el)) {
    case 'xhtml':
      return clean(sanitizeHtml(xhtmlMarkup(el), base));
    case 'html':
      return htmlContent(el);
    case 'base64':
      return clean(sanitizeHtml(decodeBase64(textOf(el)), base));
    case 'text':
    case 'other': {
      // Child elements under type="text" mean the publisher forgot type="xhtml"/"html".
      const hasElements = el.children.some((c) => typeof c !== 'string');
      return hasElements ? clean(sanitizeHtml(innerMarkup(el), base)) : clean(textToHtml(textOf(el)));
    }
  }
}

/** An Atom text construct as plain text. */
export function constructText(el: XmlElement): string | null {
  switch (textKind(el)) {
    case 'xhtml':
      return clean(htmlToText(xhtmlMarkup(el)));
    case 'html':
      return plainText(el);
    case 'base64':
      return clean(htmlToText(decodeBase64(textOf(el))));
    default:
      return clean(textOf(el));
  }
}

/** The best `link` among atom:link-style elements: rel=alternate (or none), HTML first. */
export function alternateLink(links: XmlElement[]): string | null {
  const alternates = links.filter((l) => {
    const rel = (attr(l, 'rel') ?? 'alternate').trim().toLowerCase();
    return rel === 'alternate' || rel === 'http://www.iana.org/assignments/relation/alternate';
  });
  const html = alternates.find((l) => /html/i.test(attr(l, 'type') ?? 'text/html'));
  const chosen = html ?? alternates[0];
  return chosen ? linkValue(attr(chosen, 'href') ?? textOf(chosen), chosen.base) : null;
}
