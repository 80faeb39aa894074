import { load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { resolveUrl } from './urls.js';

/** Dropped together with everything inside them: executable or embedding content. */
const DROP_WITH_CONTENT = new Set([
  'script',
  'style',
  'applet',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'noembed',
  'noframes',
  'template',
  'svg',
  'math',
  'head',
  'title',
  'xml',
]);

/** Ordinary content markup. Anything else (html, body, font tricks, blink, meta...) is unwrapped. */
const ALLOWED_ELEMENTS = new Set(
  (
    'a abbr acronym address area article aside audio b bdi bdo big blockquote br button caption center ' +
    'cite code col colgroup dd del details dfn dir div dl dt em fieldset figcaption figure font footer ' +
    'h1 h2 h3 h4 h5 h6 header hr i img ins kbd label legend li map mark menu meter nav ol optgroup ' +
    'option p pre progress q rp rt ruby s samp section select small source span strike strong sub ' +
    'summary sup table tbody td textarea tfoot th thead time tr track tt u ul var video wbr'
  ).split(' '),
);

const VOID_ELEMENTS = new Set('area br col hr img input source track wbr'.split(' '));

const ALLOWED_ATTRIBUTES = new Set(
  (
    'abbr accept accept-charset accesskey align alt autocomplete autofocus axis background balance ' +
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
  // Browsers ignore control characters and whitespace inside the scheme ("java\tscript:").
  const compact = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(compact)?.[1];
  if (scheme === 'javascript' || scheme === 'vbscript' || scheme === 'livescript') return null;
  if (scheme === 'data') return attribute === 'src' && compact.startsWith('data:image/') ? value.trim() : null;
  return resolveUrl(value, base);
}

function sanitizeStyle(style: string): string | null {
  // Anything that can fetch or evaluate is refused outright rather than repaired.
  if (/url\s*\(|expression|javascript|behaviou?r|-moz-binding|@import|\\/i.test(style)) return null;
  const kept: string[] = [];
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).trim();
    if (!value) continue;
    const shorthand = CSS_SHORTHAND_PREFIXES.some((p) => property === p || property.startsWith(`${p}-`));
    if (ALLOWED_CSS.has(property) || shorthand) kept.push(`${property}: ${value};`);
  }
  return kept.length > 0 ? kept.join(' ') : null;
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}

function serializeElement(el: Element, base: string | null): string {
  const name = el.name.toLowerCase();
  if (DROP_WITH_CONTENT.has(name)) return '';
  const inner = serializeChildren(el.children, base);
  if (!ALLOWED_ELEMENTS.has(name)) return inner;
  let attributes = '';
  for (const [rawName, rawValue] of Object.entries(el.attribs)) {
    const attrName = rawName.toLowerCase();
    if (!ALLOWED_ATTRIBUTES.has(attrName)) continue;
    let value: string | null = rawValue;
    if (URL_ATTRIBUTES.has(attrName)) value = safeUrl(rawValue, attrName, base);
    else if (attrName === 'style') value = sanitizeStyle(rawValue);
    if (value === null) continue;
    attributes += ` ${attrName}="${escapeAttribute(value)}"`;
  }
  if (VOID_ELEMENTS.has(name)) return `<${name}${attributes} />`;
  return `<${name}${attributes}>${inner}</${name}>`;
}

function serializeChildren(nodes: AnyNode[], base: string | null): string {
  let out = '';
  for (const node of nodes) {
    if (isText(node)) out += escapeText(node.data);
    else if (isTag(node)) out += serializeElement(node, base);
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
  return serializeChildren($.root().contents().toArray(), base).trim();
}

const MARKUP_HINT = /<[a-z!/?]|&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

/** Titles are plain text: strip markup a feed put there and decode its entities. */
export function htmlToText(value: string): string {
  if (!MARKUP_HINT.test(value)) return value.trim();
  const $ = load(value, null, false);
  const collect = (nodes: AnyNode[]): string => {
    let out = '';
    for (const node of nodes) {
      if (isText(node)) out += node.data;
      else if (isTag(node) && !DROP_WITH_CONTENT.has(node.name.toLowerCase())) {
        out += node.name.toLowerCase() === 'br' ? ' ' : collect(node.children);
      }
    }
    return out;
  };
  return collect($.root().contents().toArray()).trim();
}

/** Plain text made safe to embed where HTML is expected (Atom type="text", JSON content_text). */
export function textToHtml(value: string): string {
  return escapeText(value).trim();
}
