export { decodeFeed } from './decode.js';
export { FeedParseError, MAX_FEED_BYTES, type FeedErrorReason } from './errors.js';
export { itemIdentity } from './identity.js';
export type { ParsedFeed } from './model.js';
export { parseFeed, type ParseFeedOptions } from './parse.js';
export { htmlToText, sanitizeHtml } from './sanitize.js';
