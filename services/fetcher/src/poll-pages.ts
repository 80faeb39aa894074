/**
 * Poll stage 3b, pages: for the new and updated items whose feed's `fullText` policy asks for it
 * (page-policy.ts), fetch the article page the item links to, with the same guarantees as feed
 * fetching (fetchDocument: the SSRF guard on every hop, size and time limits, redirects), at most
 * `fetcher.pages.maxPerHost` pages in flight per host across polls, robots.txt honoured (cached per
 * origin) unless the feed says `ignoreRobots`. Each page is decoded and its article extracted; the
 * outcome goes on the raw record (`page`), the HTML on news.pages.v1. Never throws: a page that
 * fails leaves the item with the feed's text and says why.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import pLimit from 'p-limit';
import {
  keptHeaders,
  type FeedSource,
  type ItemPage,
  type PageDocumentRecord,
  type RawItemRecord,
  type WirestreamConfig,
} from '@wirestream/contract';
import { decodePage, extractArticle } from '@wirestream/extract';
import { redactUrl } from '@wirestream/runtime';
import {
  FetchError,
  HostGate,
  fetchDocument,
  type FetchLimits,
  type FetchedDocument,
  type HostResolver,
} from '@wirestream/runtime/feeds';
import { pageLink, wantsPage } from './page-policy.js';
import {
  ALLOW_ALL,
  DISALLOW_ALL,
  parseRobots,
  productToken,
  robotsAllows,
  type RobotsRules,
} from './robots.js';

const gzipAsync = promisify(gzip);

const PAGE_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5';
const ROBOTS_MAX_BYTES = 512 * 1024;
/** Pages of one poll in flight at once, over all hosts (each host is held to its own limit too). */
const PAGES_PER_POLL = 4;
/** An unreachable robots.txt (5xx, timeout) is tried again sooner than a read one. */
const UNREACHABLE_ROBOTS_TTL_MS = 5 * 60 * 1000;

interface RobotsEntry {
  rules: Promise<RobotsRules>;
  expires: number;
}

/** Hosts whose robots.txt is remembered at once; older entries are dropped past this. */
const MAX_ROBOTS_ENTRIES = 5_000;

/** The raw records with their `page` set where one was looked at, and the fetched pages to keep. */
export interface PagesOutcome {
  records: RawItemRecord[];
  documents: PageDocumentRecord[];
}

interface PageResult {
  page: ItemPage;
  document: PageDocumentRecord | null;
}

/** What one fetch of pages needs to know of its poll. */
export interface PageRequest {
  feed: FeedSource;
  resolve?: HostResolver | undefined;
}

/**
 * Page fetching shared by every poll of a fetcher: the per-host gate and the robots.txt cache live
 * as long as it does. A gate of its own, not the feeds': a poll holds its feed host's slot while its
 * pages are fetched, and pages are often on that same host.
 */
export class PageFetcher {
  private readonly gate: HostGate;
  private readonly robots = new Map<string, RobotsEntry>();
  private readonly settings: WirestreamConfig['fetcher'];

  constructor(config: WirestreamConfig) {
    this.settings = config.fetcher;
    this.gate = new HostGate(config.fetcher.pages.maxPerHost);
  }

  /** Fetches the pages the feed's policy asks for; the records come back in order. */
  async pagesFor(request: PageRequest, records: readonly RawItemRecord[]): Promise<PagesOutcome> {
    const { pages } = this.settings;
    if (!pages.enabled) return { records: [...records], documents: [] };
    const limit = pLimit(PAGES_PER_POLL);
    // A page not begun within one page timeout of the first is left for good: a slow site holds
    // the poll up by about one timeout, not one per page.
    const deadline = Date.now() + pages.timeoutMs;
    const results = await Promise.all(
      records.map((record) =>
        wantsPage(request.feed, record.item, pages.teaserChars)
          ? limit(() => this.pageOf(request, record, deadline))
          : Promise.resolve(null),
      ),
    );
    return {
      records: records.map((record, i) => {
        const result = results[i];
        return result ? { ...record, page: result.page } : record;
      }),
      documents: results.flatMap((r) => (r?.document ? [r.document] : [])),
    };
  }

