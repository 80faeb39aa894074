/**
 * One pass over the parsed document (cheerio/htmlparser2's DOM) that builds a small tree of what can
 * hold article text, leaving out what never does (scripts, styles, forms' controls, media, hidden
 * elements), and collects on the way what the metadata reader needs (meta and link tags, JSON-LD,
 * <time>, the document language and title), so the page's DOM is walked once.
 */
import type { AnyNode, Element as DomElement } from 'domhandler';

export interface El {
  tag: string;
  /** Lower-cased class and id, space-separated (the hint matcher's input). */
  classId: string;
  href: string | null;
  /** itemprop and role, lower-cased ("" when absent). */
  itemprop: string;
  role: string;
  children: Child[];
  parent: El | null;
  /** Position in document order (pre-order), for "is before" tests. */
  order: number;
  // Filled in by the content scorer (weighted character counts of the subtree's text blocks).
  text: number;
  link: number;
  good: number;
  /** Good text before any hint was applied. */
  goodRaw: number;
  bad: number;
  neutral: number;
  /** -1 boilerplate, +1 article, 0 neither, from class, id, role, itemprop and tag; NaN until computed. */
  hint: number;
  /** In a boilerplate subtree (after the scorer has decided which hints to believe). */
  negative: boolean;
  removed: boolean;
}
export type Child = El | string;

export interface MetaTag {
  /** name, property, itemprop or http-equiv, lower-cased. */
  key: string;
  content: string;
}

export interface TimeTag {
  datetime: string;
  text: string;
  itemprop: string;
  pubdate: boolean;
  /** Inside an element that looks like the article (so not a related story's date). */
  order: number;
}

export interface PageScan {
  body: El;
  metas: MetaTag[];
  links: { rel: string; href: string }[];
  jsonLd: string[];
  times: TimeTag[];
  htmlLang: string;
  title: string;
  /** Elements whose class or id names a wall (hidden ones by their nearest kept ancestor). */
  markers: { name: string; el: El }[];
  /** Elements whose class or id names a cookie or consent notice. */
  consentMarkers: number;
  elements: number;
}

// Never article text. Forms are not here: some sites wrap the whole page in one. Nor is <noscript>:
// pages are fetched without running scripts, so its content is what a reader without them sees.
const SKIP = new Set([
  'script',
  'style',
  'template',
  'svg',
  'math',
  'canvas',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'video',
  'audio',
  'source',
  'track',
  'picture',
  'img',
  'input',
  'button',
  'select',
  'textarea',
  'option',
  'optgroup',
  'datalist',
  'meter',
  'progress',
  'map',
  'area',
  'dialog',
  'head',
  'title',
  'base',
  'link',
  'meta',
]);

const HIDDEN_STYLE_RE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b/i;
// Class and id tokens that mark a paywall, registration wall or consent wall somewhere on the page.
const MARKER_RE =
  /pay-?wall|reg-?wall|registration-?wall|subscriber-?only|subscription-?required|subscribers-?only|premium-?(?:content|article|wall|lock)|meter-?(?:wall|limit|expired)|locked-?(?:content|article)|(?:content|article)-?locked|consent-?wall|cookie-?wall/;

const CONSENT_RE = /consent|cookie|gdpr|privacy-?(?:banner|notice|wall)/;

function attr(el: DomElement, name: string): string {
  const v = el.attribs[name];
  return v === undefined ? '' : v;
}

/** Deeper elements are flattened into their ancestor, so that later passes can recurse. */
const MAX_DEPTH = 400;

function textOf(node: AnyNode): string {
  let s = '';
  const stack: AnyNode[] = [node];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.type === 'text') s += n.data;
    else if ('children' in n) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return s;
}

/**
 * Metadata first: these live in <head> but also turn up in <body>. Reads a meta, link, JSON-LD
 * script or title element into the scan; true when `el` was one (it holds no article text).
 */
function readMetadataTag(scan: PageScan, el: DomElement, tag: string): boolean {
  if (tag === 'meta') {
    const key = (attr(el, 'property') || attr(el, 'name') || attr(el, 'itemprop') || attr(el, 'http-equiv'))
      .trim()
      .toLowerCase();
    const content = attr(el, 'content') || attr(el, 'datetime');
    if (key && content) scan.metas.push({ key, content });
    return true;
  }
  if (tag === 'link') {
    const rel = attr(el, 'rel').toLowerCase();
    const href = attr(el, 'href');
    if (rel && href) scan.links.push({ rel, href });
    const itemprop = attr(el, 'itemprop').toLowerCase();
    if (itemprop && href) scan.metas.push({ key: itemprop, content: href });
    return true;
  }
  if (tag === 'script') {
    if (/ld\+json/i.test(attr(el, 'type'))) scan.jsonLd.push(textOf(el));
    return true;
  }
  if (tag === 'title') {
    if (!scan.title) scan.title = textOf(el);
    return true;
  }
  return false;
}

