export interface CanonicalUrlOptions {
  /** More query parameter names to drop; same syntax as {@link DEFAULT_TRACKING_PARAMS}. */
  extraTrackingParams?: string[];
}

/**
 * Query parameters that only say how a reader arrived, never which document it is. Matched
 * case-insensitively; a trailing `*` makes the entry a prefix (`utm_*`). `ref` is not here: it is
 * too often a real parameter, see {@link TRACKING_REF_VALUES}.
 */
export const DEFAULT_TRACKING_PARAMS: readonly string[] = Object.freeze([
  // Google Analytics / Ads, Matomo/Piwik, HubSpot, Marketo, Mailchimp
  'utm_*',
  '_ga',
  '_gl',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'mtm_*',
  'pk_*',
  '_hsenc',
  '_hsmi',
  'hsa_*',
  'mkt_tok',
  'mc_cid',
  'mc_eid',
  // social networks and ad networks
  'fbclid',
  'igshid',
  'igsh',
  'msclkid',
  'yclid',
  'ttclid',
  'twclid',
  'li_fat_id',
  'ref_src',
  'ref_url',
  's_cid',
  // AT Internet / Piano (French and Belgian publishers), Webtrends, comScore, Adobe
  'at_*',
  'xtor',
  'xtref',
  'xtcr',
  'wt_*',
  'wt.*',
  'ns_*',
  'icid',
  'cmpid',
  'cmp',
  'ito',
  'ocid',
  'ncid',
  'smid',
  'sr_share',
  'spm',
  'vero_id',
  'oly_anon_id',
  'oly_enc_id',
  'rb_clickid',
  'dlvrit',
]);

/**
 * `ref=` is dropped only when its value names a distribution channel. `?ref=v2` or `?ref=12345` may
 * select content and are kept.
 */
export const TRACKING_REF_VALUES: readonly string[] = Object.freeze([
  'rss',
  'feed',
  'feeds',
  'twitter',
  'tw',
  'x',
  'facebook',
  'fb',
  'linkedin',
  'whatsapp',
  'telegram',
  'social',
  'share',
  'newsletter',
  'email',
  'mail',
  'homepage',
  'hp',
  'frontpage',
  'push',
  'app',
  'flipboard',
  'googlenews',
  'google_news',
  'msn',
  'yahoo',
  'dlvr.it',
]);

interface Matcher {
  exact: Set<string>;
  prefixes: string[];
}

function compile(names: readonly string[]): Matcher {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const raw of names) {
    const name = raw.trim().toLowerCase();
    if (!name) continue;
    if (name.endsWith('*')) prefixes.push(name.slice(0, -1));
    else exact.add(name);
  }
  return { exact, prefixes };
}

const DEFAULT_MATCHER = compile(DEFAULT_TRACKING_PARAMS);
const REF_VALUES = new Set(TRACKING_REF_VALUES);
// Callers normally pass the same config array on every call; compile it once per array.
const extraMatchers = new WeakMap<string[], Matcher>();

function matches(m: Matcher, name: string): boolean {
  if (m.exact.has(name)) return true;
  for (const p of m.prefixes) if (name.startsWith(p)) return true;
  return false;
}

function isTracking(name: string, value: string, extra: Matcher | null): boolean {
  if (matches(DEFAULT_MATCHER, name) || (extra !== null && matches(extra, name))) return true;
  if (name === 'ref') return REF_VALUES.has(value.toLowerCase());
  // AMP markers in the query: `?amp`, `?amp=1`, `?amp=true`, `?outputType=amp`.
  if (name === 'amp') return value === '' || value === '1' || value === 'true';
  if (name === 'outputtype') return value.toLowerCase() === 'amp';
  return false;
}

const PCT_RE = /%([0-9a-fA-F]{2})/g;
const UNRESERVED_RE = /[A-Za-z0-9\-._~]/;
const AMP_ENTITY_RE = /&amp;/gi;
const HTTP_SCHEME_RE = /^https?:\/\//i;
const TRAILING_DOT_RE = /\.$/;
const PLUS_RE = /\+/g;

// RFC 3986 §6.2.2: %41 and A are the same URL, %2f and %2F too; reserved characters stay encoded because
// decoding them can change the meaning ("/a%2Fb" is one path segment).
function normalisePercent(s: string): string {
  if (!s.includes('%')) return s;
  return s.replace(PCT_RE, (_m, hex: string) => {
    const ch = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED_RE.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

function decodeParamName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(PLUS_RE, ' ')).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

const INDEX_FILE_RE = /^(?:index|default)\.(?:html?|shtml|php|aspx?|jsp)$/i;
const AMP_HTML_RE = /\.amp(\.html?)$/i;
const AMP_SUFFIX_RE = /\.amp$/i;
// Host prefixes that mark an alternative rendering of the same site. Only stripped when at least two
// labels remain, so `m.me` or `mobile.de` (a real site) are left alone.
const HOST_VARIANT_RE = /^(?:(?:amp|m|mobile)\.)+(?=[^.]+\.[^.]+)/;

function canonicalPath(pathname: string): string {
  const segments = pathname.split('/');
  const kept: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] ?? '';
    // An `/amp/` segment (or trailing `/amp`) is the AMP rendering of the article around it.
    if (seg.toLowerCase() === 'amp' && i > 0) continue;
    kept.push(seg);
  }
  // Fold the tail until nothing changes, so that canonicalizing a canonical URL is a no-op
  // ("/a/index.html/" → "/a/index.html" → "/a").
  for (;;) {
    const last = kept.length - 1;
    const tail = kept[last] ?? '';
    if (last < 1) break;
    // "/news/" equals "/news"; the root keeps its slash.
    if (tail === '' || INDEX_FILE_RE.test(tail)) kept.pop();
    else if (AMP_HTML_RE.test(tail)) kept[last] = tail.replace(AMP_HTML_RE, '$1');
    else if (AMP_SUFFIX_RE.test(tail) && tail.length > 4) kept[last] = tail.slice(0, -4);
    else break;
  }
  const path = kept.join('/');
  return path === '' ? '/' : normalisePercent(path);
}

