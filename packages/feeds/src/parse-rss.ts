import type { FeedItem } from '@wirestream/contract';
import { addCategory, addMedia, addUnique, clean, emptyItem, mapItems, type FormatResult } from './model.js';
import { NS, RSS_HOME } from './namespaces.js';
import type { XmlElement } from './xml.js';
import { attr, textOf } from './xml.js';
import {
  alternateLink,
  applyDublinCore,
  childNamed,
  childrenNamed,
  childText,
  collectMediaRss,
  constructHtml,
  htmlContent,
  linkValue,
  plainText,
} from './xml-fields.js';

const ITUNES = 'http://www.itunes.com/dtds/podcast-1.0.dtd';

function looksLikeUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

function parseItem(el: XmlElement): FeedItem {
  const item = emptyItem();

  const guidEl = childNamed(el, RSS_HOME, 'guid');
  item.guid = guidEl ? clean(textOf(guidEl)) : null;
  // RDF items name themselves with rdf:about, normally the article URL.
  item.guid ??= clean(attr(el, 'about', NS.rdf));

  const linkEl = childNamed(el, RSS_HOME, 'link');
  item.link = linkEl ? linkValue(textOf(linkEl) || attr(linkEl, 'href'), linkEl.base) : null;
  item.link ??= alternateLink(childrenNamed(el, NS.atom10, 'link'));
  if (!item.link && guidEl && item.guid && looksLikeUrl(item.guid)) {
    // RSS 2.0: a guid is a permalink unless isPermaLink="false".
    if ((attr(guidEl, 'isPermaLink') ?? 'true').trim().toLowerCase() !== 'false') item.link = item.guid;
  }

  const titleEl = childNamed(el, RSS_HOME, 'title') ?? childNamed(el, NS.dc, 'title');
  item.title = titleEl ? plainText(titleEl) : null;

  const descriptionEl = childNamed(el, RSS_HOME, 'description') ?? childNamed(el, NS.dc, 'description');
  item.summary = descriptionEl ? htmlContent(descriptionEl) : null;

  const encoded = childNamed(el, NS.content, 'encoded');
  const body = childNamed(el, NS.xhtml, 'body') ?? childNamed(el, NS.xhtml, 'div');
  const atomContent = childNamed(el, NS.atom10, 'content');
  if (encoded) item.contentHtml = htmlContent(encoded);
  else if (body) item.contentHtml = constructHtml(body);
  else if (atomContent) item.contentHtml = constructHtml(atomContent);
  if (!item.summary) {
    const itunesSummary = childNamed(el, ITUNES, 'summary') ?? childNamed(el, NS.atom10, 'summary');
    if (itunesSummary) item.summary = htmlContent(itunesSummary);
  }

  for (const author of childrenNamed(el, RSS_HOME, 'author')) addUnique(item.authors, plainText(author));
  for (const author of childrenNamed(el, NS.atom10, 'author')) {
    addUnique(item.authors, childText(author, NS.atom10, 'name') ?? childText(author, NS.atom10, 'email'));
  }
  for (const category of childrenNamed(el, RSS_HOME, 'category')) {
    const term = clean(textOf(category));
    if (term) addCategory(item.categories, { term, scheme: clean(attr(category, 'domain')), label: null });
  }

  item.published = childText(el, RSS_HOME, 'pubDate');
  item.updated = childText(el, NS.atom10, 'updated');
  applyDublinCore(el, item);
  if (!item.authors.length) addUnique(item.authors, childText(el, ITUNES, 'author'));
  item.language ??= el.lang;

  for (const enclosure of childrenNamed(el, RSS_HOME, 'enclosure')) {
    const url = linkValue(attr(enclosure, 'url'), enclosure.base);
    if (url) addMedia(item.media, { url, type: clean(attr(enclosure, 'type')), title: null, credit: null });
  }
  collectMediaRss(el, item.media);
  return item;
}

/** RSS 0.9x/2.0 (`<rss>`), RSS 0.90 and 1.0 (`<rdf:RDF>`), and bare `<channel>` documents. */
export function parseRss(root: XmlElement): FormatResult {
  const isRdf = root.local === 'RDF';
  const channel = root.local === 'channel' ? root : (childNamed(root, RSS_HOME, 'channel') ?? root);
  // RDF puts items beside the channel; broken RSS 2.0 sometimes does the same.
  const itemEls = [...childrenNamed(channel, RSS_HOME, 'item')];
  if (channel !== root) itemEls.push(...childrenNamed(root, RSS_HOME, 'item'));

  const titleEl = childNamed(channel, RSS_HOME, 'title') ?? childNamed(channel, NS.dc, 'title');
  const linkEl = childNamed(channel, RSS_HOME, 'link');
  const subtitleEl =
    childNamed(channel, RSS_HOME, 'description') ??
    childNamed(channel, NS.dc, 'description') ??
    childNamed(channel, ITUNES, 'subtitle');
  const ttl = childText(channel, RSS_HOME, 'ttl');
  const ttlMinutes = ttl !== null && /^\d+$/.test(ttl) ? Number(ttl) : null;
  const warnings: string[] = [];
  const items = mapItems(itemEls, parseItem, warnings);

  return {
    format: isRdf ? 'rdf' : 'rss',
    title: titleEl ? plainText(titleEl) : null,
    link:
      (linkEl ? linkValue(textOf(linkEl) || attr(linkEl, 'href'), linkEl.base) : null) ??
      alternateLink(childrenNamed(channel, NS.atom10, 'link')),
    subtitle: subtitleEl ? htmlContent(subtitleEl) : null,
    language:
      childText(channel, RSS_HOME, 'language') ?? childText(channel, NS.dc, 'language') ?? channel.lang ?? null,
    ttlMinutes,
    items,
    warnings,
  };
}
