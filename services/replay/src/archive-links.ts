/** How a feed exposes its older items. */
export type PagingStyle = 'archive' | 'paged' | 'page';

const TAG = /<(?:[\w-]+:)?link\b([^>]*)>/gi;
const ATTRIBUTE = /([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

const unescapeXml = (text: string): string =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

const resolve = (href: string, base: string): string | null => {
  try {
    return new URL(unescapeXml(href.trim()), base).toString();
  } catch {
    return null;
  }
};

/**
 * The RFC 5005 `prev-archive` link of a feed document (Atom `<link>` or `<atom:link>` in RSS),
 * resolved against the document URL; for a JSON Feed, its `next_url`. Null when there is none.
 */
export function previousArchiveUrl(text: string, documentUrl: string): string | null {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      const next = (JSON.parse(trimmed) as { next_url?: unknown }).next_url;
      return typeof next === 'string' ? resolve(next, documentUrl) : null;
    } catch {
      return null;
    }
  }
  for (const tag of text.matchAll(TAG)) {
    const attributes = new Map<string, string>();
    for (const [, name, double, single] of tag[1]!.matchAll(ATTRIBUTE))
      attributes.set(name!.toLowerCase(), double ?? single ?? '');
    const rel = (attributes.get('rel') ?? '').toLowerCase().split(/\s+/);
    const href = attributes.get('href');
    if (href && rel.includes('prev-archive')) return resolve(href, documentUrl);
  }
  return null;
}

/** Page `n` of a paged feed: `?paged=n` (WordPress) or `?page=n`, other query parameters kept. */
export function pageUrl(feedUrl: string, style: 'paged' | 'page', n: number): string {
  const url = new URL(feedUrl);
  url.searchParams.set(style, String(n));
  return url.toString();
}
