/**
 * Poll stage 5, store state: what the feed's state in Redis says after the poll. Every poll ends by
 * storing its schedule (next poll, backoff, parking) and health fields, whatever happened; a
 * successful one also stores the seen set and the validators, after publishing.
 */
import type { FeedDocumentRecord } from '@wirestream/contract';
import type { FeedState } from '@wirestream/feeds';
import type { FetchedDocument } from '@wirestream/runtime/feeds';
import type { ItemDiff } from './item-diff.js';
import { feedLastStatus, feedNextPoll, feedRetryAfter, feedsParked } from './metrics.js';
import type { PollContext } from './poll-context.js';
import { headerRecord, type FetchedBody, type PollFailure } from './poll-fetch.js';
import type { ParsedDocument } from './poll-parse.js';
import { nextPollAt, type PollResponse } from './schedule.js';

/** The state a poll stores: always its schedule, which the poll result reports. */
export type StoredState = Partial<FeedState> & { nextPollAt: string; parked: boolean };

/** The schedule, health and timing fields every poll ends by storing, whatever happened. */
function scheduleFields(ctx: PollContext, response: PollResponse): StoredState {
  const { feed, state, fetchedAt, rng, deps, started, log } = ctx;
  const decision = nextPollAt(feed, state, response, fetchedAt, rng, deps.config.fetcher);
  if (decision.parked && !state.parked) {
    feedsParked.inc();
    log().warn({ failures: decision.consecutiveFailures }, 'feed parked after repeated failures');
  }
  if (decision.reason === 'retry-after') feedRetryAfter.inc({ feed: feed.id });
  feedLastStatus.set({ feed: feed.id }, response.status ?? 0);
  feedNextPoll.set({ feed: feed.id }, decision.nextPollAt.getTime() / 1000);
  return {
    lastStatus: response.status,
    lastFetchAt: fetchedAt.toISOString(),
    lastDurationMs: Date.now() - started,
    consecutiveFailures: decision.consecutiveFailures,
    nextPollAt: decision.nextPollAt.toISOString(),
    parked: decision.parked,
  };
}

const moved = (doc: FetchedDocument): { url?: string } =>
  doc.movedPermanentlyTo ? { url: doc.movedPermanentlyTo } : {};

export async function storeNotModified(ctx: PollContext, doc: FetchedDocument): Promise<StoredState> {
  const stored = {
    ...scheduleFields(ctx, {
      outcome: 'not-modified',
      status: doc.status,
      headers: headerRecord(doc.headers),
    }),
    ...moved(doc),
    lastSuccessAt: ctx.fetchedAt.toISOString(),
    lastError: null,
  };
  await ctx.deps.state.update(ctx.feed.id, stored);
  return stored;
}

/** Called only after the broker acknowledged the records, so a crash in between re-publishes rather than loses. */
export async function storeSeen(
  { feed, deps, fetchedAt }: PollContext,
  diff: ItemDiff,
  previous: ReadonlyMap<string, { hash: string; lastSeen: number }>,
): Promise<void> {
  await deps.state.markSeen(feed.id, diff.current, previous, Math.floor(fetchedAt.getTime() / 1000));
}

export async function storeSuccess(
  ctx: PollContext,
  doc: FetchedBody,
  { parsed, note }: ParsedDocument,
  document: FeedDocumentRecord,
): Promise<StoredState> {
  // Validators last: had we stored them before publishing, a crash would turn the next poll into a 304 and lose items.
  const stored = {
    ...scheduleFields(ctx, {
      outcome: 'ok',
      status: doc.status,
      headers: headerRecord(doc.headers),
      ttlMinutes: parsed.ttlMinutes,
    }),
    ...moved(doc),
    etag: doc.headers.get('etag'),
    lastModified: doc.headers.get('last-modified'),
    documentSha256: document.body.sha256,
    lastSuccessAt: ctx.fetchedAt.toISOString(),
    lastError: note,
  };
  await ctx.deps.state.update(ctx.feed.id, stored);
  return stored;
}

/** Records a failed poll on the feed. Never throws: a state store that fails too is logged. */
export async function storeFailure(ctx: PollContext, failure: PollFailure): Promise<StoredState> {
  const stored = {
    ...scheduleFields(ctx, { outcome: 'error', status: failure.status, headers: failure.headers }),
    lastError: failure.message,
  };
  await ctx.deps.state
    .update(ctx.feed.id, stored)
    .catch((stateErr: unknown) => ctx.log().error({ err: stateErr }, 'could not record feed failure'));
  return stored;
}
