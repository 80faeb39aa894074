/**
 * @wirestream/runtime/feeds: the feed I/O several services share. The fetcher polls with it, replay's
 * backfill fetches archive pages with it, the monitor and the CLI read feed state with it.
 * - fetch-document.ts: HTTP GET of a feed document, with the SSRF guard (address-guard.ts)
 * - host-gate.ts: at most n requests in flight per host, a gap between them, pauses a host asked for
 * - retry-after.ts: what a 429/503 Retry-After asks for
 * - feed-document.ts: a fetched document → its origin (for raw items) and its news.feeds.raw.v1 or
 *   news.pages.v1 record
 * - feed-state-store.ts: each feed's state in Redis, and the pages fetched lately
 * The pure parts (parsing, items → raw records, the feed list, feed health) are in @wirestream/feeds.
 */
export {
  FetchError,
  fetchDocument,
  type FetchErrorReason,
  type FetchLimits,
  type FetchOptions,
  type FetchedDocument,
  type Validators,
} from './fetch-document.js';
export type { HostResolver, ResolvedAddress } from './address-guard.js';
export { HostGate, HostGateRefusal, type GateOptions } from './host-gate.js';
export { asksToWait, retryAfterSeconds } from './retry-after.js';
export { feedDocumentFor, fetchedOrigin, pageDocumentFor } from './feed-document.js';
export { FeedStateStore, type StoredPage } from './feed-state-store.js';