/** Hidden from every reader: the hidden attribute or an inline display:none / visibility:hidden. */
function isHidden(el: DomElement): boolean {
  // aria-hidden is not here: it hides from screen readers what the page shows everyone else.
  if ('hidden' in el.attribs) return true;
  const style = el.attribs['style'];
  return Boolean(style && HIDDEN_STYLE_RE.test(style));
}

const emptyScan = (): PageScan => ({
  body: makeEl('body', null, '', null, '', ''),
  metas: [],
  links: [],
  jsonLd: [],
  times: [],
  htmlLang: '',
  title: '',
  markers: [],
  consentMarkers: 0,
  elements: 0,
});

/**
 * One walk over the DOM. Iterative, so that absurdly deep markup cannot overflow the stack; past
 * MAX_DEPTH elements are flattened into their ancestor (their text is kept).
 */
class DocumentScanner {
  readonly scan = emptyScan();
  private order = 0;
  private foundBody = false;
  // Three parallel stacks rather than one object per node: a page has thousands of nodes.
  private readonly nodes: AnyNode[] = [];
  private readonly parents: El[] = [];
  private readonly states: number[] = []; // depth * 2 + (in <head> ? 1 : 0)

  run(root: AnyNode): PageScan {
    this.pushChildren([root], this.scan.body, false, 0);
    while (this.nodes.length > 0) {
      const state = this.states.pop()!;
      this.visit(this.nodes.pop()!, this.parents.pop()!, (state & 1) === 1, state >> 1);
    }
    return this.scan;
  }

  private pushChildren(children: readonly AnyNode[], parent: El, inHead: boolean, depth: number): void {
    const state = depth * 2 + (inHead ? 1 : 0);
    for (let i = children.length - 1; i >= 0; i--) {
      this.nodes.push(children[i]!);
      this.parents.push(parent);
      this.states.push(state);
    }
  }

  private visit(node: AnyNode, parent: El, inHead: boolean, depth: number): void {
    if (node.type === 'text') {
      if (!inHead) parent.children.push(node.data);
      return;
    }
    if (node.type === 'script' || node.type === 'style' || node.type === 'tag') {
      this.visitElement(node as DomElement, parent, inHead, depth);
      return;
    }
    if (node.type === 'root') this.pushChildren(node.children, parent, inHead, depth);
    // comments, directives, CDATA: no text
  }

  private visitElement(el: DomElement, parent: El, inHead: boolean, depth: number): void {
    const scan = this.scan;
    const tag = el.name.toLowerCase();
    scan.elements++;
    if (readMetadataTag(scan, el, tag)) return;
    if (tag === 'html') {
      scan.htmlLang = attr(el, 'lang') || attr(el, 'xml:lang');
    }
    if (tag === 'head') {
      this.pushChildren(el.children, parent, true, depth);
      return;
    }
    if (tag === 'time') {
      const datetime = attr(el, 'datetime');
      if (datetime || !inHead)
        scan.times.push({
          datetime,
          text: textOf(el).trim(),
          itemprop: attr(el, 'itemprop').toLowerCase(),
          pubdate: 'pubdate' in el.attribs,
          order: this.order,
        });
    }
    const cls = attr(el, 'class');
    const id = attr(el, 'id');
    const classId = cls || id ? `${cls} ${id}`.toLowerCase() : '';
    const marker = classId ? MARKER_RE.exec(classId) : null;
    if (marker && !inHead) scan.markers.push({ name: marker[0], el: parent });
    if (classId && CONSENT_RE.test(classId)) scan.consentMarkers++;
    if (inHead || SKIP.has(tag) || isHidden(el)) return;

    if (tag === 'body' && !this.foundBody) {
      this.foundBody = true;
      const body = scan.body;
      body.classId = classId;
      body.order = this.order++;
      this.pushChildren(el.children, body, false, 0);
      return;
    }
    if (tag === 'html' || tag === 'body' || depth >= MAX_DEPTH) {
      this.pushChildren(el.children, parent, false, depth);
      return;
    }
    const child = makeEl(
      tag,
      parent,
      classId,
      tag === 'a' ? (el.attribs['href'] ?? null) : null,
      attr(el, 'itemprop').toLowerCase(),
      attr(el, 'role').toLowerCase(),
    );
    child.order = this.order++;
    parent.children.push(child);
    if (marker) scan.markers[scan.markers.length - 1]!.el = child;
    this.pushChildren(el.children, child, false, depth + 1);
  }
}

/** Scans a parsed document: `root` is cheerio's root node (a domhandler Document). */
export function scanDocument(root: AnyNode): PageScan {
  return new DocumentScanner().run(root);
}

function makeEl(
  tag: string,
  parent: El | null,
  classId: string,
  href: string | null,
  itemprop: string,
  role: string,
): El {
  return {
    tag,
    classId,
    href,
    itemprop,
    role,
    children: [],
    parent,
    order: 0,
    text: 0,
    link: 0,
    good: 0,
    goodRaw: 0,
    bad: 0,
    neutral: 0,
    hint: Number.NaN,
    negative: false,
    removed: false,
  };
}
