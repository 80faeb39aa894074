import type { FeedItem } from '@wirestream/contract';
import { addCategory, addMedia, addUnique, clean, emptyItem, mapItems, type FormatResult } from './model.js';
import { ATOM_HOME, NS } from './namespaces.js';
import type { XmlElement } from './xml.js';
import { attr, textOf } from './xml.js';
import {
  alternateLink,
  childNamed,
  childrenNamed,
  childText,
  constructHtml,
  constructText,
  linkValue,
} from './xml-fields.js';
import {
  applyDublinCore,
  collectItunesCategories,
  collectMediaCategories,
  collectMediaRss,
} from './extensions.js';

function personName(el: XmlElement, home: ReadonlySet<string>): string | null {
  return (
    childText(el, home, 'name') ??
    childText(el, home, 'email') ??
    // Atom 0.3 feeds in the wild sometimes put the name straight into <author>.
    clean(textOf(el))
  );
}

function parseEntry(el: XmlElement, feedAuthors: string[], home: ReadonlySet<string>): FeedItem {
  const item = emptyItem();
  item.guid = childText(el, home, 'id');
  item.link = alternateLink(childrenNamed(el, home, 'link'));

  const titleEl = childNamed(el, home, 'title');
  item.title = titleEl ? constructText(titleEl) : null;
  const summaryEl = childNamed(el, home, 'summary');
  item.summary = summaryEl ? constructHtml(summaryEl) : null;
  const contentEl = childNamed(el, home, 'content');
  // Out-of-line content (src="...") has no body to keep.
  if (contentEl && attr(contentEl, 'src') === null) item.contentHtml = constructHtml(contentEl);
  const encoded = childNamed(el, NS.content, 'encoded');
  if (!item.contentHtml && encoded) item.contentHtml = constructHtml(encoded);

  for (const author of childrenNamed(el, home, 'author')) addUnique(item.authors, personName(author, home));
  for (const category of childrenNamed(el, home, 'category')) {
    const term = clean(attr(category, 'term')) ?? clean(textOf(category));
    if (term) {
      addCategory(item.categories, {
        term,
        scheme: clean(attr(category, 'scheme')),
        label: clean(attr(category, 'label')),
      });
    }
  }
  item.published =
    childText(el, home, 'published') ?? childText(el, home, 'issued') ?? childText(el, home, 'created');
  item.updated = childText(el, home, 'updated') ?? childText(el, home, 'modified');
  applyDublinCore(el, item);
  // Atom: an entry without its own author inherits the feed's.
  if (item.authors.length === 0) item.authors.push(...feedAuthors);
  item.language = el.lang ?? item.language;

  for (const link of childrenNamed(el, home, 'link')) {
    if ((attr(link, 'rel') ?? '').trim().toLowerCase() !== 'enclosure') continue;
    const url = linkValue(attr(link, 'href'), link.base);
    if (url) {
      addMedia(item.media, {
        url,
        type: clean(attr(link, 'type')),
        title: clean(attr(link, 'title')),
        credit: null,
      });
    }
  }
  collectMediaRss(el, item.media);
  collectMediaCategories(el, item);
  collectItunesCategories(el, item);
  // Media RSS lets media:title stand in for a missing item title.
  item.title ??= childText(el, NS.media, 'title');
  return item;
}

/** Atom 1.0 and 0.3 (`<feed>`, in either namespace or, leniently, none). */
export function parseAtom(root: XmlElement): FormatResult {
  const home = new Set([...ATOM_HOME, root.ns]);
  const feedAuthors: string[] = [];
  for (const author of childrenNamed(root, home, 'author')) addUnique(feedAuthors, personName(author, home));
  const titleEl = childNamed(root, home, 'title');
  const subtitleEl = childNamed(root, home, 'subtitle') ?? childNamed(root, home, 'tagline');
  const warnings: string[] = [];
  return {
    format: 'atom',
    title: titleEl ? constructText(titleEl) : null,
    link: alternateLink(childrenNamed(root, home, 'link')),
    subtitle: subtitleEl ? constructHtml(subtitleEl) : null,
    language: root.lang ?? childText(root, NS.dc, 'language'),
    ttlMinutes: null,
    items: mapItems(
      childrenNamed(root, home, 'entry'),
      (entry) => parseEntry(entry, feedAuthors, home),
      warnings,
    ),
    warnings,
  };
}
