/** Extension vocabularies shared by RSS, RDF and Atom items: Media RSS, Dublin Core, iTunes. */
import type { FeedItem, ItemMedia } from '@wirestream/contract';
import { addCategory, addMedia, addUnique, clean } from './model.js';
import { NS } from './namespaces.js';
import type { XmlElement } from './xml.js';
import { attr, elementChildren, textOf } from './xml.js';
import { childrenNamed, childText, linkValue, plainText } from './xml-fields.js';

interface MediaContext {
  title: string | null;
  credit: string | null;
}

function mediaContext(el: XmlElement, inherited: MediaContext): MediaContext {
  return {
    title: childText(el, NS.media, 'title') ?? inherited.title,
    credit: childText(el, NS.media, 'credit') ?? inherited.credit,
  };
}

/** Media RSS: media:content / media:thumbnail, directly or inside media:group. */
export function collectMediaRss(el: XmlElement, out: ItemMedia[], inherited?: MediaContext): void {
  const context = mediaContext(el, inherited ?? { title: null, credit: null });
  for (const child of childrenWithNs(el, NS.media)) {
    if (child.local === 'group') {
      collectMediaRss(child, out, context);
    } else if (child.local === 'content') {
      const url = linkValue(attr(child, 'url'), child.base);
      const own = mediaContext(child, context);
      if (url) addMedia(out, { url, type: clean(attr(child, 'type')), title: own.title, credit: own.credit });
      for (const thumb of childrenNamed(child, NS.media, 'thumbnail')) addThumbnail(thumb, out, own);
    } else if (child.local === 'thumbnail') {
      addThumbnail(child, out, context);
    }
  }
}

function addThumbnail(el: XmlElement, out: ItemMedia[], context: MediaContext): void {
  const url = linkValue(attr(el, 'url'), el.base);
  if (url) addMedia(out, { url, type: null, title: context.title, credit: context.credit });
}

function childrenWithNs(el: XmlElement, ns: string): XmlElement[] {
  return elementChildren(el).filter((c) => c.ns === ns);
}

/** Dublin Core and dcterms fields shared by RSS, RDF and Atom items. */
export function applyDublinCore(el: XmlElement, item: FeedItem): void {
  for (const creator of childrenNamed(el, NS.dc, 'creator')) addUnique(item.authors, plainText(creator));
  // dc:author is not Dublin Core, but feeds use it for dc:creator.
  for (const author of childrenNamed(el, NS.dc, 'author')) addUnique(item.authors, plainText(author));
  for (const subject of childrenNamed(el, NS.dc, 'subject')) {
    const term = clean(textOf(subject));
    if (term) addCategory(item.categories, { term, scheme: null, label: null });
  }
  item.published ??=
    childText(el, NS.dc, 'date') ??
    childText(el, NS.dcterms, 'issued') ??
    childText(el, NS.dcterms, 'created');
  item.updated ??= childText(el, NS.dcterms, 'modified');
  item.language ??= childText(el, NS.dc, 'language');
  item.guid ??= childText(el, NS.dc, 'identifier');
}

const ITUNES_SCHEME = 'http://www.itunes.com/';

/** iTunes categories (nested ones too) and comma-separated keywords, as categories. */
export function collectItunesCategories(el: XmlElement, item: FeedItem): void {
  for (const category of childrenNamed(el, NS.itunes, 'category')) {
    const term = clean(attr(category, 'text'));
    if (term) addCategory(item.categories, { term, scheme: ITUNES_SCHEME, label: null });
    collectItunesCategories(category, item);
  }
  for (const keywords of childrenNamed(el, NS.itunes, 'keywords')) {
    for (const keyword of textOf(keywords).split(',')) {
      const term = clean(keyword);
      if (term) addCategory(item.categories, { term, scheme: ITUNES_SCHEME, label: null });
    }
  }
}

/** media:category (item level or inside media:group / media:content). */
export function collectMediaCategories(el: XmlElement, item: FeedItem): void {
  for (const child of childrenWithNs(el, NS.media)) {
    if (child.local === 'group' || child.local === 'content') collectMediaCategories(child, item);
    if (child.local !== 'category') continue;
    const term = clean(textOf(child));
    if (term) {
      addCategory(item.categories, {
        term,
        scheme: clean(attr(child, 'scheme')) ?? 'http://search.yahoo.com/mrss/category_schema',
        label: clean(attr(child, 'label')),
      });
    }
  }
}