  private async pageOf(request: PageRequest, record: RawItemRecord, deadline: number): Promise<PageResult> {
    const url = pageLink(record.item)!;
    if (Date.now() >= deadline) {
      return { page: unread(url, 'skipped', 'deadline: the poll spent its time for pages'), document: null };
    }
    try {
      const refusal = request.feed.ignoreRobots ? null : await this.robotsRefusal(url, request);
      if (refusal) {
        // Disallowed: skipped by choice. Unreachable (the host is down or refuses us): a failure.
        const status = refusal.startsWith('robots-unreachable') ? 'failed' : 'skipped';
        return {
          page: unread(url, status, refusal),
          document: null,
        };
      }
      const doc = await this.gate.run(url, () => this.fetch(url, request, this.pageLimits()));
      return await readPage(url, record, doc);
    } catch (err) {
      const reason = err instanceof FetchError ? `${err.reason}: ${err.message}` : `error: ${String(err)}`;
      return { page: unread(url, 'failed', reason), document: null };
    }
  }

  private pageLimits(): FetchLimits {
    const { pages, maxRedirects, userAgent, allowPrivateNetworks } = this.settings;
    return {
      timeoutMs: pages.timeoutMs,
      maxBodyBytes: pages.maxBodyBytes,
      maxRedirects,
      userAgent,
      allowPrivateNetworks,
    };
  }

  private fetch(url: string, { feed, resolve }: PageRequest, limits: FetchLimits): Promise<FetchedDocument> {
    return fetchDocument(url, { etag: null, lastModified: null }, limits, {
      privateHost: feed.allowPrivateNetwork ? new URL(feed.url).hostname : null,
      accept: PAGE_ACCEPT,
      ...(resolve ? { resolve } : {}),
    });
  }

  /** robots.txt of the page's origin, fetched once per TTL (one fetch shared by concurrent asks). */
  /** Why robots.txt keeps us off this page, or null when it lets us fetch it. */
  private async robotsRefusal(url: string, request: PageRequest): Promise<string | null> {
    const target = new URL(url);
    const now = Date.now();
    let cached = this.robots.get(target.origin);
    if (!cached || cached.expires <= now) {
      if (this.robots.size >= MAX_ROBOTS_ENTRIES) this.pruneRobots(now);
      const entry: RobotsEntry = { rules: Promise.resolve(ALLOW_ALL), expires: Infinity };
      // Believed until it is read (concurrent asks share the one fetch), then for its TTL.
      entry.rules = this.robotsOf(target.origin, request, (ms) => {
        entry.expires = Date.now() + ms;
      });
      cached = entry;
      this.robots.set(target.origin, entry);
    }
    const rules = await cached.rules;
    if (robotsAllows(rules, `${target.pathname}${target.search}`)) return null;
    return rules.unreachable
      ? `robots-unreachable: robots.txt could not be read (${rules.unreachable})`
      : 'robots-disallowed: robots.txt disallows this path';
  }

  /** Drops expired robots.txt entries; when none has expired, the oldest half. */
  private pruneRobots(now: number): void {
    for (const [origin, entry] of this.robots) if (entry.expires <= now) this.robots.delete(origin);
    if (this.robots.size < MAX_ROBOTS_ENTRIES) return;
    let drop = Math.floor(this.robots.size / 2);
    for (const origin of this.robots.keys()) {
      if (drop-- <= 0) break;
      this.robots.delete(origin);
    }
  }

