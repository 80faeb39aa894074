/**
 * Poll stage 4, publish: the raw records of the new and updated items (news.raw.v1) with the fetched
 * document (news.feeds.raw.v1) and the fetched article pages (news.pages.v1) in one send; or, when the document could not be parsed, the document
 * with its dead letter. Every distinct fetched body is kept, so a parser fix can be replayed over it.
 */
import {
  DLQ_TOPIC,
  FEEDS_RAW_TOPIC,
  PAGES_TOPIC,
  RAW_TOPIC,
  type FeedDocumentRecord,
  type PageDocumentRecord,
  type RawItemRecord,
} from '@wirestream/contract';
import { FeedParseError, rawItemRecord, type ParsedFeed } from '@wirestream/feeds';
import { deadLetter, deadLetters } from '@wirestream/runtime';
import { fetchedOrigin } from '@wirestream/runtime/feeds';
import type { ItemChange } from './item-diff.js';
import { feedDocumentsUnchanged } from './metrics.js';
import type { PollContext } from './poll-context.js';
import type { FetchedBody, PollFailure } from './poll-fetch.js';

/** What a poll has fetched so far: the body, and the document record made of it (both null until then). */
export interface FetchedSoFar {
  body: Buffer | null;
  document: FeedDocumentRecord | null;
}

/** The raw records of the items to publish, in document order. */
export function rawRecords(
  { feed, url, fetchedAt }: PollContext,
  doc: FetchedBody,
  parsed: ParsedFeed,
  changed: readonly ItemChange[],
): RawItemRecord[] {
  const origin = fetchedOrigin(feed, url, doc, fetchedAt);
  return changed.map(({ keyed, change }) => rawItemRecord(parsed, origin, keyed, change));
}

export async function publishItems(
  { feed, deps, state }: PollContext,
  document: FeedDocumentRecord,
  records: readonly RawItemRecord[],
  pages: readonly PageDocumentRecord[] = [],
): Promise<void> {
  // A server without validators sends the same body on every poll; replaying it again adds nothing.
  const documentChanged = state.documentSha256 !== document.body.sha256;
  if (!documentChanged) feedDocumentsUnchanged.inc({ feed: feed.id });
  await deps.producer.send([
    { spec: FEEDS_RAW_TOPIC, records: documentChanged ? [{ key: feed.id, value: document }] : [] },
    { spec: PAGES_TOPIC, records: pages.map((p) => ({ key: p.itemKey, value: p })) },
    { spec: RAW_TOPIC, records: records.map((r) => ({ key: r.itemKey, value: r })) },
  ]);
}

/**
 * A document the parser refused goes to the dead-letter topic, and the document itself is kept, so
 * a parser fix can be replayed over it. Other failures (fetch, publish) have nothing to dead-letter.
 * Never throws: a failure to dead-letter is logged.
 */
export async function deadLetterDocument(
  { feed, deps, url, fetchedAt, log }: PollContext,
  failure: PollFailure,
  fetched: FetchedSoFar,
): Promise<void> {
  const { error, reason } = failure;
  if (!(error instanceof FeedParseError)) return;
  const letter = deadLetter({
    stage: 'parse',
    error: { name: `FeedParseError:${error.reason}`, message: error.message },
    source: { key: feed.id, feedId: feed.id, url },
    payload: fetched.body,
    failedAt: fetchedAt,
  });
  await deps.producer
    .send([
      { spec: FEEDS_RAW_TOPIC, records: fetched.document ? [{ key: feed.id, value: fetched.document }] : [] },
      { spec: DLQ_TOPIC, records: [{ key: feed.id, value: letter }] },
    ])
    .then(() => deadLetters.inc({ stage: letter.stage, reason }))
    .catch((dlqErr: unknown) => log().error({ err: dlqErr }, 'could not dead-letter the feed document'));
}
