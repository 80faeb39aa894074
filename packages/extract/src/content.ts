/**
 * Main-text extraction on the scanned tree (see tree.ts). Generic rules only: nothing here knows
 * a site.
 *
 * 1. The page is cut into text blocks: the inline text between block-level boundaries, each owned
 *    by its nearest block-level element, with its length (characters; ideographs weigh more) and
 *    the part of it inside links.
 * 2. Blocks are classed by length and links alone: good (long enough, few links), bad (mostly
 *    links, or page furniture: ad labels, newsletter and sharing prompts) or neutral (short:
 *    headings, datelines, labels).
 * 3. Every element gets the sum over its subtree: good − bad − 0.3 × neutral. The element with the
 *    highest sum is the article's container: climbing to a parent pays only when the parent adds
 *    more article-like text than boilerplate. This is done twice: on the text alone, then with the
 *    hints (class, id, role and tag words for boilerplate and for article bodies, and listings of
 *    teasers found by their shape), under which good text in a boilerplate subtree counts as bad.
 *    When the hints throw most of the text-alone result away, the wrappers' names are not believed.
 *    An itemprop=articleBody ancestor is taken when it is not mostly boilerplate.
 * 4. Siblings of the container that are nearly all good text join it (a standfirst, a body split
 *    by an ad slot).
 * 5. Inside, boilerplate subtrees are pruned (by hint, link lists, figures and captions, the title
 *    and the byline repeated), then leading datelines and trailing labels or "more stories" lists.
 */
import type { Child, El } from './tree.js';

export type BlockClass = 'good' | 'bad' | 'neutral';
export type BlockKind = 'p' | 'h' | 'li' | 'quote' | 'pre' | 'cell' | 'caption' | 'text';

export interface Block {
  owner: El;
  text: string;
  /** The block's inline markup, sanitised. */
  html: string;
  len: number;
  link: number;
  kind: BlockKind;
  /** Heading level 1-6 for kind 'h'. */
  level: number;
  /** The nearest <blockquote> and list item around the block, for the markup. */
  quote: El | null;
  item: El | null;
  /** By length and links alone. */
  base: BlockClass;
  /** After hints. */
  cls: BlockClass;
}

const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'center',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'caption',
  'legend',
  'menu',
]);

const HEADING_RE = /^h[1-6]$/;
const WS_RE = /[ \t\n\r\f\u00a0]+/g;
// Ideographs, kana and hangul carry about a word each: weigh them so thresholds hold across scripts.
const DENSE_RE = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]/g;

/** Visible length of collapsed text, ideographic scripts weighted up. */
export function weightedLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10) n--;
  }
  const dense = text.match(DENSE_RE);
  if (dense) n += dense.length * 2;
  return n;
}

function kindOf(owner: El): { kind: BlockKind; level: number } {
  for (let e: El | null = owner; e; e = e.parent) {
    const t = e.tag;
    if (HEADING_RE.test(t)) return { kind: 'h', level: Number(t[1]) };
    if (t === 'figcaption' || t === 'caption') return { kind: 'caption', level: 0 };
    if (t === 'blockquote') return { kind: 'quote', level: 0 };
    if (t === 'li' || t === 'dd' || t === 'dt') return { kind: 'li', level: 0 };
    if (t === 'pre') return { kind: 'pre', level: 0 };
    if (t === 'p') return { kind: 'p', level: 0 };
    if (t === 'td' || t === 'th') return { kind: 'cell', level: 0 };
    if (e !== owner && BLOCK_TAGS.has(t)) break;
  }
  return { kind: 'text', level: 0 };
}

const INLINE_MARKUP: Record<string, string> = {
  em: 'em',
  i: 'em',
  cite: 'em',
  strong: 'strong',
  b: 'strong',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;',
  );
}

function safeHref(href: string, base: string | undefined): string | null {
  const h = href.trim();
  if (!h || h.startsWith('#')) return null;
  if (!base && !/^(?:https?|mailto):/i.test(h)) return null;
  try {
    const u = new URL(h, base);
    return u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'mailto:' ? u.href : null;
  } catch {
    return null;
  }
}

