import { FEEDS_RAW_TOPIC, type FeedSource, type RawItemRecord } from '@wirestream/contract';
import { sleep } from '@wirestream/runtime';
import {
  asksToWait,
  fetchedOrigin,
  FetchError,
  HostGate,
  feedDocumentFor,
  fetchDocument,
  retryAfterSeconds,
  type FetchedDocument,
} from '@wirestream/runtime/feeds';
import { pageUrl, previousArchiveUrl, type PagingStyle } from './archive-links.js';
import { DAY_MS, RunningJob, scanPublished, type JobOptions, type JobServices } from './job.js';
import { jobIdFor } from './job-state.js';
import { rawItemsFromFeed } from './feed-records.js';
import type { JobSummary } from './summary.js';

export interface BackfillOptions extends JobOptions {
  feed: FeedSource;
  /** Pages to read in all, the current feed document included. */
  pages?: number;
  /** Leave out items published before this, and stop at the first page with nothing newer. */
  since?: Date;
  /** How the feed pages its history; auto: RFC 5005 archives if the feed links one, else ?paged=N, else ?page=N. */
  paging?: 'auto' | PagingStyle;
  /** Overrides replay.requestDelayMs: pause between two requests. */
  requestDelayMs?: number;
}

interface BackfillCursor {
  /** The next page to fetch, and its number (the feed document itself is page 1). */
  url: string;
  page: number;
  style: PagingStyle | null;
}

/** Milliseconds a 429/503 asks us to wait (5 s when it does not say), when that is not unreasonable. */
function retryAfterMs(err: unknown): number | null {
  if (!(err instanceof FetchError) || !asksToWait(err.status)) return null;
  const value = err.headers?.get('retry-after');
  if (!value) return 5_000;
  const seconds = retryAfterSeconds(value, new Date());
  return seconds !== null && seconds <= 120 ? seconds * 1000 : null;
}

/** An item's date in ms, when the feed gave one that reads (RFC 822 and ISO 8601 both do); else null. */
function itemTime(raw: RawItemRecord): number | null {
  const at = Date.parse(raw.item.published ?? raw.item.updated ?? '');
  return Number.isNaN(at) ? null : at;
}

const newestOf = (items: readonly RawItemRecord[]): number =>
  Math.max(Number.NEGATIVE_INFINITY, ...items.map((r) => itemTime(r) ?? Number.NEGATIVE_INFINITY));

/** Reads the pages of one backfill, one request at a time, and remembers which items it has read. */
class PageReader {
  private readonly gate: HostGate;
  private readonly delayMs: number;
  private readonly privateHost: string | null;
  private readonly seen = new Set<string>();
  private lastRequest = 0;

  constructor(
    private readonly services: JobServices,
    private readonly options: BackfillOptions,
  ) {
    const { config } = services;
    this.gate = new HostGate(config.fetcher.maxPerHost);
    this.delayMs = options.requestDelayMs ?? config.replay.requestDelayMs;
    this.privateHost = options.feed.allowPrivateNetwork ? new URL(options.feed.url).hostname : null;
  }

  /** Page `page` of the walk; null past the last page of a paged feed. */
  private async fetch(url: string, page: number): Promise<FetchedDocument | null> {
    const { signal } = this.options;
    for (let attempt = 1; ; attempt++) {
      // The pause runs from the end of the previous answer, so a slow answer is never followed at once.
      await sleep(this.lastRequest + this.delayMs - Date.now(), signal);
      try {
        return await this.gate.run(url, () =>
          fetchDocument(url, { etag: null, lastModified: null }, this.services.config.fetcher, {
            privateHost: this.privateHost,
          }),
        );
      } catch (err) {
        const wait = retryAfterMs(err);
        if (wait !== null && attempt < 3 && !signal?.aborted) {
          await sleep(wait, signal);
          continue;
        }
        // Past the last page, paged feeds answer 404 (or 410): the end of the walk, not a failure.
        if (err instanceof FetchError && (err.status === 404 || err.status === 410) && page > 1) return null;
        throw err;
      } finally {
        this.lastRequest = Date.now();
      }
    }
  }

  /** Reads one page; returns the items not seen yet in this run and the document's previous-archive link. */
  async read(url: string, page: number): Promise<{ fresh: RawItemRecord[]; prev: string | null } | null> {
    const { feed } = this.options;
    const doc = await this.fetch(url, page);
    if (!doc?.body) return null;
    const fetchedAt = new Date();
    const { items } = await rawItemsFromFeed(doc.body, fetchedOrigin(feed, feed.url, doc, fetchedAt));
    if (!(this.options.dryRun ?? false)) {
      const record = await feedDocumentFor(feed, { ...doc, body: doc.body }, fetchedAt);
      await this.services.producer.send([
        { spec: FEEDS_RAW_TOPIC, records: [{ key: feed.id, value: record }] },
      ]);
    }
    const fresh = items.filter((r) => !this.seen.has(r.itemKey));
    for (const r of items) this.seen.add(r.itemKey);
    return { fresh, prev: previousArchiveUrl(doc.body.toString('utf8'), doc.finalUrl) };
  }
}

