/**
 * Measures @wirestream/feeds against external corpora (kept outside the repository):
 *   - feedparser's test suite (cases.jsonl: each case's checks mapped onto our model),
 *   - feedparser's date vectors (dates.jsonl: parseDate from @wirestream/normalize must give the same
 *     UTC instant, or reject what feedparser rejects),
 *   - real-world feeds from JavaScript feed parsers (does each parse, or get rightly rejected?).
 *
 * Usage: pnpm conformance:feeds [--corpus ../shared/corpora] [--verbose] [--check-baseline]
 * The last line printed is a JSON summary for CI. --check-baseline exits 1 when any pass count is
 * below the one in conformance-baseline.json (next to this package.json).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeedItem } from '@wirestream/contract';
import { decodeFeed, FeedParseError, htmlToText, parseFeed, type ParsedFeed } from '@wirestream/feeds';
import { parseDate } from '@wirestream/normalize';

interface Check {
  path: string;
  canonical_path?: string;
  equals: unknown;
}
interface Case {
  file: string;
  harness_input: 'text' | 'bytes' | 'http' | 'file';
  http_content_type?: string;
  http_headers?: Record<string, string>;
  harness_url?: string;
  harness_bozo: boolean | null;
  file_bom_encoding: string;
  checks: Check[];
}

const args = process.argv.slice(2);
const corpusIndex = args.indexOf('--corpus');
const corpus = path.resolve(corpusIndex >= 0 ? (args[corpusIndex + 1] ?? '') : '../shared/corpora');
const verbose = args.includes('--verbose');
const checkBaseline = args.includes('--check-baseline');
const baselineFile = fileURLToPath(new URL('../conformance-baseline.json', import.meta.url));

type Outcome = { feed: ParsedFeed } | { error: FeedParseError | Error };

/** Where a feedparser key has no counterpart in our model, and why: reported as n/a. */
function unsupportedReason(key: string): string | null {
  if (/^feed\.(author|author_detail\.name|authors\[\]\.name|tags\[\]\.\w+|updated|published)$/.test(key)) {
    return 'feed-level author/categories/dates (ParsedFeed carries title, link, subtitle, language, ttl)';
  }
  if (/_parsed$/.test(key)) return 'parsed dates (dates stay raw strings here; another package parses them)';
  if (/_detail\.(type|language|base)$|\.content\[\]\.(type|language|base|src)$/.test(key)) {
    return 'per-field type/language/base metadata (our model keeps values only)';
  }
  if (/^version$/.test(key)) return 'format version string (we report rss/rdf/atom/json only)';
  if (/(^|\.)(source)\./.test(key)) return 'entry source feed (not in the item model)';
  if (
    /contributors|publisher|generator|rights|info|copyright|image|icon|logo|textinput|cloud|docs/.test(key)
  ) {
    return 'feed/entry metadata not in the model (rights, generator, image, contributors, ...)';
  }
  if (
    /itunes|psc_|media_(?!credit|thumbnail|content)|where|geo|wfw_|thr_|license|newlocation|validity|expired/.test(
      key,
    )
  ) {
    return 'extension not in the model (iTunes, Podlove, GeoRSS, wfw, threading, ...)';
  }
  if (/\blinks\[\]|\.links\b|_detail\.href|_detail\.email|authors\[\]\.(href|email)/.test(key)) {
    return 'link lists and author e-mail/URI (the model keeps one link and author names)';
  }
  if (/^feed\.(created|id)$/.test(key)) {
    return 'feed-level field not in ParsedFeed';
  }
  if (
    /entries\[\]\.(comments|created|expired|subtitle|enclosures\[\]\.length|abcdefg|madeup_element)$/.test(
      key,
    )
  ) {
    return 'entry field not in the item model';
  }
  return null;
}

function normalizeKey(check: Check): string {
  return (check.canonical_path ?? check.path).replace(/\[\d+\]/g, '[]');
}

function index(pathText: string, name: string): number {
  const match = new RegExp(`${name}\\[(\\d+)\\]`).exec(pathText);
  return match ? Number(match[1]) : 0;
}

const ABSENT = Symbol('absent');

