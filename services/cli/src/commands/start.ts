import {
  FEEDS_RAW_TOPIC,
  TOPICS,
  type FeedSource,
  type PageStatus,
  type WirestreamConfig,
} from '@wirestream/contract';
import { enrichedTextSources, enricherRegistry } from '@wirestream/enricher';
import { loadFeedList } from '@wirestream/feeds';
import { fetcherRegistry, type FeedPollResult } from '@wirestream/fetcher';
import { createLogger, onShutdown, startOpsServer } from '@wirestream/runtime';
import { table as makeTable } from '../table.js';
import { SAMPLES_PORT, sampleFiles, startSampleServer, type FeedServer } from '../feed-server.js';
import { openPipeline, waitForDrain, type Pipeline } from '../pipeline.js';
import { repoRoot } from '../paths.js';
import { ensureKafka, ensureRedis } from '../services.js';

export interface StartOptions {
  once?: boolean;
  feeds?: string;
  drainTimeout?: string;
}

async function resolveFeeds(
  config: WirestreamConfig,
  file: string | undefined,
): Promise<{ feeds: FeedSource[]; server: FeedServer | null }> {
  const explicit = file ?? config.fetcher.feedsFile;
  if (explicit) return { feeds: loadFeedList(explicit), server: null };
  const root = repoRoot();
  if (!root) throw new Error('no feed list: pass --feeds FILE or set WIRESTREAM_FEEDS');
  const server = await startSampleServer(root, SAMPLES_PORT, () =>
    process.stderr.write(
      `wirestream: port ${SAMPLES_PORT} is taken; the sample items link to another port than usual, ` +
        'so a fetcher that remembers an earlier run sees them as changed\n',
    ),
  );
  process.stderr.write(
    `wirestream: no feed list given; serving the bundled sample feeds and their article pages at ${server.baseUrl}\n`,
  );
  return { feeds: loadFeedList(sampleFiles(root).list, { base: server.baseUrl }), server };
}

const PAGE_STATUSES: readonly PageStatus[] = ['ok', 'walled', 'failed', 'skipped'];

/** A poll's article pages in a few words ("3 ok, 1 walled"); empty when it looked at none. */
const pagesCell = (pages: FeedPollResult['pages']): string =>
  PAGE_STATUSES.filter((s) => pages[s] > 0)
    .map((s) => `${pages[s]} ${s}`)
    .join(', ');

export function printPolls(results: FeedPollResult[], out: NodeJS.WritableStream = process.stdout): void {
  const table = makeTable(['feed', 'outcome', 'items', 'new', 'updated', 'article pages', 'ms', 'error']);
  for (const r of results) {
    table.push([
      r.feedId,
      r.outcome,
      r.items,
      r.published.new,
      r.published.updated,
      pagesCell(r.pages),
      r.durationMs,
      r.error ?? '',
    ]);
  }
  out.write(`${table.toString()}\n`);
}

/**
 * How many items got their full text from their article page: the enricher's count of items
 * enriched on a page's text (it takes the page's when the page was read and says more than the
 * feed), and what became of the pages the fetcher looked at.
 */
export function printFullText(
  results: FeedPollResult[],
  sources: { feed: number; page: number },
  out: NodeJS.WritableStream = process.stdout,
): void {
  const pages = Object.fromEntries(
    PAGE_STATUSES.map((s) => [s, results.reduce((n, r) => n + r.pages[s], 0)]),
  ) as FeedPollResult['pages'];
  const looked = PAGE_STATUSES.reduce((n, s) => n + pages[s], 0);
  const enriched = sources.feed + sources.page;
  if (enriched === 0 && looked === 0) return;
  out.write(
    `full text: ${sources.page} of ${enriched} items enriched on the text of their article page` +
      (looked > 0
        ? ` (pages looked at: ${PAGE_STATUSES.map((s) => `${pages[s]} ${s}`).join(', ')})`
        : ' (no page looked at: the feeds carried the whole text, or fullText is never)') +
      '\n',
  );
}

export function printPublished(pipeline: Pipeline, out: NodeJS.WritableStream = process.stdout): void {
  const table = makeTable(['topic', 'published']);
  for (const spec of TOPICS) {
    const count = pipeline.producer.sent.get(spec.name) ?? 0;
    if (count > 0) table.push([pipeline.kafka.topic(spec), count]);
  }
  const documents = pipeline.producer.sent.get(FEEDS_RAW_TOPIC.name) ?? 0;
  if (table.length === (documents > 0 ? 1 : 0)) {
    // A second run over unchanged feeds: say why no item came out rather than print a lone row.
    out.write(
      `published no items${documents > 0 ? ` (only the ${documents} feed documents, kept for replay)` : ''}: ` +
        'no feed had new or changed items since the last poll ' +
        '(seen items are remembered in Redis; REDIS_KEY_PREFIX gives a run its own state)\n',
    );
    return;
  }
  out.write(`published per topic:\n${table.toString()}\n`);
}

/** `wirestream start`: the whole pipeline in one process, against named or local services. */
export async function startCommand(
  config: WirestreamConfig,
  namedBrokers: boolean,
  options: StartOptions,
): Promise<void> {
  const logger = createLogger(config.log.level);
  await ensureKafka(config, namedBrokers);
  await ensureRedis(config, logger);
  const { feeds, server } = await resolveFeeds(config, options.feeds);
  const pipeline = await openPipeline(config, logger, feeds);
  await pipeline.enricher.start();
  const ops =
    config.metrics.port > 0
      ? await startOpsServer({
          port: config.metrics.port,
          registries: [fetcherRegistry, enricherRegistry],
          ready: () => pipeline.redis.status === 'ready',
          logger,
        })
      : null;
  const shutdown = async (): Promise<void> => {
    await pipeline.close();
    await server?.close();
    await ops?.close();
  };

  if (options.once) {
    const started = Date.now();
    const results = await pipeline.fetcher.pollAll();
    const drained = await waitForDrain(
      pipeline.kafka,
      config.enricher.groupId,
      Number(options.drainTimeout ?? 60) * 1000,
    );
    const ok = results.filter((r) => r.outcome === 'ok').length;
    const notModified = results.filter((r) => r.outcome === 'not-modified').length;
    const failed = results.length - ok - notModified;
    process.stdout.write(
      `polled ${results.length} feeds in ${((Date.now() - started) / 1000).toFixed(1)} s: ${ok} ok, ${notModified} not modified, ${failed} failed\n`,
    );
    printPolls(results);
    printPublished(pipeline);
    printFullText(results, await enrichedTextSources());
    if (!drained)
      process.stdout.write('warning: the enricher had not caught up when the drain timeout ran out\n');
    await shutdown();
    return;
  }

  onShutdown(logger, async () => {
    printPublished(pipeline);
    await shutdown();
  });
  process.stdout.write(`wirestream running: ${feeds.length} feeds; Ctrl-C stops\n`);
  await pipeline.fetcher.run((result) => {
    if (result.outcome === 'not-modified') return;
    const pages = pagesCell(result.pages);
    const what =
      result.outcome === 'ok'
        ? `${result.items} items, ${result.published.new} new, ${result.published.updated} updated` +
          (pages ? `; article pages: ${pages}` : '')
        : result.error;
    process.stdout.write(`${new Date().toISOString()} ${result.feedId}: ${result.outcome} (${what})\n`);
  });
}