const backfillJobId = (options: BackfillOptions): string =>
  jobIdFor('backfill', {
    feed: options.feed.id,
    url: options.feed.url,
    pages: options.pages ?? null,
    since: options.since?.toISOString() ?? null,
    paging: options.paging ?? 'auto',
    topics: options.topics ?? [],
    reissue: options.reissue ?? false,
  });

/**
 * Where the walk goes after a page that was missing, empty or only repeated what was read (a server
 * ignoring ?page=): with paging left to auto, a feed that did not understand ?paged=2 gets ?page=2;
 * otherwise the walk ends (null).
 */
function afterEmptyPage(cursor: BackfillCursor, options: BackfillOptions): BackfillCursor | null {
  if (cursor.page === 2 && (options.paging ?? 'auto') === 'auto' && cursor.style === 'paged') {
    return { url: pageUrl(options.feed.url, 'page', 2), page: 2, style: 'page' };
  }
  return null;
}

/** The page after this one, or null when the walk is over (no older page, or older than wanted). */
function nextCursor(
  feedUrl: string,
  cursor: BackfillCursor,
  page: { fresh: readonly RawItemRecord[]; prev: string | null },
  since: number,
): BackfillCursor | null {
  let style: PagingStyle | null = cursor.style;
  if (cursor.page === 1 && !style) style = page.prev ? 'archive' : 'paged';
  const olderThanWanted = newestOf(page.fresh) < since;
  const next: string | null = olderThanWanted
    ? null
    : style === 'archive'
      ? page.prev
      : style
        ? pageUrl(feedUrl, style, cursor.page + 1)
        : null;
  return next ? { url: next, page: cursor.page + 1, style } : null;
}

/** The page's new items from `since` on, through the normal path in chunks. */
async function processPage(job: RunningJob, fresh: readonly RawItemRecord[], since: number): Promise<void> {
  const wanted = fresh.filter((r) => {
    const at = itemTime(r);
    return at === null || at >= since;
  });
  job.counts.read += fresh.length;
  job.counts.skipped += fresh.length - wanted.length;
  for (let i = 0; i < wanted.length; i += job.chunkSize)
    await job.processor.process(wanted.slice(i, i + job.chunkSize));
  job.tick();
}

/**
 * `backfill`: walks a feed's history (RFC 5005 `prev-archive` links, or `?paged=N` / `?page=N`
 * pages) politely: one request at a time per host through the runtime's host gate and bounded
 * fetch (the fetcher's own), a pause between requests, Retry-After honoured. The items go through the normal path;
 * each fetched document is kept on news.feeds.raw.v1. The next page is checkpointed in Redis
 * after each page, so a stopped backfill resumes there.
 */
export async function backfill(services: JobServices, options: BackfillOptions): Promise<JobSummary> {
  const { config, jobs, logger } = services;
  const { feed } = options;
  const dryRun = options.dryRun ?? false;
  const jobId = options.jobId ?? backfillJobId(options);
  const state = dryRun ? null : await jobs.get(jobId);
  const resumed = state?.status === 'running' && Boolean(state.cursor);
  const startedAt = resumed ? state.startedAt : new Date().toISOString();
  let cursor: BackfillCursor | null = resumed
    ? (state.cursor as BackfillCursor)
    : { url: feed.url, page: 1, style: options.paging && options.paging !== 'auto' ? options.paging : null };

  const published = await scanPublished(
    services,
    new Date(Date.now() - (options.lookbackMs ?? config.enricher.dedupeWindowDays * DAY_MS)),
    options.signal,
  );
  const job = new RunningJob(services, 'backfill', jobId, options, published);
  job.total = options.pages ?? null;
  job.done = cursor.page - 1;
  job.tick();
  const pages = new PageReader(services, options);

  while (cursor && !options.signal?.aborted) {
    if (options.pages !== undefined && cursor.page > options.pages) {
      cursor = null;
      break;
    }
    const page = await pages.read(cursor.url, cursor.page);
    job.done = cursor.page;
    // A page that is missing, empty or only repeats what was read (a server ignoring ?page=) ends the walk.
    if (!page || (cursor.page > 1 && page.fresh.length === 0)) {
      cursor = afterEmptyPage(cursor, options);
      continue;
    }
    const since = options.since?.getTime() ?? Number.NEGATIVE_INFINITY;
    await processPage(job, page.fresh, since);
    cursor = nextCursor(feed.url, cursor, page, since);
    if (!dryRun) await jobs.put(jobId, { status: 'running', startedAt, cursor });
  }
  const completed = cursor === null;
  if (completed && !dryRun) await jobs.put(jobId, { status: 'done', startedAt });
  logger.info({ job: jobId, feed: feed.id, pages: job.done, completed }, 'backfill finished');
  return job.finish({ completed, resumed });
}
