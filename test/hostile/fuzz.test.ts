/**
 * Property-based fuzzing of the feed parser and the normaliser: arbitrary and mutated XML and JSON
 * never make them throw anything but FeedParseError, never hang, and what comes out keeps its
 * invariants. Bounded for CI (a fixed seed, a run count and a time budget); longer runs:
 *
 *   FUZZ_RUNS=20000 FUZZ_TIME_MS=600000 FUZZ_SEED=$RANDOM pnpm vitest run --project integration test/hostile/fuzz.test.ts
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeedParseError, parseFeed, type ParsedFeed } from '@wirestream/feeds';
import { canonicalizeUrl, cleanText, htmlToText, parseDate, resolvePublishedAt } from '@wirestream/normalize';

const SEED = Number(process.env.FUZZ_SEED ?? 20251128);
/** Runs per property; by default the whole file stays under 20 s. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
/** Time budget per property: the run stops early (and passes) once it is spent. */
const TIME_MS = Number(process.env.FUZZ_TIME_MS ?? 2_500);
/** One parse taking longer than this counts as a hang. */
const HANG_MS = 2_000;

const settings = <T>(): fc.Parameters<T> => ({
  seed: SEED,
  numRuns: RUNS,
  interruptAfterTimeLimit: TIME_MS,
  markInterruptAsFailure: false,
  endOnFailure: true,
});

const root = new URL('../../', import.meta.url);
const SEEDS = [
  'examples/feeds/nordwire/world.xml',
  'examples/feeds/continental/world.atom',
  'examples/feeds/donau/nachrichten.rdf',
  'examples/feeds/atlantic/latest.json',
].map((path) => readFileSync(new URL(path, root), 'utf8').slice(0, 6_000));

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** What XML and JSON parsers trip over, spliced into otherwise valid feeds. */
const NASTY = [
  '<',
  '>',
  '&',
  '&amp;',
  '&#0;',
  '&#x110000;',
  '&lol;',
  ']]>',
  '<![CDATA[',
  '<!--',
  '<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>',
  '<!ENTITY x SYSTEM "file:///etc/passwd">',
  '<?xml version="1.0" encoding="utf-16"?>',
  '\u0000',
  '\u001b[31m',
  '\uFFFE',
  '\uD800',
  '"',
  '{',
  '}',
  '[',
  ']',
  '\\u0000',
  'null',
  '1e309',
  '<item>',
  '</item>',
  '<title>',
  '<pubDate>Fri, 31 Dec 9999 23:59:59 GMT</pubDate>',
  'xmlns:a="',
];

type Mutation =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number }
  | { op: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'binary', maxLength: 8 })),
  }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    op: fc.constant('duplicate' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 200 }),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(text: string, mutations: Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    if (m.op === 'insert') out = out.slice(0, at) + m.text + out.slice(at);
    else if (m.op === 'delete') out = out.slice(0, at) + out.slice(at + m.length);
    else if (m.op === 'duplicate')
      out = out.slice(0, at + m.length) + out.slice(at, at + m.length) + out.slice(at);
    else out = out.slice(0, at);
  }
  return out;
}

/** Parses, and checks what the parser promises whatever the input. */
async function parseChecked(
  input: string | Uint8Array,
  contentType: string | null,
): Promise<ParsedFeed | null> {
  const started = performance.now();
  let feed: ParsedFeed | null = null;
  try {
    feed = await parseFeed(input, { contentType, url: 'https://fuzz.example/feed' });
  } catch (error) {
    // The documented failure, and nothing else.
    expect(error).toBeInstanceOf(FeedParseError);
    expect((error as FeedParseError).message.length).toBeGreaterThan(0);
  }
  expect(performance.now() - started).toBeLessThan(HANG_MS);
  if (!feed) return null;
  for (const item of feed.items) {
    for (const value of [item.guid, item.link, item.title, item.summary, item.contentHtml, item.published]) {
      if (value !== null) expect(value).not.toMatch(CONTROL);
    }
    expect(item.title?.length ?? 0).toBeLessThanOrEqual(1000);
    expect(item.link?.length ?? 0).toBeLessThanOrEqual(8192);
    expect(item.contentHtml?.length ?? 0).toBeLessThanOrEqual(512 * 1024);
    for (const author of item.authors) expect(author).not.toMatch(CONTROL);
    for (const media of item.media) expect(media.url.length).toBeGreaterThan(0);
  }
  for (const repair of feed.repairs) expect(feed.warnings).toContain(`repaired: ${repair.message}`);
  return feed;
}

