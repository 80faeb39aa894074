/**
 * Poll stage 3b, pages: for the new and updated items whose feed's `fullText` policy asks for it
 * (page-policy.ts), fetch the article page the item links to, as politely as feeds are fetched and
 * with the same machinery (@wirestream/runtime/feeds): fetchDocument (the SSRF guard on every hop,
 * size and time limits, redirects), a host gate (at most `fetcher.pages.maxPerHost` in flight per
 * host across polls, `pages.minIntervalMs` or the site's robots.txt Crawl-delay between requests, a
 * host's 429/503 Retry-After honoured for all its pages), conditional requests from the validators
 * the feed-state store keeps per page URL (a 304 reuses the page as it was read), and robots.txt
 * (page-robots.ts) unless the feed says `ignoreRobots`. Each page is extracted (@wirestream/extract);
 * the outcome goes on the raw record (`page`), the HTML on news.pages.v1. Never throws: a page that
 * fails leaves the item with the feed's text and says why.
 */
import pLimit from 'p-limit';
import type {
  FeedSource,
  ItemPage,
  PageDocumentRecord,
  RawItemRecord,
  WirestreamConfig,
} from '@wirestream/contract';
import { isHtmlPage, itemPageOf, unreadPage } from '@wirestream/extract';
import { redactUrl } from '@wirestream/runtime';
import {
  FetchError,
  HostGate,
  HostGateRefusal,
  asksToWait,
  fetchDocument,
  pageDocumentFor,
  retryAfterSeconds,
  type FeedStateStore,
  type FetchLimits,
  type FetchedDocument,
  type HostResolver,
  type StoredPage,
} from '@wirestream/runtime/feeds';
import { pagesFetched, pagesNotModified } from './metrics.js';
import { pageLink, wantsPage } from './page-policy.js';
import { RobotsCache, robotsRefusal } from './page-robots.js';

const PAGE_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5';
const ROBOTS_MAX_BYTES = 512 * 1024;
/** Pages of one poll in flight at once, over all hosts (each host is held to its own limit too). */
const PAGES_PER_POLL = 4;
const DEADLINE_REASON = 'deadline: the poll spent its time for pages';

/** The raw records with their `page` set where one was looked at, the fetched pages to keep, what to remember. */
export interface PagesOutcome {
  records: RawItemRecord[];
  documents: PageDocumentRecord[];
  /** Validators and pages to store once the records are acknowledged (see FeedStateStore.savePages). */
  remember: StoredPage[];
}

interface PageResult {
  page: ItemPage;
  document: PageDocumentRecord | null;
  remember: StoredPage | null;
}

/** What one fetch of pages needs to know of its poll. */
export interface PageRequest {
  feed: FeedSource;
  resolve?: HostResolver | undefined;
  /** Where pages fetched before are remembered; without it, no request is conditional. */
  state?: FeedStateStore | undefined;
}

/** The gate's refusal as the page's reason: the host paused or resting past the poll's time, or the time spent. */
function refusalReason(err: HostGateRefusal): string {
  const at = new Date(err.freeAt).toISOString();
  if (err.why === 'paused') return `retry-after: ${err.host} asked us to wait until ${at}`;
  if (err.why === 'resting')
    return `rate-limit: the next request to ${err.host} is due at ${at}, after the poll's time for pages`;
  return DEADLINE_REASON;
}

const unread = (url: string, status: 'failed' | 'skipped', reason: string): PageResult => ({
  page: unreadPage(redactUrl(url), status, reason),
  document: null,
  remember: null,
});

/**
 * Page fetching shared by every poll of a fetcher: the per-host gate and the robots.txt cache live
 * as long as it does. A gate of its own, not the feeds': a poll holds its feed host's slot while its
 * pages are fetched, and pages are often on that same host.
 */
export class PageFetcher {
  private readonly gate: HostGate;
  private readonly robots: RobotsCache;
  private readonly settings: WirestreamConfig['fetcher'];

  constructor(config: WirestreamConfig) {
    this.settings = config.fetcher;
    this.gate = new HostGate(config.fetcher.pages.maxPerHost);
    this.robots = new RobotsCache(config.fetcher.pages.robotsTtlSeconds * 1000, config.fetcher.userAgent);
  }

  /** Fetches the pages the feed's policy asks for; the records come back in order. */
  async pagesFor(request: PageRequest, records: readonly RawItemRecord[]): Promise<PagesOutcome> {
    const { pages } = this.settings;
    if (!pages.enabled) return { records: [...records], documents: [], remember: [] };
    const links = records.map((r) =>
      wantsPage(request.feed, r.item, pages.teaserChars) ? pageLink(r.item) : null,
    );
    const wanted = [...new Set(links.filter((l): l is string => l !== null))];
    const stored = request.state && wanted.length > 0 ? await request.state.pages(wanted) : new Map();
    const limit = pLimit(PAGES_PER_POLL);
    // A page not begun within one page timeout of the first is left for good: a slow or slow-paced
    // site holds the poll up by about one timeout, not one per page.
    const deadline = Date.now() + pages.timeoutMs;
    const results = await Promise.all(
      records.map((record, i) => {
        const url = links[i];
        return url
          ? limit(() => this.pageOf(request, record, url, stored.get(url) ?? null, deadline))
          : Promise.resolve(null);
      }),
    );
    for (const r of results) if (r) pagesFetched.inc({ status: r.page.status });
    return {
      records: records.map((record, i) => {
        const result = results[i];
        return result ? { ...record, page: result.page } : record;
      }),
      documents: results.flatMap((r) => (r?.document ? [r.document] : [])),
      remember: results.flatMap((r) => (r?.remember ? [r.remember] : [])),
    };
  }

