import { load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { resolveUrl } from './urls.js';

/**
 * Dropped together with everything inside them: executable code, and elements whose content
 * browsers read as raw text (so it is not markup we could check). Embeds (iframe, object, embed,
 * applet) lose their tag but keep their fallback content, which is meant for plain readers and
 * is escaped like any other text.
 */
const DROP_WITH_CONTENT = new Set([
  'script',
  'style',
  'noembed',
  'noframes',
  'noscript',
  'template',
  'xmp',
  'plaintext',
  'svg',
  'math',
]);

/**
 * Ordinary content markup. Anything else (html, body, blink, meta, ...) is unwrapped, text kept.
 * Unlike feedparser we also unwrap form controls (form, input, button, select, textarea, ...):
 * a form inside trusted news content that posts to the publisher's server is a phishing vector.
 */
const ALLOWED_ELEMENTS = new Set(
  (
    'a abbr acronym address area article aside audio b bdi bdo big blockquote br canvas caption ' +
    'center cite code col colgroup datagrid dd del details dfn dialog dir div dl dt em fieldset ' +
    'figcaption figure font footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd label legend li m map ' +
    'mark menu meter multicol nav nextid ol p pre progress q rp rt ruby s samp section small sound ' +
    'source spacer span strike strong sub summary sup table tbody td tfoot th thead time tr track tt u ' +
    'ul var video wbr'
  ).split(' '),
);

const VOID_ELEMENTS = new Set('area br col hr img source track wbr'.split(' '));

const ALLOWED_ATTRIBUTES = new Set(
  (
    'abbr accept accept-charset accesskey action align alt autocomplete autofocus axis background balance ' +
    'bgcolor bgproperties border bordercolor bordercolordark bordercolorlight bottompadding cellpadding ' +
    'cellspacing ch challenge char charoff charset checked choff cite class clear color cols colspan ' +
    'compact contenteditable controls coords data datafld datapagesize datasrc datetime default delay ' +
    'dir disabled draggable dynsrc enctype end face for form frame galleryimg gutter headers height ' +
    'hidefocus hidden high href hreflang hspace icon id inputmode ismap keytype label lang leftspacing ' +
    'list longdesc loop loopcount loopend loopstart low lowsrc max maxlength media method min multiple ' +
    'name nohref noshade nowrap open optimum pattern ping point-size poster pqg preload prompt ' +
    'radiogroup readonly rel repeat-max repeat-min replace required rev rightspacing rows rowspan ' +
    'rules scope selected shape size span src start step style summary suppress tabindex target ' +
    'template title toppadding type unselectable urn usemap valign value variable volume vrml vspace ' +
    'width wrap xml:lang'
  ).split(' '),
);

const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'cite',
  'background',
  'longdesc',
  'lowsrc',
  'dynsrc',
  'poster',
  'usemap',
  'action',
  'data',
]);

/** Colour, font, spacing and layout properties; nothing that can load a resource or run code. */
const ALLOWED_CSS = new Set(
  (
    'azimuth background-color border-bottom-color border-collapse border-color border-left-color ' +
    'border-right-color border-top-color clear color cursor direction display elevation float font ' +
    'font-family font-size font-style font-variant font-weight height letter-spacing line-height ' +
    'overflow pause pause-after pause-before pitch pitch-range richness speak speak-header ' +
    'speak-numeral speak-punctuation speech-rate stress text-align text-decoration text-indent ' +
    'unicode-bidi vertical-align voice-family volume white-space width'
  ).split(' '),
);
const CSS_SHORTHAND_PREFIXES = ['background', 'border', 'margin', 'padding'];

function safeUrl(value: string, attribute: string, base: string | null): string | null {
  if (!value.trim()) return '';
  // Browsers ignore control characters and whitespace inside the scheme ("java\tscript:").
  const compact = Array.from(value)
    .filter((ch) => {
      const code = ch.charCodeAt(0);
      return code > 0x20 && (code < 0x7f || code > 0x9f);
    })
    .join('')
    .toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(compact)?.[1];
  if (scheme === 'javascript' || scheme === 'vbscript' || scheme === 'livescript') return null;
  if (scheme === 'data')
    return attribute === 'src' && compact.startsWith('data:image/') ? value.trim() : null;
  return resolveUrl(value, base);
}

