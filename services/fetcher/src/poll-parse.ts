/**
 * Poll stage 2, parse: the fetched bytes → the document's items. What the parser had to salvage is
 * recorded (metrics, a warning, the line kept as the feed's lastError); a broken document that
 * yields no item at all fails the poll with a FeedParseError, which dead-letters it.
 */
import { FeedParseError, parseFeed, type ParsedFeed } from '@wirestream/feeds';
import { parseDate } from '@wirestream/normalize/dates';
import { recordInputRepairs } from './input-repairs.js';
import { feedErrors, feedNewestItem } from './metrics.js';
import type { PollContext } from './poll-context.js';
import type { FetchedBody } from './poll-fetch.js';

export interface ParsedDocument {
  parsed: ParsedFeed;
  /** The feed's lastError after this poll: the first malformed part, the repairs made, or null. */
  note: string | null;
}

export async function parseFetched(ctx: PollContext, doc: FetchedBody): Promise<ParsedDocument> {
  const { feed, deps, fetchedAt, log } = ctx;
  const parsed = await parseFeed(doc.body, {
    contentType: doc.headers.get('content-type'),
    url: doc.finalUrl,
    // A gzip file sent without Content-Encoding is inflated by the parser: the same limit applies.
    maxBytes: deps.config.fetcher.maxBodyBytes,
  });
  recordNewestItem(ctx, parsed);
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
  return { parsed, note: malformed.length > 0 ? `partial: ${malformed[0]}` : repaired };
}

/** The freshness gauge: the newest item's date, unless it lies more than an hour ahead. */
function recordNewestItem({ feed, fetchedAt }: PollContext, parsed: ParsedFeed): void {
  const newest = Math.max(
    ...parsed.items.map(
      (i) => parseDate(i.published ?? i.updated ?? '')?.getTime() ?? Number.NEGATIVE_INFINITY,
    ),
  );
  if (Number.isFinite(newest) && newest <= fetchedAt.getTime() + 3_600_000) {
    feedNewestItem.set({ feed: feed.id, agency: feed.agency }, newest / 1000);
  }
}