/** Our value for a feedparser path, or ABSENT if the path has no mapping. */
function valueFor(feed: ParsedFeed, rawPath: string): unknown {
  const p = rawPath.replace(/\["([^"]+)"\]/g, '.$1');
  if (p === 'encoding') return feed.encoding;
  if (p.startsWith('feed.')) {
    switch (p.slice(5)) {
      case 'title':
      case 'title_detail.value':
        return feed.title;
      case 'link':
        return feed.link;
      case 'subtitle':
      case 'subtitle_detail.value':
        return feed.subtitle;
      case 'language':
        return feed.language;
      case 'ttl':
        return feed.ttlMinutes === null ? null : String(feed.ttlMinutes);
      default:
        return ABSENT;
    }
  }
  if (!p.startsWith('entries[')) return ABSENT;
  const item: FeedItem | undefined = feed.items[index(p, 'entries')];
  const rest = p.replace(/^entries\[\d+\]\./, '');
  if (!item) return undefined;
  const field = rest.replace(/\[\d+\]/g, '[]');
  switch (field) {
    case 'title':
    case 'title_detail.value':
      return item.title;
    case 'link':
      return item.link;
    case 'id':
      return item.guid;
    case 'summary':
    case 'summary_detail.value':
      // feedparser fills `summary` from the content when an entry has no summary of its own.
      return item.summary ?? item.contentHtml;
    case 'content[].value':
      return index(rest, 'content') === 0 ? item.contentHtml : undefined;
    case 'author':
      return item.authors[0];
    case 'author_detail.name':
      return personName(item.authors[0]);
    case 'authors[].name':
      return personName(item.authors[index(rest, 'authors')]);
    case 'published':
      return item.published;
    case 'updated':
      // Our model files dc:date under published; feedparser calls it updated.
      return item.updated ?? item.published;
    case 'language':
      return item.language;
    case 'tags[].term':
      return item.categories[index(rest, 'tags')]?.term;
    case 'tags[].scheme':
      return item.categories[index(rest, 'tags')]?.scheme;
    case 'tags[].label':
      return item.categories[index(rest, 'tags')]?.label;
    case 'enclosures[].href':
      return item.media[index(rest, 'enclosures')]?.url;
    case 'enclosures[].type':
      return item.media[index(rest, 'enclosures')]?.type;
    case 'media_thumbnail[].href':
    case 'media_thumbnail[].url':
    case 'media_content[].url':
      return item.media.map((m) => m.url);
    case 'media_credit[].content':
      return item.media.map((m) => m.credit);
    default:
      return ABSENT;
  }
}

/**
 * feedparser splits an RSS author string into name and e-mail; our model keeps the string as
 * written, so the name part is taken out here for comparison.
 */
function personName(author: string | undefined): string | undefined {
  if (author === undefined) return undefined;
  const parenthesised =
    /^\s*(\S+@\S+)\s*\((.+)\)\s*$/.exec(author) ?? /^\s*(.+?)\s*\((\S+@\S+)\)\s*$/.exec(author);
  if (parenthesised) return (parenthesised[1]?.includes('@') ? parenthesised[2] : parenthesised[1])?.trim();
  const angled = /^\s*(.+?)\s*<\S+@\S+>\s*$/.exec(author);
  return angled?.[1] ?? author;
}

function matches(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(actual) && !Array.isArray(expected)) return actual.includes(expected);
  if (expected === '' && (actual === null || actual === undefined)) return true;
  if (typeof expected === 'number' && typeof actual === 'string') return actual === String(expected);
  return JSON.stringify(actual) === JSON.stringify(expected);
}

function loadText(bytes: Buffer, bomEncoding: string): string {
  if (bomEncoding === 'utf-8') return new TextDecoder('utf-8').decode(bytes).replace(/\uFFFD/g, '');
  return decodeFeed(bytes).text;
}

async function runCase(c: Case, root: string): Promise<Outcome> {
  const bytes = readFileSync(path.join(root, c.file));
  try {
    if (c.harness_input === 'text') return { feed: await parseFeed(loadText(bytes, c.file_bom_encoding)) };
    // The fetcher's job, mirrored here: the document URL is Content-Location (resolved) if sent.
    const location = Object.entries(c.http_headers ?? {}).find(
      ([name]) => name.toLowerCase() === 'content-location',
    )?.[1];
    const resolved = location && c.harness_url ? new URL(location, c.harness_url) : null;
    const url = resolved && /^https?:$/.test(resolved.protocol) ? resolved.href : c.harness_url;
    const options = c.harness_input === 'http' ? { contentType: c.http_content_type ?? null, url } : {};
    return { feed: await parseFeed(new Uint8Array(bytes), options) };
  } catch (error) {
    return { error: error as Error };
  }
}

interface FeedparserResult {
  passed: number;
  applicable: number;
  na: number;
  naKeys: Map<string, Set<string>>;
  naCases: Map<string, number>;
  failures: Map<string, string[]>;
}

/** Why a case cannot be checked against our parser (as [key, reason] pairs); none when it can. */
function naReasons(c: Case, checks: readonly Check[]): (readonly [string, string])[] {
  const reasons: (readonly [string, string])[] = [];
  // CDF (Microsoft's 1997 Channel Definition Format) is not one of the formats we parse.
  if (c.file.includes('/cdf/')) reasons.push(['(cdf)', 'CDF format (not RSS/RDF/Atom/JSON Feed)']);
  reasons.push(
    ...checks.flatMap((check) => {
      const reason = unsupportedReason(normalizeKey(check));
      return reason ? [[normalizeKey(check), reason] as const] : [];
    }),
  );
  if (checks.length === 0) reasons.push(['(no checks)', 'case has no translatable checks']);
  return reasons;
}

