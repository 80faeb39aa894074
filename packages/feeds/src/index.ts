export { decodeFeed } from './decode.js';
export { FeedParseError, MAX_FEED_BYTES, type FeedErrorReason } from './errors.js';
export { itemIdentity } from './identity.js';
export type { ParsedFeed } from './model.js';
export { parseFeed, type ParseFeedOptions } from './parse.js';
export { htmlToText, sanitizeHtml } from './sanitize.js';
export { itemHash, keyedItems, rawItemRecord, type FeedOrigin, type KeyedItem } from './raw-items.js';
export { feedIdFromUrl, loadFeedList, parseOpml } from './feed-list.js';
export {
  FEED_HEALTH,
  DEFAULT_INTERVAL_SECONDS,
  DEFAULT_STALE_AFTER_INTERVALS,
  feedHealth,
  feedIntervals,
  secondsSinceSuccess,
  type FeedHealth,
  type FeedState,
  type HealthPolicy,
} from './feed-health.js';