/** A finished run of text as a block: its kind, and the quote and list item around its owner. */
function makeBlock(owner: El, text: string, html: string, len: number, link: number): Block {
  const { kind, level } = kindOf(owner);
  let quote: El | null = null;
  let item: El | null = null;
  for (let e: El | null = owner; e && !(quote && item); e = e.parent) {
    if (!quote && e.tag === 'blockquote') quote = e;
    else if (!item && e.tag === 'li') item = e;
  }
  return {
    owner,
    text,
    html,
    len,
    link: Math.min(link, len),
    kind: quote && kind !== 'h' ? 'quote' : item && kind !== 'h' ? 'li' : kind,
    level,
    quote,
    item,
    base: 'neutral',
    cls: 'neutral',
  };
}

/** Walks the tree in document order, cutting its text into blocks at block boundaries. */
class BlockCutter {
  readonly blocks: Block[] = [];
  // The block being read: its text, its inline markup, how much of it is link text, its element.
  private parts: string[] = [];
  private markup: string[] = [];
  private linkLen = 0;
  private owner: El;
  // Inline tags opened in the current block (generation = block counter), closed when it ends.
  private generation = 0;
  private readonly open: { tag: string; gen: number }[] = [];

  constructor(body: El) {
    this.owner = body;
  }

  /** Ends the block being read (closing the inline tags it opened), keeping it when it has text. */
  flush(): void {
    const { open } = this;
    if (this.parts.length === 0) {
      this.markup = [];
      this.generation++;
      return;
    }
    for (let i = open.length - 1; i >= 0; i--)
      if (open[i]!.gen === this.generation) this.markup.push(`</${open[i]!.tag}>`);
    this.generation++;
    let text = this.parts.join('');
    if (text.includes('  ')) text = text.replace(/ {2,}/g, ' ');
    if (text.includes('\n')) text = text.replace(/ ?\n ?/g, '\n');
    text = text.trim();
    const html = this.markup
      .join('')
      .replace(/ {2,}/g, ' ')
      .replace(/<(a|em|strong)\b[^>]*>\s*<\/\1>/g, '')
      .trim();
    this.parts = [];
    this.markup = [];
    const link = this.linkLen;
    this.linkLen = 0;
    if (text === '') return;
    const len = weightedLength(text);
    if (len === 0) return;
    this.blocks.push(makeBlock(this.owner, text, html, len, link));
  }

  walk(el: El, inLink: boolean, inPre: boolean): void {
    for (const child of el.children) {
      if (typeof child === 'string') {
        this.addText(el, child, inLink, inPre);
        continue;
      }
      const tag = child.tag;
      if (tag === 'br') {
        if (this.parts.length > 0) {
          this.parts.push('\n');
          this.markup.push('<br>');
        }
        continue;
      }
      // An inline element named like boilerplate (a caption or credit in a span) is cut out as a
      // block of its own, so that it can be pruned without its paragraph.
      if (isBoundary(child)) {
        this.flush();
        this.walk(child, inLink, inPre || tag === 'pre');
        this.flush();
        continue;
      }
      const emitted = this.openInline(child, inLink);
      this.walk(child, inLink || (tag === 'a' && child.href !== null), inPre);
      if (emitted) {
        const top = this.open.pop()!;
        if (top.gen === this.generation) this.markup.push(`</${top.tag}>`);
      }
    }
  }

  private addText(el: El, child: string, inLink: boolean, inPre: boolean): void {
    const piece = inPre ? child.replace(/\r\n?/g, '\n') : child.replace(WS_RE, ' ');
    if (piece === '') return;
    if (this.parts.length === 0) this.owner = blockAncestor(el);
    this.parts.push(piece);
    this.markup.push(escapeHtml(inPre ? piece.replace(/\n/g, '<br>') : piece));
    if (inLink) this.linkLen += weightedLength(piece);
  }

  /** Opens the inline markup an element keeps (a link, emphasis), if any; returns its tag. */
  private openInline(child: El, inLink: boolean): string | undefined {
    let emitted: string | undefined;
    if (child.tag === 'a' && child.href !== null && !inLink) {
      // Resolved and checked only for the blocks that are kept (blocksToHtml): most links on a
      // page are navigation.
      const href = child.href.trim();
      if (href && !href.startsWith('#')) {
        emitted = 'a';
        this.markup.push(`<a href="${escapeHtml(href)}">`);
      }
    } else if (INLINE_MARKUP[child.tag]) {
      emitted = INLINE_MARKUP[child.tag];
      this.markup.push(`<${emitted}>`);
    }
    if (emitted) this.open.push({ tag: emitted, gen: this.generation });
    return emitted;
  }
}

