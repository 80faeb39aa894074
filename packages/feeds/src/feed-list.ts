/**
 * The feed list (the registry of feeds a deployment polls): YAML or OPML in, validated FeedSources
 * out, each with a stable id. Read by the fetcher, the monitor, replay's backfill and the CLI; moved
 * here from the fetcher so that none of them reaches into another. Reading the file is the only I/O.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { SaxesParser } from 'saxes';
import { parse as parseYaml } from 'yaml';
import { FeedList, FeedSource, validate } from '@wirestream/contract';

/**
 * A stable id for a feed listed without one: readable host and path, plus a hash of the whole URL
 * so two URLs that slug alike still differ. The same URL always gives the same id, so its state in
 * Redis survives a reload or a restart.
 */
export function feedIdFromUrl(url: string): string {
  let readable = url;
  try {
    const u = new URL(url);
    readable = `${u.hostname}${u.pathname}`;
  } catch {
    // not a URL: validation reports it; the id only has to be well-formed
  }
  const slug = readable
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, 60);
  const hash = createHash('sha256').update(url).digest('hex').slice(0, 8);
  return slug ? `${slug}-${hash}` : hash;
}

/** The feeds of an OPML subscription list: every outline with an xmlUrl, however deeply nested. */
export function parseOpml(text: string): unknown[] {
  const parser = new SaxesParser({ xmlns: false });
  const feeds: Record<string, unknown>[] = [];
  let sawOpml = false;
  parser.on('opentag', (tag) => {
    const name = tag.name.toLowerCase();
    if (name === 'opml') sawOpml = true;
    if (name !== 'outline') return;
    const attr = (key: string): string | undefined => {
      const found = Object.entries(tag.attributes).find(([k]) => k.toLowerCase() === key.toLowerCase());
      const value = typeof found?.[1] === 'string' ? found[1].trim() : undefined;
      return value || undefined;
    };
    const url = attr('xmlUrl');
    if (!url) return; // a category folder
    const title = attr('title') ?? attr('text');
    let host = url;
    try {
      host = new URL(url).hostname;
    } catch {
      // left to validation
    }
    const interval = Number(attr('intervalSeconds'));
    feeds.push({
      ...(attr('id') ? { id: attr('id') } : {}),
      url,
      // OPML has no agency; the outline's title is the closest thing a reader app writes.
      agency: title ?? host,
      ...(title ? { name: title } : {}),
      ...(attr('language') ? { language: attr('language') } : {}),
      ...(Number.isInteger(interval) && interval > 0 ? { intervalSeconds: interval } : {}),
    });
  });
  parser.write(text).close();
  if (!sawOpml) throw new Error('not an OPML document (no <opml> root)');
  return feeds;
}

const looksLikeOpml = (file: string, text: string): boolean => {
  const ext = extname(file).toLowerCase();
  if (ext === '.opml') return true;
  if (ext === '.yaml' || ext === '.yml') return false;
  return /^\uFEFF?\s*</.test(text) && /<opml[\s>]/i.test(text.slice(0, 4096));
};

/**
 * Reads a feed list, YAML or OPML (by extension, else by content). `{{name}}` placeholders are
 * filled from `vars` (the bundled samples use `{{base}}` for the address of the local sample
 * server). Feeds listed without an id get one derived from their URL.
 */
export function loadFeedList(file: string, vars: Record<string, string> = {}): FeedSource[] {
  const text = readFileSync(file, 'utf8').replace(
    /\{\{(\w+)\}\}/g,
    (whole, name: string) => vars[name] ?? whole,
  );
  const raw: unknown = looksLikeOpml(file, text) ? { feeds: parseOpml(text) } : parseYaml(text);
  const list = validate(FeedList, raw, `feed list ${file}`).feeds;
  const feeds = list.map((entry) => ({ ...entry, id: entry.id ?? feedIdFromUrl(entry.url) }));
  const seen = new Set<string>();
  for (const feed of feeds) {
    // A derived id collides only when a URL is listed twice (or a given id equals a derived one).
    if (seen.has(feed.id)) throw new Error(`feed list ${file}: duplicate feed id ${feed.id} (${feed.url})`);
    seen.add(feed.id);
  }
  return feeds.map((feed) => validate(FeedSource, feed, `feed list ${file}`));
}