  private async pageOf(
    request: PageRequest,
    record: RawItemRecord,
    url: string,
    stored: StoredPage | null,
    deadline: number,
  ): Promise<PageResult> {
    if (Date.now() >= deadline) return unread(url, 'skipped', DEADLINE_REASON);
    try {
      // A host that asked us to stay away past the poll's time is not even asked for robots.txt.
      const paused = this.gate.pausedUntil(url);
      if (paused !== null && paused > deadline)
        throw new HostGateRefusal('paused', new URL(url).host, paused);
      const rules = request.feed.ignoreRobots
        ? null
        : await this.robots.rulesFor(url, (robotsUrl) =>
            this.fetch(robotsUrl, request, { ...this.pageLimits(), maxBodyBytes: ROBOTS_MAX_BYTES }, null),
          );
      const refusal = rules ? robotsRefusal(rules, url) : null;
      // Disallowed: skipped by choice. Unreachable (the host is down or refuses us): a failure.
      if (refusal)
        return unread(url, refusal.startsWith('robots-unreachable') ? 'failed' : 'skipped', refusal);
      const delayMs = (rules?.crawlDelaySeconds ?? 0) * 1000;
      const doc = await this.fetch(url, request, this.pageLimits(), stored, { deadline, delayMs });
      if (doc.status === 304) return notModified(url, stored);
      return await readPage(url, record, doc);
    } catch (err) {
      if (err instanceof HostGateRefusal) return unread(url, 'skipped', refusalReason(err));
      const reason = err instanceof FetchError ? `${err.reason}: ${err.message}` : `error: ${String(err)}`;
      return unread(url, 'failed', reason);
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

  /**
   * One request through the page gate: spaced by `pages.minIntervalMs` (or the site's longer
   * Crawl-delay), conditional when a stored page has validators; a 429/503 with Retry-After pauses
   * the host for every page of every poll until then.
   */
  private async fetch(
    url: string,
    { feed, resolve }: PageRequest,
    limits: FetchLimits,
    stored: StoredPage | null,
    pace: { deadline?: number; delayMs?: number } = {},
  ): Promise<FetchedDocument> {
    const validators = { etag: stored?.etag ?? null, lastModified: stored?.lastModified ?? null };
    const gapMs = Math.max(this.settings.pages.minIntervalMs, pace.delayMs ?? 0);
    try {
      return await this.gate.run(
        url,
        () =>
          fetchDocument(url, validators, limits, {
            privateHost: feed.allowPrivateNetwork ? new URL(feed.url).hostname : null,
            accept: PAGE_ACCEPT,
            ...(resolve ? { resolve } : {}),
          }),
        { gapMs, ...(pace.deadline !== undefined ? { deadline: pace.deadline } : {}) },
      );
    } catch (err) {
      if (err instanceof FetchError && asksToWait(err.status)) {
        const seconds = retryAfterSeconds(err.headers?.get('retry-after'), new Date());
        // Capped like a feed's backoff: a host cannot park our pages for days with one header.
        if (seconds !== null)
          this.gate.pause(url, Date.now() + Math.min(seconds, this.settings.maxBackoffSeconds) * 1000);
      }
      throw err;
    }
  }
}

/** A 304: the page is as it was read before; that reading goes on the record again, nothing new is kept. */
function notModified(url: string, stored: StoredPage | null): PageResult {
  if (!stored) return unread(url, 'failed', 'http-status: HTTP 304 to a request that was not conditional');
  pagesNotModified.inc();
  return {
    page: { ...stored.page, url: redactUrl(url), fetchedAt: new Date().toISOString() },
    document: null,
    // Stored again: a page still confirmed is worth remembering for another TTL.
    remember: stored,
  };
}

/** A fetched page → its extracted article (or why there is none), its record for news.pages.v1, what to remember. */
async function readPage(url: string, record: RawItemRecord, doc: FetchedDocument): Promise<PageResult> {
  const fetchedAt = new Date();
  const body = doc.body ?? Buffer.alloc(0);
  const contentType = doc.headers.get('content-type');
  const where = { finalUrl: redactUrl(doc.finalUrl), fetchedAt: fetchedAt.toISOString() };
  if (!isHtmlPage(contentType, body)) {
    const reason = `not-html: ${contentType ?? 'no content type'}`;
    return { page: unreadPage(redactUrl(url), 'failed', reason, where), document: null, remember: null };
  }
  const document = await pageDocumentFor(
    { itemKey: record.itemKey, feedId: record.feed.id },
    { ...doc, body },
    fetchedAt,
  );
  const page = itemPageOf({ url: redactUrl(url), ...where, contentType, body, sha256: document.body.sha256 });
  const etag = doc.headers.get('etag');
  const lastModified = doc.headers.get('last-modified');
  return { page, document, remember: etag || lastModified ? { url, etag, lastModified, page } : null };
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