const CSS_KEYWORDS = new Set(
  (
    'auto aqua black block blue bold both bottom brown center collapse dashed dotted fuchsia gray ' +
    'green !important italic left lime maroon medium none navy normal nowrap olive pointer purple red ' +
    'right solid silver teal top transparent underline white yellow'
  ).split(' '),
);
const CSS_VALUE =
  /^(#[0-9a-f]+|rgb\(\d+%?,\d*%?,?\d*%?\)?|\d{0,2}\.?\d{0,2}(cm|em|ex|in|mm|pc|pt|px|%|,|\))?)$/i;
/** Only harmless characters: no backslash escapes, comments, "@", or calls other than rgb(...). */
const CSS_SAFE_CHARACTERS = /^([:,;#%.\sa-zA-Z0-9!]|\w-\w|'[\s\w]+'|"[\s\w]+"|\([\d,\s]+\))*$/;
const CSS_DECLARATIONS = /^\s*([-\w]+\s*:[^:;]*(;\s*|$))*$/;

/**
 * Allow-list CSS filter: url(...) references are cut out first, then a style that still contains
 * anything unusual is dropped whole; of the rest, only known-harmless properties survive, and
 * shorthand box properties only with plain keyword/length/colour values.
 */
const MAX_STYLE_LENGTH = 2048;

function sanitizeStyle(style: string): string | null {
  // Inline styles in articles are short; a huge one is not worth running the filters over.
  if (style.length > MAX_STYLE_LENGTH) return null;
  const withoutUrls = style.replace(/url\s*\(\s*[^\s)]+?\s*\)\s*/gi, ' ');
  if (!CSS_SAFE_CHARACTERS.test(withoutUrls) || !CSS_DECLARATIONS.test(withoutUrls)) return null;
  const kept: string[] = [];
  for (const match of withoutUrls.matchAll(/([-\w]+)\s*:\s*([^:;]*)/g)) {
    // Property and value are kept as written; only the decision is case-insensitive.
    const written = match[1] ?? '';
    const property = written.toLowerCase();
    const value = match[2] ?? '';
    if (!value.trim()) continue;
    const words = value.trim().split(/\s+/);
    const shorthand = CSS_SHORTHAND_PREFIXES.includes(property.split('-')[0] ?? '');
    const plain = words.every((word) => CSS_KEYWORDS.has(word.toLowerCase()) || CSS_VALUE.test(word));
    if (ALLOWED_CSS.has(property) || (shorthand && plain)) kept.push(`${written}: ${value};`);
  }
  return kept.length > 0 ? kept.join(' ') : null;
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}

/**
 * Elements browsers parse as raw text but whose text is markup meant for other readers; an
 * unclosed <iframe> swallows the rest of the content this way.
 */
const RAW_TEXT_FALLBACK = new Set(['iframe']);
const MAX_REPARSE_DEPTH = 3;
/** Below this nesting markup is flattened to text: no article needs it, and it bounds recursion. */
const MAX_NESTING = 200;

interface Walk {
  base: string | null;
  reparse: number;
  nesting: number;
}

/** Text of a subtree without recursion (hostile input can nest 100,000 deep), minus dropped elements. */
function flatText(nodes: AnyNode[]): string {
  let out = '';
  const pending: AnyNode[] = [...nodes].reverse();
  while (pending.length > 0) {
    const node = pending.pop();
    if (!node) break;
    if (isText(node)) out += node.data;
    else if (isTag(node) && !DROP_WITH_CONTENT.has(node.name.toLowerCase())) {
      if (node.name.toLowerCase() === 'br') out += ' ';
      else for (let i = node.children.length - 1; i >= 0; i--) pending.push(node.children[i] as AnyNode);
    }
  }
  return out;
}

function serializeElement(el: Element, walk: Walk): string {
  const name = el.name.toLowerCase();
  if (DROP_WITH_CONTENT.has(name)) return '';
  if (walk.nesting >= MAX_NESTING) return escapeText(flatText(el.children));
  if (RAW_TEXT_FALLBACK.has(name)) {
    const text = el.children.map((child) => (isText(child) ? child.data : '')).join('');
    if (walk.reparse >= MAX_REPARSE_DEPTH) return escapeText(text);
    const reparsed = load(text, null, false).root().contents().toArray();
    return serializeChildren(reparsed, { ...walk, reparse: walk.reparse + 1 });
  }
  const inner = serializeChildren(el.children, { ...walk, nesting: walk.nesting + 1 });
  if (!ALLOWED_ELEMENTS.has(name)) return inner;
  let attributes = '';
  for (const [rawName, rawValue] of Object.entries(el.attribs)) {
    const attrName = rawName.toLowerCase();
    if (!ALLOWED_ATTRIBUTES.has(attrName)) continue;
    let value: string | null = rawValue;
    if (URL_ATTRIBUTES.has(attrName)) value = safeUrl(rawValue, attrName, walk.base);
    else if (attrName === 'style') value = sanitizeStyle(rawValue);
    if (value === null) continue;
    attributes += ` ${attrName}="${escapeAttribute(value)}"`;
  }
  if (VOID_ELEMENTS.has(name)) return `<${name}${attributes} />`;
  return `<${name}${attributes}>${inner}</${name}>`;
}

function serializeChildren(nodes: AnyNode[], walk: Walk): string {
  let out = '';
  for (const node of nodes) {
    if (isText(node)) out += escapeText(node.data);
    else if (isTag(node)) out += serializeElement(node, walk);
    // Comments, processing instructions and doctypes are dropped: they carry no content.
  }
  return out;
}

/**
 * Sanitise feed HTML for downstream display: an allow-list of ordinary markup and attributes,
 * scripts/styles/embeds removed with their content, event handlers and script URLs removed,
 * relative URLs made absolute against `base`. Parsing uses parse5 (browser rules), so what we
 * check is what a browser would see.
 */
export function sanitizeHtml(html: string, base: string | null): string {
  if (!/[<&]/.test(html)) return html.trim();
  const $ = load(html, null, false);
  return serializeChildren($.root().contents().toArray(), { base, reparse: 0, nesting: 0 }).trim();
}

const MARKUP_HINT = /<[a-z!/?]|&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

/** Titles are plain text: strip markup a feed put there and decode its entities. */
export function htmlToText(value: string): string {
  if (!MARKUP_HINT.test(value)) return value.trim();
  return flatText(load(value, null, false).root().contents().toArray()).trim();
}

/** Plain text made safe to embed where HTML is expected (Atom type="text", JSON content_text). */
export function textToHtml(value: string): string {
  return escapeText(value).trim();
}
