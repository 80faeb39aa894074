import type { FeedSource, WirestreamConfig } from '@wirestream/contract';
import type { ParsedFeed } from '@wirestream/feeds';
import { parseDate } from '@wirestream/normalize/dates';
import type { Logger } from '@wirestream/runtime';
import { inputRepairs } from './metrics.js';

/**
 * Counts what the parser neutralised in a feed it still published (control characters, oversized
 * fields, stray bytes, wrong JSON types), and the items dated beyond the future tolerance, which the
 * enricher will publish with the fetch time instead. Returns the line kept as the feed's lastError,
 * or null when the document was clean.
 */
export function recordInputRepairs(
  feed: FeedSource,
  parsed: ParsedFeed,
  fetchedAt: Date,
  config: WirestreamConfig,
  log: () => Logger,
): string | null {
  const notes = parsed.repairs.map((r) => r.message);
  for (const repair of parsed.repairs) inputRepairs.inc({ feed: feed.id, kind: repair.kind });
  const latest = fetchedAt.getTime() + config.enricher.futureToleranceMinutes * 60_000;
  const future = parsed.items.filter(
    (item) => (parseDate(item.published ?? item.updated ?? '')?.getTime() ?? 0) > latest,
  ).length;
  if (future > 0) {
    inputRepairs.inc({ feed: feed.id, kind: 'future-date' }, future);
    notes.push(
      `${future} item${future === 1 ? '' : 's'} dated in the future (published with the fetch time)`,
    );
  }
  if (notes.length === 0) return null;
  log().warn({ repairs: notes.slice(0, 5) }, 'repaired feed input: published the items');
  return `repaired: ${notes.join('; ')}`.slice(0, 1000);
}