/**
 * Cuts the tree into text blocks, in document order. Each block also carries its inline markup,
 * sanitised: links (href only), emphasis and line breaks; every other tag and attribute is dropped.
 */
export function collectBlocks(body: El): Block[] {
  const cutter = new BlockCutter(body);
  cutter.walk(body, false, false);
  cutter.flush();
  return cutter.blocks;
}

function isBoundary(el: El): boolean {
  return (
    BLOCK_TAGS.has(el.tag) ||
    (el.classId !== '' && el.tag !== 'a' && !INLINE_MARKUP[el.tag] && hintOf(el) < 0)
  );
}

function blockAncestor(el: El): El {
  for (let e: El | null = el; e; e = e.parent) if (!e.parent || isBoundary(e)) return e;
  return el;
}

// ---------------------------------------------------------------------------------------------
// Hints

// Class and id words. A strong boilerplate word wins over any article word ("article-caption",
// "story-share" are parts around the story, not the story); a weak one loses to an article word
// ("content-sidebar-wrap" may hold the content).
const STRONG_NEGATIVE_RE =
  /comment(?!ar)|disqus|related|recommend|promo|newsletter|cookie|consent|gdpr|advert|outbrain|taboola|most-?read|most-?viewed|more-?(?:from|stories|news|articles|posts|videos|headlines|coverage|on|in|like)|read-?more|also-?read|see-?also|tag-?list|tags|byline|author-?bio|about-?the-?author|caption|credit|copyright|breadcrumb|skip-?link|visually-?hidden|sr-only|screen-?reader|offscreen/;
const STRONG_NEGATIVE_TOKEN_RE = /(?:^|[^a-z0-9])(?:ad|ads|adv|adslot|adunit|dfp|gpt)(?:$|[^a-z0-9])/;
const WEAK_NEGATIVE_RE =
  /share|sharing|social|sponsor|popular|trending|slider|carousel|slideshow|sidebar|side-?bar|footer|masthead|navbar|navigation|menu|subscribe|sign-?up|widget|modal|popup|overlay|toolbar|pagination|pager|rating/;
const WEAK_NEGATIVE_TOKEN_RE =
  /(?:^|[^a-z0-9])(?:nav|meta|foot|aside|rail|teaser|excerpt|tools|utility|bio|topics|author|dateline|timestamp|date|time|print|jump)(?:$|[^a-z0-9])/;
const POSITIVE_RE =
  /article|content|story|body|post|entry|text|main|blog|prose|rich-?text|paragraph|copy|detail|page-?text/;
const EMBED_RE = /embed|tweet|instagram-media|tiktok/;
const NEGATIVE_ROLES = new Set([
  'navigation',
  'complementary',
  'contentinfo',
  'banner',
  'dialog',
  'alert',
  'menu',
  'menubar',
  'search',
]);
const NEGATIVE_TAGS = new Set(['nav', 'aside', 'footer', 'menu']);

/** hintOf: boilerplate by a strong word (never overruled), by a weak one, neither, article. */
const STRONG = -2;

const CONSENT_RE = /consent|cookie|gdpr/;
// Taxonomy classes (WordPress' "category-video tag-share") name the story's topics, not the element.
const TAXONOMY_RE = /(?:^|\s)(?:category|tag|cat|post_tag|topic|section)[-_]\S*/g;

