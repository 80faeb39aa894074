/**
 * One poll of one feed, in stages: fetch (poll-fetch.ts) → parse (poll-parse.ts) → the pure item
 * diff against the seen set (item-diff.ts) → the article pages of new and changed items
 * (poll-pages.ts) → publish (poll-publish.ts) → store state (poll-state.ts).
 * This module only orders them and counts the outcome.
 */
import type { FeedDocumentRecord, FeedSource, PageStatus, RawItemRecord } from '@wirestream/contract';
import { keyedItems, type FeedState } from '@wirestream/feeds';
import { redactUrl } from '@wirestream/runtime';
import { feedDocumentFor } from '@wirestream/runtime/feeds';
import { diffItems } from './item-diff.js';
import { feedErrors, feedFetches, feedItems, fetchDuration } from './metrics.js';
import { pollContext, type PollContext, type PollDeps } from './poll-context.js';
import { fetchFeed, hasBody, pollFailure, type FetchedBody } from './poll-fetch.js';
import { pageFetcherFor } from './poll-pages.js';
import { parseFetched } from './poll-parse.js';
import { deadLetterDocument, publishItems, rawRecords, type FetchedSoFar } from './poll-publish.js';
import { storeFailure, storeNotModified, storeSeen, storeSuccess, type StoredState } from './poll-state.js';

export type { PollDeps, RecordSink } from './poll-context.js';

export type PollOutcome = 'ok' | 'not-modified' | 'error';

export interface FeedPollResult {
  feedId: string;
  outcome: PollOutcome;
  items: number;
  published: { new: number; updated: number };
  error: string | null;
  durationMs: number;
  /** HTTP status of the last response, null when none came back. */
  status: number | null;
  nextPollAt: string;
  parked: boolean;
  /** The article pages of the published items, by what became of them (items without `page` not counted). */
  pages: Record<PageStatus, number>;
}

const noPages = (): Record<PageStatus, number> => ({ ok: 0, walled: 0, failed: 0, skipped: 0 });

function countPages(records: readonly RawItemRecord[]): Record<PageStatus, number> {
  const counts = noPages();
  for (const r of records) if (r.page) counts[r.page.status]++;
  return counts;
}

/**
 * One poll of one feed: conditional GET, parse, publish the items that are new or changed, and
 * only then remember them. Never throws: a failure is recorded on the feed and returned.
 */
export async function pollFeed(feed: FeedSource, deps: PollDeps, known?: FeedState): Promise<FeedPollResult> {
  const ctx = await pollContext(feed, deps, known);
  // Every distinct fetched body is kept (a parser fix can be replayed over it), sent with the items or the dead letter.
  const fetched: FetchedSoFar = { body: null, document: null };
  try {
    const doc = await fetchFeed(ctx);
    fetched.body = doc.body;
    if (!hasBody(doc)) {
      const stored = await storeNotModified(ctx, doc);
      feedFetches.inc({ feed: feed.id, outcome: 'not_modified' });
      return result(ctx, 'not-modified', stored, doc.status);
    }
    fetched.document = await feedDocumentFor(feed, doc, ctx.fetchedAt);
    return await pollDocument(ctx, doc, fetched.document);
  } catch (err) {
    const failure = pollFailure(err);
    const { reason } = failure;
    ctx.log().warn({ reason, err: failure.error.message, url: redactUrl(ctx.url) }, 'feed poll failed');
    feedFetches.inc({ feed: feed.id, outcome: 'error' });
    feedErrors.inc({ feed: feed.id, reason });
    const stored = await storeFailure(ctx, failure);
    await deadLetterDocument(ctx, failure, fetched);
    return result(ctx, 'error', stored, failure.status, { error: failure.message });
  } finally {
    fetchDuration.observe({ feed: feed.id }, (Date.now() - ctx.started) / 1000);
  }
}

/** A fetched body: parse, diff against the seen set, publish, and only then store what was seen. */
async function pollDocument(
  ctx: PollContext,
  doc: FetchedBody,
  document: FeedDocumentRecord,
): Promise<FeedPollResult> {
  const { feed, deps } = ctx;
  const read = await parseFetched(ctx, doc);
  const previous = await deps.state.seenItems(feed.id);
  const diff = diffItems(previous, keyedItems(feed.id, read.parsed.items));
  const paged = await pageFetcherFor(deps.config, deps.pages).pagesFor(
    { feed, resolve: deps.resolve, state: deps.state },
    rawRecords(ctx, doc, read.parsed, diff.changed),
  );
  await publishItems(ctx, document, paged.records, paged.documents);
  // Like the feed's validators, a page's are stored only once the records that carry it are acknowledged.
  await deps.state.savePages(paged.remember, deps.config.fetcher.pages.stateTtlSeconds);
  await storeSeen(ctx, diff, previous);
  const stored = await storeSuccess(ctx, doc, read, document);
  feedFetches.inc({ feed: feed.id, outcome: 'ok' });
  feedItems.inc({ feed: feed.id, kind: 'new' }, diff.created);
  feedItems.inc({ feed: feed.id, kind: 'updated' }, diff.updated);
  feedItems.inc({ feed: feed.id, kind: 'unchanged' }, diff.unchanged);
  return result(ctx, 'ok', stored, doc.status, {
    items: read.parsed.items.length,
    published: { new: diff.created, updated: diff.updated },
    pages: countPages(paged.records),
  });
}

function result(
  { feed, started }: PollContext,
  outcome: PollOutcome,
  stored: StoredState,
  status: number | null,
  extra: Partial<FeedPollResult> = {},
): FeedPollResult {
  return {
    feedId: feed.id,
    outcome,
    items: 0,
    published: { new: 0, updated: 0 },
    error: null,
    durationMs: Date.now() - started,
    status,
    nextPollAt: stored.nextPollAt,
    parked: stored.parked,
    pages: noPages(),
    ...extra,
  };
}