function canonicalQuery(search: string, extra: Matcher | null): string {
  if (search.length <= 1) return '';
  const params: { key: string; raw: string }[] = [];
  for (const part of search.slice(1).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawName = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? '' : part.slice(eq + 1);
    const name = decodeParamName(rawName);
    if (isTracking(name, decodeParamName(rawValue), extra)) continue;
    params.push({ key: normalisePercent(rawName), raw: normalisePercent(part) });
  }
  if (params.length === 0) return '';
  // Sort by name only (stable), so repeated parameters keep their relative order, which can matter.
  params.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return `?${params.map((p) => p.raw).join('&')}`;
}

/**
 * Canonical form of an article URL for deduplication, or null when it is not an absolute http(s) URL.
 *
 * WHATWG URL parsing already lower-cases scheme and host, converts IDN hosts to punycode, drops default
 * ports and resolves dot segments. On top of that: fragment and tracking parameters dropped, the rest
 * sorted by name, percent-encoding normalised, trailing slash and index files folded, and AMP/mobile
 * variants mapped to the main URL where the URL itself says so: host prefixes `amp.`, `m.`, `mobile.`;
 * a path segment `amp`; file names `*.amp.html` and `*.amp`; query `amp`, `amp=1|true`, `outputType=amp`.
 * Not mapped (too site-specific): `/mobile/` paths, `amp-` slugs, AMP cache hosts (`*.cdn.ampproject.org`).
 * `www.` is kept because the result is published as a link and apex domains do not always resolve; the
 * article id leaves it out instead (`urlIdentity` in @wirestream/dedupe).
 */
export function canonicalizeUrl(url: string, options?: CanonicalUrlOptions): string | null {
  if (typeof url !== 'string') return null;
  // "&amp;" in a URL is an HTML escape that survived the feed parser; as a literal it would turn
  // "utm_source" into the unknown parameter "amp;utm_source".
  const trimmed = url.trim().replace(AMP_ENTITY_RE, '&');
  if (!HTTP_SCHEME_RE.test(trimmed)) return null;
  let u: URL;
  try {
    u = new URL(trimmed);
  } catch {
    return null;
  }
  if (u.hostname === '') return null;

  let extra: Matcher | null = null;
  const extraNames = options?.extraTrackingParams;
  if (extraNames && extraNames.length > 0) {
    extra = extraMatchers.get(extraNames) ?? compile(extraNames);
    extraMatchers.set(extraNames, extra);
  }

  let host = u.hostname.replace(TRAILING_DOT_RE, '').replace(HOST_VARIANT_RE, '');
  // "http://./x": a host of dots only leaves nothing to link to.
  if (host === '') return null;
  if (u.port) host += `:${u.port}`;
  const auth = u.username ? `${u.username}${u.password ? `:${u.password}` : ''}@` : '';
  return `${u.protocol}//${auth}${host}${canonicalPath(u.pathname)}${canonicalQuery(u.search, extra)}`;
}

/**
 * Canonical form of a media URL (an image, a thumbnail), resolved against `base` when relative, or null
 * when it is not http(s). Unlike {@link canonicalizeUrl} the query is kept whole and the path untouched
 * apart from percent-encoding: image CDNs select size, crop and format by query and file name, so
 * "tracking-looking" parameters or an `amp` segment may name a different file.
 */
export function canonicalizeAssetUrl(url: string, base?: string | null): string | null {
  if (typeof url !== 'string') return null;
  const trimmed = url.trim().replace(AMP_ENTITY_RE, '&');
  if (trimmed === '') return null;
  let u: URL;
  try {
    // Protocol-relative ("//cdn.example/a.jpg") and relative references need the page they sit in.
    u = base ? new URL(trimmed, base) : new URL(trimmed);
  } catch {
    return null;
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.hostname === '') return null;
  const bare = u.hostname.replace(TRAILING_DOT_RE, '');
  if (bare === '') return null;
  const host = bare + (u.port ? `:${u.port}` : '');
  const auth = u.username ? `${u.username}${u.password ? `:${u.password}` : ''}@` : '';
  return `${u.protocol}//${auth}${host}${normalisePercent(u.pathname)}${normalisePercent(u.search)}`;
}
