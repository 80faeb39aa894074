import type { WirestreamConfig } from '@wirestream/contract';
import { loadFeedList } from '@wirestream/feeds';
import { backfill, parseInstant, type PagingStyle } from '@wirestream/replay';
import { runJobCommand, type JobModeOptions } from './replay.js';

export interface BackfillCommandOptions extends JobModeOptions {
  feed: string;
  feeds?: string;
  pages?: string;
  since?: string;
  paging?: string;
  delayMs?: string;
}

const PAGING = ['auto', 'archive', 'paged', 'page'];

/** `wirestream backfill --feed ID [--pages N | --since DATE]`. */
export async function backfillCommand(
  config: WirestreamConfig,
  options: BackfillCommandOptions,
): Promise<number> {
  const file = options.feeds ?? config.fetcher.feedsFile;
  if (!file) throw new Error('backfill: name the feed list with --feeds FILE (or WIRESTREAM_FEEDS)');
  const feed = loadFeedList(file).find((f) => f.id === options.feed);
  if (!feed) throw new Error(`backfill: no feed with id "${options.feed}" in ${file}`);
  if (options.pages !== undefined && options.since !== undefined)
    throw new Error('backfill: give --pages or --since, not both');
  const pages = options.pages === undefined ? undefined : Number(options.pages);
  if (pages !== undefined && !(Number.isInteger(pages) && pages > 0))
    throw new Error(`--pages: not a positive whole number: ${options.pages}`);
  const paging = options.paging ?? 'auto';
  if (!PAGING.includes(paging)) throw new Error(`--paging: one of ${PAGING.join(', ')}`);
  const delayMs = options.delayMs === undefined ? undefined : Number(options.delayMs);
  return runJobCommand(config, options, (services, jobOptions) =>
    backfill(services, {
      ...jobOptions,
      feed,
      ...(pages !== undefined ? { pages } : {}),
      ...(options.since ? { since: parseInstant(options.since, new Date()) } : {}),
      paging: paging as 'auto' | PagingStyle,
      ...(delayMs !== undefined ? { requestDelayMs: delayMs } : {}),
    }),
  );
}
