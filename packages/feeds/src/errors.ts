export type FeedErrorReason =
  | 'undecodable'
  | 'not-a-feed'
  | 'malformed'
  | 'too-large'
  | 'empty'
  /** The DTD declares external or nested entities (XXE, billion laughs): refused, never expanded. */
  | 'unsafe-dtd';

/** The only error `parseFeed` throws: the document yields no usable feed at all. */
export class FeedParseError extends Error {
  readonly reason: FeedErrorReason;

  constructor(reason: FeedErrorReason, message: string) {
    super(message);
    this.name = 'FeedParseError';
    this.reason = reason;
  }
}

/**
 * Refuse documents above this size before decoding or parsing: the largest real agency feeds are
 * a few MiB, and a bound keeps one hostile or broken source from stalling a worker.
 */
export const MAX_FEED_BYTES = 20 * 1024 * 1024;