export function hintOf(el: El): number {
  if (!Number.isNaN(el.hint)) return el.hint;
  let hint = 0;
  // The body's classes are page state ("cookies-not-set", "has-sidebar"), never boilerplate.
  if (el.tag === 'body') hint = 0;
  else if (el.itemprop === 'articlebody' || el.role === 'main' || el.role === 'article') hint = 1;
  else if (NEGATIVE_TAGS.has(el.tag) || NEGATIVE_ROLES.has(el.role)) hint = -1;
  else if (el.classId) {
    const c = el.classId.replace(TAXONOMY_RE, ' ');
    // Embedded posts (tweets, Instagram posts) quoted by the story are part of it.
    if (EMBED_RE.test(c) && !/caption|credit/.test(c)) hint = 0;
    else if (STRONG_NEGATIVE_RE.test(c) || STRONG_NEGATIVE_TOKEN_RE.test(c)) hint = STRONG;
    else {
      const positive = POSITIVE_RE.test(c);
      if (!positive && (WEAK_NEGATIVE_RE.test(c) || WEAK_NEGATIVE_TOKEN_RE.test(c))) hint = -1;
      else if (positive) hint = 1;
    }
  }
  if (hint === 0 && (el.tag === 'article' || el.tag === 'main')) hint = 1;
  el.hint = hint;
  return hint;
}

// ---------------------------------------------------------------------------------------------
// Scoring

