import type { FeedItem } from '@wirestream/contract';
import { addCategory, addMedia, addUnique, clean, emptyItem, mapItems, type FormatResult } from './model.js';
import { EXTENSION_NS, NS, RSS_HOME } from './namespaces.js';
import type { XmlElement } from './xml.js';
import { attr, elementChildren, textOf } from './xml.js';
import {
  alternateLink,
  childNamed,
  childrenNamed,
  childText,
  constructHtml,
  htmlContent,
  linkValue,
  plainText,
} from './xml-fields.js';
import {
  applyDublinCore,
  collectItunesCategories,
  collectMediaCategories,
  collectMediaRss,
} from './extensions.js';

function looksLikeUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

function parseItem(el: XmlElement, home: ReadonlySet<string>): FeedItem {
  const item = emptyItem();

  const guidEl = childNamed(el, home, 'guid');
  item.guid = guidEl ? clean(textOf(guidEl)) : null;
  // RDF items name themselves with rdf:about, normally the article URL.
  item.guid ??= clean(attr(el, 'about', NS.rdf));

  const linkEl = childNamed(el, home, 'link');
  item.link = linkEl ? linkValue(textOf(linkEl) || attr(linkEl, 'href'), linkEl.base) : null;
  item.link ??= alternateLink(childrenNamed(el, NS.atom10, 'link'));
  if (!item.link && guidEl && item.guid && looksLikeUrl(item.guid)) {
    // RSS 2.0: a guid is a permalink unless isPermaLink="false".
    if ((attr(guidEl, 'isPermaLink') ?? 'true').trim().toLowerCase() !== 'false') item.link = item.guid;
  }

  const titleEl = childNamed(el, home, 'title') ?? childNamed(el, NS.dc, 'title');
  item.title = titleEl ? plainText(titleEl) : null;

  const descriptionEl = childNamed(el, home, 'description') ?? childNamed(el, NS.dc, 'description');
  item.summary = descriptionEl ? htmlContent(descriptionEl) : null;

  const encoded = childNamed(el, NS.content, 'encoded');
  // Old RSS dialects carried full content as <body> (XHTML or none) or <fullitem>.
  const body =
    childNamed(el, NS.xhtml, 'body') ??
    childNamed(el, NS.xhtml, 'div') ??
    childNamed(el, home, 'body') ??
    childNamed(el, home, 'fullitem');
  const atomContent = childNamed(el, NS.atom10, 'content');
  if (encoded) item.contentHtml = htmlContent(encoded);
  else if (body) item.contentHtml = htmlContent(body);
  else if (atomContent) item.contentHtml = constructHtml(atomContent);
  if (!item.summary) {
    const itunesSummary = childNamed(el, NS.itunes, 'summary') ?? childNamed(el, NS.atom10, 'summary');
    if (itunesSummary) item.summary = htmlContent(itunesSummary);
  }

  for (const author of childrenNamed(el, home, 'author')) addUnique(item.authors, plainText(author));
  for (const author of childrenNamed(el, NS.atom10, 'author')) {
    addUnique(item.authors, childText(author, NS.atom10, 'name') ?? childText(author, NS.atom10, 'email'));
  }
  for (const category of childrenNamed(el, home, 'category')) {
    const term = clean(textOf(category));
    if (term) addCategory(item.categories, { term, scheme: clean(attr(category, 'domain')), label: null });
  }

  item.published = childText(el, home, 'pubDate');
  item.updated = childText(el, NS.atom10, 'updated');
  applyDublinCore(el, item);
  if (!item.authors.length) addUnique(item.authors, childText(el, NS.itunes, 'author'));
  item.language ??= el.lang;

  for (const enclosure of childrenNamed(el, home, 'enclosure')) {
    const url = linkValue(attr(enclosure, 'url'), enclosure.base);
    if (url) addMedia(item.media, { url, type: clean(attr(enclosure, 'type')), title: null, credit: null });
  }
  collectMediaRss(el, item.media);
  collectMediaCategories(el, item);
  collectItunesCategories(el, item);
  // Media RSS lets media:title stand in for a missing item title.
  item.title ??= childText(el, NS.media, 'title');
  return item;
}

/** RSS 0.9x/2.0 (`<rss>`), RSS 0.90 and 1.0 (`<rdf:RDF>`), and bare `<channel>` documents. */
export function parseRss(root: XmlElement): FormatResult {
  const isRdf = root.local === 'RDF';
  // Feeds invent their own default namespaces (e.g. a misspelt RSS 0.90 URI): whatever namespace
  // the channel is in counts as the format's own.
  const channel =
    root.local === 'channel'
      ? root
      : (elementChildren(root).find((c) => c.local === 'channel' && !EXTENSION_NS.has(c.ns)) ?? root);
  const home = new Set([...RSS_HOME, channel.ns, ...(isRdf ? [] : [root.ns])]);
  // RDF puts items beside the channel; broken RSS 2.0 sometimes does the same.
  const topLevel = [...childrenNamed(channel, home, 'item')];
  if (channel !== root) topLevel.push(...childrenNamed(root, home, 'item'));
  // An unclosed <item> swallows the items after it; they are still items.
  const flatten = (item: XmlElement): XmlElement[] => [
    item,
    ...childrenNamed(item, home, 'item').flatMap(flatten),
  ];
  const itemEls = topLevel.flatMap(flatten);

  const titleEl = childNamed(channel, home, 'title') ?? childNamed(channel, NS.dc, 'title');
  const linkEl = childNamed(channel, home, 'link');
  const subtitleEl =
    childNamed(channel, home, 'description') ??
    childNamed(channel, NS.dc, 'description') ??
    childNamed(channel, NS.itunes, 'subtitle') ??
    childNamed(channel, NS.itunes, 'summary');
  const ttl = childText(channel, home, 'ttl');
  const ttlMinutes = ttl !== null && /^\d+$/.test(ttl) ? Number(ttl) : null;
  const warnings: string[] = [];
  const language =
    childText(channel, home, 'language') ?? childText(channel, NS.dc, 'language') ?? channel.lang ?? null;
  // The channel's language is the feed stating one for its items, as xml:lang on an Atom feed is.
  const items = mapItems(itemEls, (el) => parseItem(el, home), warnings).map((item) => ({
    ...item,
    language: item.language ?? language,
  }));

  return {
    format: isRdf ? 'rdf' : 'rss',
    title: titleEl ? plainText(titleEl) : null,
    link:
      (linkEl ? linkValue(textOf(linkEl) || attr(linkEl, 'href'), linkEl.base) : null) ??
      alternateLink(childrenNamed(channel, NS.atom10, 'link')),
    subtitle: subtitleEl ? htmlContent(subtitleEl) : null,
    language,
    ttlMinutes,
    items,
    warnings,
  };
}
