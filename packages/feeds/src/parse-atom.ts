import type { FeedItem } from '@wirestream/contract';
import { addCategory, addMedia, addUnique, clean, emptyItem, mapItems, type FormatResult } from './model.js';
import { ATOM_HOME, NS } from './namespaces.js';
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
  constructText,
  linkValue,
} from './xml-fields.js';

function personName(el: XmlElement): string | null {
  return (
    childText(el, ATOM_HOME, 'name') ??
    childText(el, ATOM_HOME, 'email') ??
    // Atom 0.3 feeds in the wild sometimes put the name straight into <author>.
    clean(textOf(el))
  );
}

function parseEntry(el: XmlElement, feedAuthors: string[]): FeedItem {
  const item = emptyItem();
  item.guid = childText(el, ATOM_HOME, 'id');
  item.link = alternateLink(childrenNamed(el, ATOM_HOME, 'link'));

  const titleEl = childNamed(el, ATOM_HOME, 'title');
  item.title = titleEl ? constructText(titleEl) : null;
  const summaryEl = childNamed(el, ATOM_HOME, 'summary');
  item.summary = summaryEl ? constructHtml(summaryEl) : null;
  const contentEl = childNamed(el, ATOM_HOME, 'content');
  // Out-of-line content (src="...") has no body to keep.
  if (contentEl && attr(contentEl, 'src') === null) item.contentHtml = constructHtml(contentEl);
  const encoded = childNamed(el, NS.content, 'encoded');
  if (!item.contentHtml && encoded) item.contentHtml = constructHtml(encoded);

  for (const author of childrenNamed(el, ATOM_HOME, 'author')) addUnique(item.authors, personName(author));
  for (const category of childrenNamed(el, ATOM_HOME, 'category')) {
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
    childText(el, ATOM_HOME, 'published') ?? childText(el, ATOM_HOME, 'issued') ?? childText(el, ATOM_HOME, 'created');
  item.updated = childText(el, ATOM_HOME, 'updated') ?? childText(el, ATOM_HOME, 'modified');
  applyDublinCore(el, item);
  // Atom: an entry without its own author inherits the feed's.
  if (item.authors.length === 0) item.authors.push(...feedAuthors);
  item.language = el.lang ?? item.language;

  for (const link of childrenNamed(el, ATOM_HOME, 'link')) {
    if ((attr(link, 'rel') ?? '').trim().toLowerCase() !== 'enclosure') continue;
    const url = linkValue(attr(link, 'href'), link.base);
    if (url) {
      addMedia(item.media, { url, type: clean(attr(link, 'type')), title: clean(attr(link, 'title')), credit: null });
    }
  }
  collectMediaRss(el, item.media);
  return item;
}

/** Atom 1.0 and 0.3 (`<feed>`, in either namespace or, leniently, none). */
export function parseAtom(root: XmlElement): FormatResult {
  const feedAuthors: string[] = [];
  for (const author of childrenNamed(root, ATOM_HOME, 'author')) addUnique(feedAuthors, personName(author));
  const titleEl = childNamed(root, ATOM_HOME, 'title');
  const subtitleEl = childNamed(root, ATOM_HOME, 'subtitle') ?? childNamed(root, ATOM_HOME, 'tagline');
  const warnings: string[] = [];
  return {
    format: 'atom',
    title: titleEl ? constructText(titleEl) : null,
    link: alternateLink(childrenNamed(root, ATOM_HOME, 'link')),
    subtitle: subtitleEl ? constructHtml(subtitleEl) : null,
    language: root.lang ?? childText(root, NS.dc, 'language'),
    ttlMinutes: null,
    items: mapItems(childrenNamed(root, ATOM_HOME, 'entry'), (entry) => parseEntry(entry, feedAuthors), warnings),
    warnings,
  };
}