const GOOD_MIN = 70;
const GOOD_MIN_P = 35;
const SENTENCE_END_RE = /[.!?。！？…"'”’»)\]:;؟۔।]$/u;
// Short text (datelines, labels, headings) counts a little against an element; boilerplate fully.
const NEUTRAL_WEIGHT = 0.3;
const BAD_WEIGHT = 1;

// Short blocks that are page furniture in any article: ad labels, script notices, newsletter and
// sharing prompts.
const AD_LABEL_RE =
  /^(?:advertisement|advert|advertising|ads?|sponsored(?: content)?|anzeige|werbung|publicit[ée]|publicidad|publicidade|pubblicit[àa]|реклама|iklan|إعلان|פרסומת|広告|광고)\s*[:.]?$/iu;
const FURNITURE_RE =
  /requires javascript|enable javascript|javascript (?:is )?(?:disabled|required)|your browser does not support|newsletter|sign up for our|subscribe to our|(?:delivered|straight) to your inbox|^share (?:this|on)\b|^like this (?:story|article)|^follow us on\b/i;
const FURNITURE_MAX = 250;

export function isFurniture(text: string, len: number): boolean {
  return len <= FURNITURE_MAX && (AD_LABEL_RE.test(text) || FURNITURE_RE.test(text));
}

function classify(b: Block): BlockClass {
  const density = b.link / b.len;
  if (density > 0.5 || isFurniture(b.text, b.len)) return 'bad';
  if (b.kind === 'h' || b.kind === 'caption') return 'neutral';
  if (
    density <= 0.35 &&
    (b.len >= GOOD_MIN || (b.len >= GOOD_MIN_P && (b.kind === 'p' || SENTENCE_END_RE.test(b.text))))
  )
    return 'good';
  // A linked headline with a sentence of its own after it (a news roundup's item) reads as text.
  if (b.len - b.link >= GOOD_MIN) return 'good';
  return 'neutral';
}

function addUp(b: Block, cls: BlockClass): void {
  const good = cls === 'good' ? b.len - b.link : 0;
  const bad = cls === 'bad' ? b.len : 0;
  const neutral = cls === 'neutral' ? b.len : 0;
  for (let e: El | null = b.owner; e; e = e.parent) {
    e.text += b.len;
    e.link += b.link;
    e.good += good;
    e.bad += bad;
    e.neutral += neutral;
  }
}

function allElements(body: El): El[] {
  const out: El[] = [];
  const walk = (el: El): void => {
    out.push(el);
    for (const c of el.children) if (typeof c !== 'string') walk(c);
  };
  walk(body);
  return out;
}

/** In a boilerplate-named subtree; an element marked as the article body shields what it holds. */
function inNegative(el: El): boolean {
  for (let e: El | null = el; e; e = e.parent) {
    if (e.negative) return true;
    if (e.itemprop === 'articlebody') return false;
  }
  return false;
}

export interface ContentResult {
  container: El | null;
  /** The article's blocks. */
  blocks: Block[];
  /** Every block of the page. */
  all: Block[];
  /** Good text in the container over good text on the page. */
  share: number;
  goodChars: number;
}

function tally(blocks: readonly Block[], elements: readonly El[], hints: boolean): void {
  for (const el of elements) el.text = el.link = el.good = el.bad = el.neutral = 0;
  for (const b of blocks) {
    b.cls = b.base;
    if (hints && b.cls === 'good' && inNegative(b.owner)) b.cls = 'bad';
    addUp(b, b.cls);
  }
}

function argmax(elements: readonly El[], hints: boolean): El | null {
  let best: El | null = null;
  let bestScore = 0;
  for (const el of elements) {
    if (hints && el.negative) continue;
    let score = el.good - BAD_WEIGHT * el.bad - NEUTRAL_WEIGHT * el.neutral;
    if (hints && hintOf(el) > 0) score *= 1.05;
    // ">=": among equals the deepest (later in pre-order) wins.
    if (score >= bestScore && score > 0) {
      best = el;
      bestScore = score;
    }
  }
  return best;
}

/**
 * A listing of other stories: at least three children that each look like a teaser (a headline
 * link plus a short excerpt), making up most of the element's children that have text.
 */
function isListing(el: El): boolean {
  let withText = 0;
  let teasers = 0;
  for (const c of el.children) {
    if (typeof c === 'string' || c.text === 0) continue;
    withText++;
    if (c.good > 0 && c.good <= TEASER_MAX && c.bad > 0 && c.link >= 0.1 * c.text) teasers++;
  }
  return teasers >= 3 && teasers >= 0.5 * withText;
}
const TEASER_MAX = 600;

export interface ContentOptions {
  title?: string | null;
  author?: string | null;
}

export function findContent(body: El, { title, author }: ContentOptions = {}): ContentResult {
  const blocks = collectBlocks(body);
  const elements = allElements(body);
  for (const b of blocks) b.base = classify(b);
  // Without hints first: where the article-like text is, whatever the class names say.
  tally(blocks, elements, false);
  for (const el of elements) el.goodRaw = el.good;
  const totalGood = body.good;
  const plain = argmax(elements, false);
  const plainGood = plain ? plain.good : 0;
  // Then with them: boilerplate-named subtrees count against their ancestors.
  for (const el of elements) el.negative = hintOf(el) < 0 || isListing(el);
  tally(blocks, elements, true);
  let best = argmax(elements, true);
  // Hints that pick a part of the text-alone container refine it; hints that lead elsewhere, to
  // much less text, are suspect.
  const elsewhere = !best || (plain !== null && !isInside(best, plain));
  if (
    plain &&
    elsewhere &&
    (!best || best.good < 0.3 * plainGood || (best.good < SHORT_RESULT && plainGood >= 3 * best.good))
  ) {
    // The hints threw away most of the article: the names on its wrappers are layout names
    // ("side-of-rail", "page-with-sidebar", page builders' "widget-wrap" around every paragraph).
    // Believe the text: no hint on the way up to it, and below it only the strong words and the
    // listings. A cookie or consent notice stays what it is: if it is all there is, there is no story.
    for (let e: El | null = plain; e; e = e.parent) if (!CONSENT_RE.test(e.classId)) e.negative = false;
    forEachBelow(plain, (e) => {
      if (e.negative && hintOf(e) === -1 && !isListing(e)) e.negative = false;
    });
    tally(blocks, elements, true);
    best = argmax(elements, true);
  }
  if (!best) return { container: null, blocks: [], all: blocks, share: 0, goodChars: 0 };
  // The page's own word for its article body beats the arithmetic, unless it is mostly boilerplate.
  for (let e: El | null = best.parent; e; e = e.parent) {
    if (e.itemprop === 'articlebody' && !e.negative && e.bad <= e.good) best = e;
  }
  // Several stories in one container (the next story appended below, a blog's page of posts):
  // the page's story is the one that carries its headline.
  const titleKey = title ? squash(title) : '';
  if (titleKey.length >= 8) best = ownStory(best, blocks, titleKey) ?? best;
  const container = best;

  // Siblings that read like more of the article (a standfirst, a second body part split off by
  // an ad slot) join it.
  const roots = new Set<El>([container]);
  const parent = container.parent;
  if (parent) {
    for (const s of parent.children) {
      if (typeof s !== 'string' && s !== container && belongsWithArticle(s)) roots.add(s);
    }
  }
  const rootOf = (el: El): El | null => {
    for (let e: El | null = el; e; e = e.parent) {
      if (e.parent === parent || e === container) return roots.has(e) ? e : null;
    }
    return null;
  };

  // Prune inside.
  for (const r of roots) pruneElements(r);
  const authorKey = author ? squash(author) : '';
  const kept = blocks.filter((b) => {
    const root = rootOf(b.owner);
    if (!root || isRemoved(b.owner, root)) return false;
    if (b.kind === 'caption' || isFurniture(b.text, b.len)) return false;
    if (b.link > 0.5 * b.len && (b.kind !== 'p' || b.len - b.link < LINKED_SENTENCE_MIN)) return false;
    if (b.kind === 'h' && b.level === 1) return false;
    if (b.len < 300 && (titleKey || authorKey)) {
      // The headline and the byline repeated in the body.
      const key = squash(b.text);
      if (key === titleKey || (authorKey && (key === authorKey || key === `by${authorKey}`))) return false;
    }
    return true;
  });
  const trimmed = trimEdges(kept);
  return {
    container,
    blocks: trimmed,
    all: blocks,
    share: totalGood > 0 ? container.good / totalGood : 0,
    goodChars: container.good,
  };
}

/** Of two or more substantial <article> elements under `container`, the one holding the headline. */
function ownStory(container: El, blocks: readonly Block[], titleKey: string): El | null {
  const stories: El[] = [];
  forEachBelow(container, (e) => {
    if (e.tag === 'article' && e.goodRaw >= STORY_MIN && !stories.some((s) => isInside(e, s)))
      stories.push(e);
  });
  if (stories.length < 2) return null;
  for (const b of blocks) {
    if (b.len > 300 || (b.kind !== 'h' && b.level === 0 && b.len > 150)) continue;
    const key = squash(b.text);
    if (key.length < 8 || key.length < 0.3 * titleKey.length || !titleKey.includes(key)) continue;
    const story = stories.find((s) => isInside(b.owner, s));
    if (story) return story;
  }
  return null;
}
const STORY_MIN = 200;

function isInside(el: El, ancestor: El): boolean {
  for (let e: El | null = el; e; e = e.parent) if (e === ancestor) return true;
  return false;
}

function forEachBelow(el: El, fn: (e: El) => void): void {
  for (const c of el.children) {
    if (typeof c === 'string') continue;
    fn(c);
    forEachBelow(c, fn);
  }
}

function isRemoved(el: El, stop: El): boolean {
  for (let e: El | null = el; e && e !== stop; e = e.parent) if (e.removed) return true;
  return false;
}

const squash = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

function belongsWithArticle(s: El): boolean {
  // Another <article> beside the story is another story.
  return (
    s.tag !== 'article' &&
    !s.negative &&
    s.good >= SIBLING_MIN &&
    s.good >= 0.6 * s.text &&
    s.bad <= 0.1 * s.text
  );
}
const SIBLING_MIN = 80;
// Below this much good text, a result that the hints cut to a third of what the text alone found
// is not believed (a story is rarely that short; a wrapper misnamed is common).
const SHORT_RESULT = 400;
// A paragraph that is mostly one link still reads as a sentence when this much of it is not linked.
const LINKED_SENTENCE_MIN = 40;

function pruneElements(container: El): void {
  const walk = (el: El): void => {
    for (const c of el.children) {
      if (typeof c === 'string') continue;
      // A weakly named part ("widget", "slider") that holds much of the story is the story.
      if (c.negative && hintOf(c) === -1 && c.goodRaw >= 0.3 * container.goodRaw && c.link < 0.2 * c.text) {
        walk(c);
        continue;
      }
      if (c.negative || c.tag === 'figure' || c.tag === 'figcaption') {
        c.removed = true;
        continue;
      }
      // Link lists (related stories, tags, "more on this") inside the article.
      if (c.tag !== 'p' && c.text > 0 && c.link / c.text > 0.5 && c.good < 0.2 * container.good) {
        c.removed = true;
        continue;
      }
      walk(c);
    }
  };
  walk(container);
}

const BYLINE_RE = /^(?:by|von|par|por|di|door|av|af|przez|автор|от)\s+\p{Lu}/iu;

/** Before the story: datelines, bylines, kickers, photo credits. */
function isLeadingJunk(b: Block): boolean {
  if (b.base === 'good' || b.kind === 'h' || b.kind === 'li' || SENTENCE_END_RE.test(b.text)) return false;
  return true;
}

/** After the story: labels, share prompts, "more on this" headings; not list items with little link text. */
function isTrailingJunk(b: Block): boolean {
  if (b.base === 'good' || SENTENCE_END_RE.test(b.text)) return false;
  if (b.kind === 'li' && b.link <= 0.3 * b.len) return false;
  return true;
}

/** Leading and trailing short blocks (datelines, bylines, share labels) are not the story. */
function trimEdges(blocks: Block[]): Block[] {
  let start = 0;
  while (start < blocks.length && isLeadingJunk(blocks[start]!)) start++;
  let end = blocks.length;
  while (end > start && isTrailingJunk(blocks[end - 1]!)) end--;
  // A closing "more stories" section: a heading, then only list items that are largely links.
  for (let h = end - 1; h > start; h--) {
    const b = blocks[h]!;
    const heading =
      b.kind === 'h' ||
      (b.kind !== 'li' && b.base === 'neutral' && b.len < 80 && !SENTENCE_END_RE.test(b.text));
    if (!heading) {
      if (b.kind !== 'li') break;
      continue;
    }
    const tail = blocks.slice(h + 1, end);
    const len = tail.reduce((n, t) => n + t.len, 0);
    const link = tail.reduce((n, t) => n + t.link, 0);
    if (tail.length >= 2 && link > 0.3 * len) end = h;
    break;
  }
  return blocks.slice(start, end).filter((b) => !(b.len < 80 && BYLINE_RE.test(b.text)));
}

export function blocksToText(blocks: readonly Block[]): string {
  return blocks.map((b) => b.text).join('\n\n');
}

export type { Child };

const ANCHOR_RE = /<a href="([^"]*)">([\s\S]*?)<\/a>/g;
const unescapeAttr = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"' })[e] ?? '');

