/**
 * @wirestream/runtime/feeds: the feed I/O several services share. The fetcher polls with it, replay's
 * backfill fetches archive pages with it, the monitor and the CLI read feed state with it.
 * - fetch-document.ts: HTTP GET of a feed document, with the SSRF guard (address-guard.ts)
 * - host-gate.ts: at most n requests in flight per host
 * - feed-document.ts: a fetched document → its origin (for raw items) and its news.feeds.raw.v1 record
 * - feed-state-store.ts: each feed's state in Redis
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
export { HostGate } from './host-gate.js';
export { feedDocumentFor, fetchedOrigin } from './feed-document.js';
export { FeedStateStore } from './feed-state-store.js';
