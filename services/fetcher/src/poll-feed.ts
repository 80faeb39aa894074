import {
  DLQ_TOPIC,
  FEEDS_RAW_TOPIC,
  RAW_TOPIC,
  type FeedDocumentRecord,
  type FeedSource,
  type RawItemRecord,
  type TopicBatch,
  type WirestreamConfig,
} from '@wirestream/contract';
import { FeedParseError, keyedItems, parseFeed, rawItemRecord, type FeedState } from '@wirestream/feeds';
import { parseDate } from '@wirestream/normalize/dates';
import { deadLetter, deadLetters, redactUrl, type Logger } from '@wirestream/runtime';
import {
  FetchError,
  feedDocumentFor,
  fetchDocument,
  fetchedOrigin,
  type FeedStateStore,
  type HostResolver,
} from '@wirestream/runtime/feeds';
import { recordInputRepairs } from './input-repairs.js';
import {
  feedDocumentsUnchanged,
  feedErrors,
  feedFetches,
  feedItems,
  feedLastStatus,
  feedNewestItem,
  feedNextPoll,
  feedRetryAfter,
  feedsParked,
  fetchDuration,
} from './metrics.js';
import { nextPollAt, type PollResponse } from './schedule.js';

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
}

/** Where raw records and dead letters go: the producer itself, or a BatchSender in front of it. */
export interface RecordSink {
  send(batches: readonly TopicBatch[]): Promise<void>;
}

export interface PollDeps {
  config: WirestreamConfig;
  logger: Logger;
  producer: RecordSink;
  state: FeedStateStore;
  now?: () => Date;
  /** Jitter source for backoff; Math.random unless a test pins it. */
  rng?: () => number;
  /** Name resolution for feed hosts (checked against the address policy); the system's unless a test maps names. */
  resolve?: HostResolver;
}

const headerRecord = (headers: Headers | null): Record<string, string> =>
  headers ? Object.fromEntries(headers.entries()) : {};

/**
 * One poll of one feed: conditional GET, parse, publish the items that are new or changed, and
 * only then remember them. Never throws: a failure is recorded on the feed and returned.
 */