describe('fuzz: feed parser', () => {
  it('mutated sample feeds (RSS, Atom, RDF, JSON Feed)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...SEEDS.keys()),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        async (which, mutations) => {
          await parseChecked(mutate(SEEDS[which]!, mutations), null);
        },
      ),
      settings(),
    );
  }, 60_000);

  it('arbitrary bytes, with and without a charset', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2048 }),
        fc.constantFrom(
          null,
          'application/rss+xml; charset=utf-8',
          'text/xml',
          'text/html; charset=shift_jis',
        ),
        async (bytes, contentType) => {
          await parseChecked(bytes, contentType);
        },
      ),
      settings(),
    );
  }, 60_000);

  it('arbitrary XML-ish and JSON-ish text', async () => {
    const xmlish = fc
      .array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 12 })), { maxLength: 40 })
      .map((parts) => `<rss version="2.0"><channel>${parts.join('')}`);
    await fc.assert(
      fc.asyncProperty(fc.oneof(xmlish, fc.string({ maxLength: 500 })), async (text) => {
        await parseChecked(text, null);
      }),
      settings(),
    );
  }, 60_000);

  it('JSON Feeds with members of any type', async () => {
    const anyItem = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.dictionary(
        fc.constantFrom(
          'id',
          'url',
          'title',
          'content_html',
          'content_text',
          'summary',
          'date_published',
          'tags',
          'authors',
          'attachments',
          'image',
        ),
        fc.jsonValue({ maxDepth: 2 }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({ items: fc.oneof(fc.array(anyItem, { maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })) }),
        async ({ items }) => {
          const feed = await parseChecked(
            JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Fuzz', items }),
            'application/feed+json',
          );
          if (feed) expect(Array.isArray(items)).toBe(true);
        },
      ),
      settings(),
    );
  }, 60_000);
});

describe('fuzz: normaliser', () => {
  it('text: HTML or not, the result has no control characters and is stable', () => {
    const markup = fc
      .array(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 20 }),
          fc.constantFrom(
            '<p>',
            '</p>',
            '<br>',
            '<script>x</script>',
            '&amp;',
            '&#0;',
            '&nbsp;',
            '<!--',
            '\u2028',
            '\u00ad',
          ),
        ),
        { maxLength: 30 },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(markup, (input) => {
        const text = htmlToText(input);
        expect(text).not.toMatch(/[^\P{Cc}\n]/u);
        expect(cleanText(text)).toBe(text);
        expect(text).toBe(text.trim());
      }),
      settings(),
    );
  });

  it('url: absolute http(s) or null', () => {
    const urlish = fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.string({ maxLength: 60 }),
      fc
        .tuple(
          fc.constantFrom('http://', 'https://', 'javascript:', 'HTTP://', 'ftp://', '//', ' http://'),
          fc.string({ maxLength: 40 }),
        )
        .map(([scheme, rest]) => scheme + rest),
    );
    fc.assert(
      fc.property(urlish, (input) => {
        const canonical = canonicalizeUrl(input);
        if (canonical === null) return;
        const parsed = new URL(canonical);
        expect(['http:', 'https:']).toContain(parsed.protocol);
        expect(parsed.hostname.length).toBeGreaterThan(0);
      }),
      settings(),
    );
  });

  it('dates: a valid instant or null; the published time is never in the future', () => {
    const dateish = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc
        .tuple(
          fc.integer({ min: -5000, max: 99_999 }),
          fc.integer({ min: 0, max: 14 }),
          fc.integer({ min: 0, max: 40 }),
        )
        .map(
          ([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T25:61:61+99:99`,
        ),
      fc.constantFrom('Fri, 31 Dec 9999 23:59:59 GMT', '0000-00-00', 'yesterday', '１２３', ''),
    );
    const fetchedAt = new Date('2025-11-03T08:00:00Z');
    fc.assert(
      fc.property(dateish, (input) => {
        const parsed = parseDate(input);
        if (parsed !== null) expect(Number.isFinite(parsed.getTime())).toBe(true);
        const published = resolvePublishedAt(input, fetchedAt, 3_600_000);
        expect(published.at.toISOString()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(published.at.getTime()).toBeLessThanOrEqual(fetchedAt.getTime() + 3_600_000);
        expect(published.source === 'feed').toBe(published.reason === null);
      }),
      settings(),
    );
  });
});