/** What one check found wrong with our parse of a case; null when it holds. */
function checkProblem(check: Check, outcome: Outcome): string | null {
  const key = check.canonical_path ?? check.path;
  if (key === 'bozo') {
    const bozo = 'error' in outcome || outcome.feed.warnings.length > 0;
    if (bozo === check.equals) return null;
    const detail = 'error' in outcome ? outcome.error.message : outcome.feed.warnings.join(' | ');
    return `bozo: expected ${String(check.equals)}, got ${String(bozo)} (${detail.slice(0, 160)})`;
  }
  if ('error' in outcome) return `${key}: threw ${outcome.error.message.slice(0, 160)}`;
  const actual = valueFor(outcome.feed, key);
  // Our titles are plain text by contract, feedparser's are sanitised HTML: compare with the
  // text of feedparser's expected HTML (or with the raw value, where feedparser kept text).
  const htmlTitle = /(^|\.)title(_detail\.value)?$/.test(key) && typeof check.equals === 'string';
  const expected = htmlTitle ? htmlToText(check.equals as string) : check.equals;
  const caseless = key === 'encoding' && typeof actual === 'string' && typeof expected === 'string';
  if (caseless && actual.toLowerCase() === expected.toLowerCase()) return null;
  if (actual === ABSENT) return `${key}: unmapped`;
  if (!matches(actual, expected) && !matches(actual, check.equals)) {
    return `${key}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`.slice(0, 400);
  }
  return null;
}

function countNotApplicable(result: FeedparserResult, reasons: readonly (readonly [string, string])[]): void {
  result.na++;
  for (const reason of new Set(reasons.map(([, r]) => r))) {
    result.naCases.set(reason, (result.naCases.get(reason) ?? 0) + 1);
  }
  for (const [key, reason] of reasons) {
    const keys = result.naKeys.get(reason) ?? new Set<string>();
    keys.add(key);
    result.naKeys.set(reason, keys);
  }
}

