import { normalizeNamespace } from './xml.js';

/** Namespace URIs, normalised the way `parseXml` normalises element namespaces. */
export const NS = {
  atom10: normalizeNamespace('http://www.w3.org/2005/Atom'),
  atom03: normalizeNamespace('http://purl.org/atom/ns#'),
  rdf: normalizeNamespace('http://www.w3.org/1999/02/22-rdf-syntax-ns#'),
  rss10: normalizeNamespace('http://purl.org/rss/1.0/'),
  rss090: normalizeNamespace('http://my.netscape.com/rdf/simple/0.9/'),
  rss09x: normalizeNamespace('http://backend.userland.com/rss2'),
  rss2: normalizeNamespace('http://backend.userland.com/rss'),
  dc: normalizeNamespace('http://purl.org/dc/elements/1.1/'),
  dcterms: normalizeNamespace('http://purl.org/dc/terms/'),
  content: normalizeNamespace('http://purl.org/rss/1.0/modules/content/'),
  media: normalizeNamespace('http://search.yahoo.com/mrss/'),
  xhtml: normalizeNamespace('http://www.w3.org/1999/xhtml'),
  xml: normalizeNamespace('http://www.w3.org/XML/1998/namespace'),
  itunes: normalizeNamespace('http://www.itunes.com/dtds/podcast-1.0.dtd'),
} as const;

/** Elements of the format itself: no namespace, or the format's own. */
export const RSS_HOME = new Set(['', NS.rss10, NS.rss090, NS.rss09x, NS.rss2]);
export const ATOM_HOME = new Set(['', NS.atom10, NS.atom03]);

/** Extension namespaces: never the format's own, even when an element there is named "channel". */
export const EXTENSION_NS = new Set([
  NS.dc,
  NS.dcterms,
  NS.content,
  NS.media,
  NS.xhtml,
  NS.atom10,
  NS.atom03,
]);