/** Links resolved against the page's URL; one that is not http(s) or mailto is unwrapped to its text. */
function resolveLinks(html: string, base: string | undefined): string {
  if (!html.includes('<a ')) return html;
  return html.replace(ANCHOR_RE, (_, href: string, inner: string) => {
    const safe = safeHref(unescapeAttr(href), base);
    return safe ? `<a href="${escapeHtml(safe)}">${inner}</a>` : inner;
  });
}

/** The kept blocks as sanitised article markup: p, h1-h6, ul/ol/li, blockquote, a[href], em, strong, br. */
export function blocksToHtml(blocks: readonly Block[], base?: string): string {
  const out: string[] = [];
  let list: El | null = null;
  let item: El | null = null;
  let quote: El | null = null;
  // "<li>" and "</li>" stick to the item's first and last piece: <li>text</li>, one per line.
  let liPending = false;
  const push = (piece: string): void => {
    out.push(liPending ? `<li>${piece}` : piece);
    liPending = false;
  };
  const closeItem = (): void => {
    if (item && !liPending) out[out.length - 1] += '</li>';
    item = null;
    liPending = false;
  };
  const closeList = (): void => {
    closeItem();
    if (list) out.push(list.tag === 'ol' ? '</ol>' : '</ul>');
    list = null;
  };
  const closeQuote = (): void => {
    closeList();
    if (quote) out.push('</blockquote>');
    quote = null;
  };
  for (const b of blocks) {
    if (b.quote !== quote) {
      closeQuote();
      if (b.quote) out.push('<blockquote>');
      quote = b.quote;
    }
    const l = b.item ? listOf(b.item) : null;
    if (l !== list) {
      closeList();
      if (l) out.push(l.tag === 'ol' ? '<ol>' : '<ul>');
      list = l;
    }
    if (b.item !== item) {
      closeItem();
      liPending = b.item !== null;
      item = b.item;
    }
    const html = resolveLinks(b.html, base);
    if (b.kind === 'h') push(`<h${b.level}>${html}</h${b.level}>`);
    else if (item) push(item === b.owner ? html : `<p>${html}</p>`);
    else push(`<p>${html}</p>`);
  }
  closeQuote();
  return out.join('\n');
}

function listOf(item: El): El {
  for (let e: El | null = item.parent; e; e = e.parent) if (e.tag === 'ul' || e.tag === 'ol') return e;
  // A list item outside a list: give it one.
  return item;
}
