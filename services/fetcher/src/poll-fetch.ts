/**
 * Poll stage 1, fetch: the conditional GET of the feed (its stored validators, the SSRF guard with
 * the feed's own host let through when the feed list allows it), and what any failure of a poll
 * means for the feed: a reason, the HTTP status and headers the scheduler looks at.
 */
import { FeedParseError } from '@wirestream/feeds';
import { FetchError, fetchDocument, type FetchedDocument } from '@wirestream/runtime/feeds';
import type { PollContext } from './poll-context.js';

/** A fetched document with a body: a 200 (a 304 or an empty answer has none). */
export type FetchedBody = FetchedDocument & { body: Buffer };

export function fetchFeed({ feed, deps, state, url }: PollContext): Promise<FetchedDocument> {
  return fetchDocument(url, state, deps.config.fetcher, {
    privateHost: feed.allowPrivateNetwork ? new URL(feed.url).hostname : null,
    ...(deps.resolve ? { resolve: deps.resolve } : {}),
  });
}

export const hasBody = (doc: FetchedDocument): doc is FetchedBody => doc.status !== 304 && doc.body !== null;

/** Response headers as the scheduler reads them; none when no response came back. */
export const headerRecord = (headers: Headers | null): Record<string, string> =>
  headers ? Object.fromEntries(headers.entries()) : {};

/** A failed poll, as recorded on the feed. */
export interface PollFailure {
  error: Error;
  /** The fetch or parse reason; `publish` for anything else (the broker or Redis failed). */
  reason: string;
  /** `reason: message`, the feed's lastError. */
  message: string;
  /** The HTTP status: the failed response's, null when none came, 200 when the body was the trouble. */
  status: number | null;
  headers: Record<string, string>;
}

export function pollFailure(err: unknown): PollFailure {
  const error = err instanceof Error ? err : new Error(String(err));
  const reason =
    error instanceof FeedParseError ? error.reason : error instanceof FetchError ? error.reason : 'publish';
  return {
    error,
    reason,
    message: `${reason}: ${error.message}`,
    status: error instanceof FetchError ? error.status : 200,
    headers: headerRecord(error instanceof FetchError ? error.headers : null),
  };
}