async function runFeedparser(): Promise<FeedparserResult> {
  const root = path.join(corpus, 'feedparser');
  const cases = readFileSync(path.join(root, 'cases.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Case);
  const result: FeedparserResult = {
    passed: 0,
    applicable: 0,
    na: 0,
    naKeys: new Map(),
    naCases: new Map(),
    failures: new Map(),
  };
  for (const c of cases) {
    const checks = [...c.checks];
    if (c.harness_bozo !== null && !checks.some((k) => k.path === 'bozo')) {
      checks.push({ path: 'bozo', equals: c.harness_bozo });
    }
    const reasons = naReasons(c, checks);
    if (reasons.length > 0) {
      countNotApplicable(result, reasons);
      continue;
    }
    result.applicable++;
    const outcome = await runCase(c, root);
    const problems = checks.flatMap((check) => checkProblem(check, outcome) ?? []);
    if (problems.length === 0) {
      result.passed++;
      continue;
    }
    const category = c.file.split('/').slice(1, 3).join('/');
    const list = result.failures.get(category) ?? [];
    list.push(`${c.file}\n      ${problems.join('\n      ')}`);
    result.failures.set(category, list);
  }
  return result;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

/** Inputs of the real-world corpus; expected parse outputs of other parsers are not inputs. */
function isRealworldInput(file: string): boolean {
  const base = path.basename(file);
  if (base === 'LICENSE' || base === 'README.md') return false;
  if (file.includes(`${path.sep}rss-parser${path.sep}test${path.sep}output${path.sep}`)) return false;
  if (file.includes(`${path.sep}feedsmith${path.sep}`) && base.endsWith('.json')) return false;
  return true;
}

/** Documents that are not feeds and must be rejected with 'not-a-feed'. */
function isNonFeed(file: string, bytes: Buffer): boolean {
  if (/\.(html|opml)$/.test(file)) return true;
  const head = bytes.subarray(0, 2048).toString('latin1');
  return /<(html|head|body|opml)[\s>]/i.test(head) && !/<(rss|feed|rdf:RDF)[\s>]/.test(head);
}

/**
 * Item count from another parser's expected output for this input, where the corpus has one
 * (rss-parser's test/output/*.json, feedsmith's *.json next to the feed).
 */
function expectedItemCount(file: string): number | null {
  const parsed = path.parse(file);
  const candidates = [
    path.join(parsed.dir, '..', 'output', `${parsed.name}.json`),
    path.join(parsed.dir, `${parsed.name}.json`),
  ].filter((candidate) => candidate !== file && existsSync(candidate));
  for (const candidate of candidates) {
    const expected = JSON.parse(readFileSync(candidate, 'utf8')) as {
      feed?: { items?: unknown[] };
      items?: unknown[];
      entries?: unknown[];
    };
    const items = expected.feed?.items ?? expected.items ?? expected.entries;
    if (Array.isArray(items)) return items.length;
  }
  return null;
}

async function runRealworld(): Promise<{
  passed: number;
  total: number;
  checkedCounts: number;
  failures: string[];
}> {
  const root = path.join(corpus, 'realworld-feeds');
  const files = listFiles(root).filter(isRealworldInput).sort();
  const failures: string[] = [];
  let passed = 0;
  let checkedCounts = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    const relative = path.relative(root, file);
    const nonFeed = isNonFeed(file, bytes);
    try {
      const feed = await parseFeed(new Uint8Array(bytes));
      if (nonFeed) failures.push(`${relative}: not a feed, but parsed as ${feed.format}`);
      else if (feed.items.length === 0 && feed.title === null)
        failures.push(`${relative}: no title and no items`);
      else {
        const expected = expectedItemCount(file);
        if (expected !== null) checkedCounts++;
        if (expected === null || expected === feed.items.length) passed++;
        else failures.push(`${relative}: ${feed.items.length} items, expected ${expected}`);
      }
    } catch (error) {
      const reason = error instanceof FeedParseError ? error.reason : 'crash';
      if (nonFeed && reason === 'not-a-feed') passed++;
      else failures.push(`${relative}: ${reason}: ${(error as Error).message}`);
    }
  }
  return { passed, total: files.length, checkedCounts, failures };
}

interface DateVector {
  input: string;
  expected_utc_iso: string | null;
  parser?: string;
  note?: string;
}

/** Every vector with an expected instant must parse to it; every vector without one must be rejected. */
function runDates(): { passed: number; total: number; failures: string[] } {
  const vectors = readFileSync(path.join(corpus, 'feedparser', 'dates.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as DateVector);
  const failures: string[] = [];
  let passed = 0;
  for (const v of vectors) {
    const got = parseDate(v.input);
    const expected = v.expected_utc_iso === null ? null : Date.parse(v.expected_utc_iso);
    const ok = expected === null ? got === null : got !== null && got.getTime() === expected;
    if (ok) passed++;
    else
      failures.push(
        `[${v.parser ?? '?'}] ${JSON.stringify(v.input)}: expected ${v.expected_utc_iso ?? 'rejection'}, got ${got?.toISOString() ?? 'rejection'}`,
      );
  }
  return { passed, total: vectors.length, failures };
}

const feedparser = await runFeedparser();
const dates = runDates();
const realworld = await runRealworld();

console.log(`feedparser: ${feedparser.passed}/${feedparser.applicable} passed (n/a ${feedparser.na})`);
console.log(`dates: ${dates.passed}/${dates.total} passed`);
console.log(`realworld: ${realworld.passed}/${realworld.total} parsed`);
if (verbose) {
  console.log('\nfeedparser n/a reasons:');
  for (const [reason, keys] of feedparser.naKeys) {
    const cases = feedparser.naCases.get(reason) ?? 0;
    console.log(`  ${reason} [${cases} cases]: ${[...keys].sort().join(', ')}`);
  }
  console.log('\nfeedparser failures by category:');
  const categories = [...feedparser.failures.entries()].sort((a, b) => b[1].length - a[1].length);
  for (const [category, list] of categories) {
    console.log(`  ${category}: ${list.length}`);
    for (const line of list) console.log(`    ${line}`);
  }
  console.log(
    `\nrealworld: item counts checked against another parser's expected output for ${realworld.checkedCounts} inputs`,
  );
  console.log('realworld failures:');
  for (const line of realworld.failures) console.log(`  ${line}`);
  console.log('\ndates failures:');
  for (const line of dates.failures) console.log(`  ${line}`);
}

const summary = {
  feedparser: { passed: feedparser.passed, applicable: feedparser.applicable, na: feedparser.na },
  dates: { passed: dates.passed, total: dates.total },
  realworld: { passed: realworld.passed, total: realworld.total },
};

if (checkBaseline) {
  // Only pass counts are guarded: a corpus that grows may add failures without anything regressing.
  const baseline = JSON.parse(readFileSync(baselineFile, 'utf8')) as Record<
    keyof typeof summary,
    { passed: number }
  >;
  const drops = (Object.keys(summary) as (keyof typeof summary)[]).filter(
    (name) => summary[name].passed < (baseline[name]?.passed ?? 0),
  );
  for (const name of drops) {
    console.error(
      `conformance dropped below the baseline: ${name} ${summary[name].passed} passed, baseline ${baseline[name].passed}`,
    );
  }
  if (drops.length > 0) process.exitCode = 1;
}
console.log(JSON.stringify(summary));