export async function pollFeed(feed: FeedSource, deps: PollDeps, known?: FeedState): Promise<FeedPollResult> {
  const started = Date.now();
  const now = deps.now ?? (() => new Date());
  const rng = deps.rng ?? Math.random;
  // Made on first use: most polls log nothing, and a child logger per poll is measurable garbage.
  let child: Logger | null = null;
  const log = (): Logger => (child ??= deps.logger.child({ feed: feed.id }));
  const state = known ?? (await deps.state.get(feed.id));
  const url = state.url ?? feed.url;
  const fetchedAt = now();
  /** The schedule, health and timing fields every poll ends by storing, whatever happened. */
  const finish = (response: PollResponse): Partial<FeedState> & { nextPollAt: string; parked: boolean } => {
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
  };
  const result = (
    outcome: PollOutcome,
    stored: { nextPollAt: string; parked: boolean },
    status: number | null,
    extra: Partial<FeedPollResult> = {},
  ): FeedPollResult => ({
    feedId: feed.id,
    outcome,
    items: 0,
    published: { new: 0, updated: 0 },
    error: null,
    durationMs: Date.now() - started,
    status,
    nextPollAt: stored.nextPollAt,
    parked: stored.parked,
    ...extra,
  });
  let body: Buffer | null = null;
  // Every distinct fetched body is kept (a parser fix can be replayed over it), sent with the items or the dead letter.
  let document: FeedDocumentRecord | null = null;
  try {
    const doc = await fetchDocument(url, state, deps.config.fetcher, {
      privateHost: feed.allowPrivateNetwork ? new URL(feed.url).hostname : null,
      ...(deps.resolve ? { resolve: deps.resolve } : {}),
    });
    body = doc.body;
    const moved = doc.movedPermanentlyTo ? { url: doc.movedPermanentlyTo } : {};
    if (doc.status === 304 || !doc.body) {
      const stored = {
        ...finish({ outcome: 'not-modified', status: doc.status, headers: headerRecord(doc.headers) }),
        ...moved,
        lastSuccessAt: fetchedAt.toISOString(),
        lastError: null,
      };
      await deps.state.update(feed.id, stored);
      feedFetches.inc({ feed: feed.id, outcome: 'not_modified' });
      return result('not-modified', stored, doc.status);
    }

    document = await feedDocumentFor(feed, { ...doc, body: doc.body }, fetchedAt);
    const parsed = await parseFeed(doc.body, {
      contentType: doc.headers.get('content-type'),
      url: doc.finalUrl,
      // A gzip file sent without Content-Encoding is inflated by the parser: the same limit applies.
      maxBytes: deps.config.fetcher.maxBodyBytes,
    });
    const newest = Math.max(
      ...parsed.items.map(
        (i) => parseDate(i.published ?? i.updated ?? '')?.getTime() ?? Number.NEGATIVE_INFINITY,
      ),
    );
    if (Number.isFinite(newest) && newest <= fetchedAt.getTime() + 3_600_000) {
      feedNewestItem.set({ feed: feed.id, agency: feed.agency }, newest / 1000);
    }
    const malformed = parsed.warnings.filter((w) => w.startsWith('malformed'));
    // The parser salvages what it can; a broken document that yields no item at all is a failed poll.
    if (malformed.length > 0 && parsed.items.length === 0) {
      throw new FeedParseError('malformed', `${malformed[0]} (no item could be read)`);
    }
    if (malformed.length > 0) {
      feedErrors.inc({ feed: feed.id, reason: 'malformed-partial' });
      log().warn(
        { warnings: malformed.slice(0, 3), items: parsed.items.length },
        'malformed feed: published the items that could be read',
      );
    }
    const repaired = recordInputRepairs(feed, parsed, fetchedAt, deps.config, log);

    const previous = await deps.state.seenItems(feed.id);
    const current = new Map<string, string>();
    const records: RawItemRecord[] = [];
    const origin = fetchedOrigin(feed, url, doc, fetchedAt);
    for (const keyed of keyedItems(feed.id, parsed.items)) {
      current.set(keyed.key, keyed.hash);
      const seen = previous.get(keyed.key);
      if (seen?.hash === keyed.hash) continue;
      records.push(rawItemRecord(parsed, origin, keyed, seen ? 'updated' : 'new'));
    }

    // A server without validators sends the same body on every poll; replaying it again adds nothing.
    const documentChanged = state.documentSha256 !== document.body.sha256;
    if (!documentChanged) feedDocumentsUnchanged.inc({ feed: feed.id });
    await deps.producer.send([
      { spec: FEEDS_RAW_TOPIC, records: documentChanged ? [{ key: feed.id, value: document }] : [] },
      { spec: RAW_TOPIC, records: records.map((r) => ({ key: r.itemKey, value: r })) },
    ]);
    await deps.state.markSeen(feed.id, current, previous, Math.floor(fetchedAt.getTime() / 1000));
    // Validators last: had we stored them before publishing, a crash would turn the next poll into a 304 and lose items.
    const stored = {
      ...finish({
        outcome: 'ok',
        status: doc.status,
        headers: headerRecord(doc.headers),
        ttlMinutes: parsed.ttlMinutes,
      }),
      ...moved,
      etag: doc.headers.get('etag'),
      lastModified: doc.headers.get('last-modified'),
      documentSha256: document.body.sha256,
      lastSuccessAt: fetchedAt.toISOString(),
      lastError: malformed.length > 0 ? `partial: ${malformed[0]}` : repaired,
    };
    await deps.state.update(feed.id, stored);
    const created = records.filter((r) => r.change === 'new').length;
    const updated = records.length - created;
    feedFetches.inc({ feed: feed.id, outcome: 'ok' });
    feedItems.inc({ feed: feed.id, kind: 'new' }, created);
    feedItems.inc({ feed: feed.id, kind: 'updated' }, updated);
    feedItems.inc({ feed: feed.id, kind: 'unchanged' }, current.size - records.length);
    return result('ok', stored, doc.status, {
      items: parsed.items.length,
      published: { new: created, updated },
    });
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    const reason =
      error instanceof FeedParseError ? error.reason : error instanceof FetchError ? error.reason : 'publish';
    const message = `${reason}: ${error.message}`;
    log().warn({ reason, err: error.message, url: redactUrl(url) }, 'feed poll failed');
    feedFetches.inc({ feed: feed.id, outcome: 'error' });
    feedErrors.inc({ feed: feed.id, reason });
    const status = error instanceof FetchError ? error.status : 200;
    const stored = {
      ...finish({
        outcome: 'error',
        status,
        headers: headerRecord(error instanceof FetchError ? error.headers : null),
      }),
      lastError: message,
    };
    await deps.state
      .update(feed.id, stored)
      .catch((stateErr: unknown) => log().error({ err: stateErr }, 'could not record feed failure'));
    if (error instanceof FeedParseError) {
      // The document itself is kept, so a parser fix can be replayed over it.
      const letter = deadLetter({
        stage: 'parse',
        error: { name: `FeedParseError:${error.reason}`, message: error.message },
        source: { key: feed.id, feedId: feed.id, url },
        payload: body,
        failedAt: fetchedAt,
      });
      await deps.producer
        .send([
          { spec: FEEDS_RAW_TOPIC, records: document ? [{ key: feed.id, value: document }] : [] },
          { spec: DLQ_TOPIC, records: [{ key: feed.id, value: letter }] },
        ])
        .then(() => deadLetters.inc({ stage: letter.stage, reason }))
        .catch((dlqErr: unknown) => log().error({ err: dlqErr }, 'could not dead-letter the feed document'));
    }
    return result('error', stored, status, { error: message });
  } finally {
    fetchDuration.observe({ feed: feed.id }, (Date.now() - started) / 1000);
  }
}