  private async robotsOf(
    origin: string,
    request: PageRequest,
    setTtl: (ms: number) => void,
  ): Promise<RobotsRules> {
    const ttl = this.settings.pages.robotsTtlSeconds * 1000;
    const limits = { ...this.pageLimits(), maxBodyBytes: ROBOTS_MAX_BYTES };
    try {
      const doc = await this.gate.run(origin, () => this.fetch(`${origin}/robots.txt`, request, limits));
      setTtl(ttl);
      return parseRobots(doc.body?.toString('utf8') ?? '', productToken(this.settings.userAgent));
    } catch (err) {
      // RFC 9309: a robots.txt that is not there (4xx) allows everything; one that cannot be read disallows.
      const missing =
        err instanceof FetchError &&
        err.status !== null &&
        err.status >= 400 &&
        err.status < 500 &&
        err.status !== 429;
      setTtl(missing ? ttl : Math.min(ttl, UNREACHABLE_ROBOTS_TTL_MS));
      if (missing) return ALLOW_ALL;
      const why = err instanceof FetchError ? `${err.reason}: ${err.message}` : String(err);
      return { ...DISALLOW_ALL, unreachable: why };
    }
  }
}

const unread = (url: string, status: 'failed' | 'skipped', reason: string | null): ItemPage => ({
  url: redactUrl(url),
  finalUrl: null,
  status,
  reason,
  fetchedAt: null,
  text: null,
  title: null,
  author: null,
  publishedAt: null,
  language: null,
  paywalled: false,
  extraction: null,
});

const HTML_TYPE = /^\s*(?:text\/html|application\/xhtml\+xml)\s*(?:;|$)/i;

/** A fetched page → its extracted article (or why there is none), and its record for news.pages.v1. */
async function readPage(url: string, record: RawItemRecord, doc: FetchedDocument): Promise<PageResult> {
  const fetchedAt = new Date().toISOString();
  const body = doc.body ?? Buffer.alloc(0);
  const contentType = doc.headers.get('content-type');
  const base = { ...unread(url, 'failed', null), finalUrl: redactUrl(doc.finalUrl), fetchedAt };
  if (contentType ? !HTML_TYPE.test(contentType) : !/^\s*</.test(body.subarray(0, 512).toString('latin1'))) {
    return { page: { ...base, reason: `not-html: ${contentType ?? 'no content type'}` }, document: null };
  }
  const document = await pageDocument(record, doc, body, fetchedAt);
  const article = extractArticle(decodePage(body, contentType).html, { url: doc.finalUrl });
  if (!article.text.trim() && !article.paywalled) {
    return { page: { ...base, reason: 'no-article: no article text found on the page' }, document };
  }
  const page: ItemPage = {
    ...base,
    status: article.paywalled ? 'walled' : 'ok',
    reason: article.paywalled ? `walled: ${article.paywallReason ?? 'paywall or consent wall'}` : null,
    text: article.text || null,
    title: article.title,
    author: article.author,
    publishedAt: article.publishedAt,
    language: article.language,
    paywalled: article.paywalled,
    extraction: { method: article.extraction.method, confidence: article.extraction.confidence },
  };
  return { page, document };
}

async function pageDocument(
  record: RawItemRecord,
  doc: FetchedDocument,
  body: Buffer,
  fetchedAt: string,
): Promise<PageDocumentRecord> {
  return {
    schemaVersion: 1,
    itemKey: record.itemKey,
    feedId: record.feed.id,
    url: redactUrl(doc.url),
    finalUrl: redactUrl(doc.finalUrl),
    fetchedAt,
    http: { status: doc.status, headers: keptHeaders(doc.headers.entries()) },
    body: {
      encoding: 'gzip+base64',
      data: (await gzipAsync(body)).toString('base64'),
      bytes: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
    },
  };
}

// Polls run without a fetcher's PageFetcher (tests, tools) share one per configuration.
const fallback = new WeakMap<WirestreamConfig, PageFetcher>();

/** The poll's page fetcher: the one its fetcher passed, or one shared by polls of the same configuration. */
export function pageFetcherFor(config: WirestreamConfig, given: PageFetcher | undefined): PageFetcher {
  if (given) return given;
  let shared = fallback.get(config);
  if (!shared) {
    shared = new PageFetcher(config);
    fallback.set(config, shared);
  }
  return shared;
}
