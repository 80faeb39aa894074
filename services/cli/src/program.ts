import { Command } from 'commander';
import { brokersNamed, loadConfig } from '@wirestream/runtime';

// Each command loads its own modules when it runs: a fetcher worker has no use for the tagger's
// lexicons or the language model, which would cost it over 100 MB of memory and a slower start.

// Long on purpose: this is the command table, one `program.command(…)` entry per command in `--help`
// order, each a few declarative lines. Cut into groups it would be harder to scan, not easier.
// eslint-disable-next-line max-lines-per-function -- a table of commands (see above)
export function buildProgram(): Command {
  const program = new Command('wirestream')
    .description('News-ingestion stream processor: feeds in, deduplicated and tagged articles out on Kafka.')
    .option('-c, --config <file>', 'YAML configuration file (environment variables win over it)')
    .showHelpAfterError();
  const config = () => loadConfig({ file: program.opts<{ config?: string }>().config });

  program
    .command('start')
    .description('run fetcher and enricher; with no feed list, serve and ingest the bundled sample feeds')
    .option('--once', 'poll every feed once, wait for the enricher, print a summary and exit')
    .option('--feeds <file>', 'YAML feed list (default: $WIRESTREAM_FEEDS, else the bundled samples)')
    .option('--drain-timeout <seconds>', 'with --once: how long to wait for the enricher', '60')
    .action(async (options) => {
      const cfg = config();
      const named = brokersNamed({ file: program.opts<{ config?: string }>().config });
      const { startCommand } = await import('./commands/start.js');
      await startCommand(cfg, named, options);
    });

  program
    .command('enrich')
    .description(
      'read JSON Lines articles on stdin, write one enriched record per line on stdout (no Kafka, no Redis)',
    )
    .option('--fetched-at <iso>', 'fetch time to stamp on the records (default: now)')
    .action(async (options) => {
      const { enrichCommand } = await import('./commands/enrich.js');
      process.exitCode = await enrichCommand(config(), options);
    });

  program
    .command('extract [file]')
    .description(
      'extract the article from a page (a file, - for stdin, or --url) as JSON; --dir: one JSON line per page of a folder',
    )
    .option('--url <url>', "fetch the page (the fetcher's limits and address guard apply)")
    .option('--dir <dir>', 'every .html, .htm (or .gz of them) file of a folder, one JSON line each')
    .action(async (file: string | undefined, options: { url?: string; dir?: string }) => {
      const { extractCommand } = await import('./commands/extract.js');
      process.exitCode = await extractCommand(config(), options, file);
    });

  program
    .command('topics')
    .description('create the wirestream topics that are missing and list them all')
    .action(async () => (await import('./commands/topics.js')).topicsCommand(config()));

  program
    .command('tail <topic>')
    .description(
      'print records of a topic as JSON lines (name, short name like "articles" or "subject.health", or a topic or subject slug)',
    )
    .option('--from-beginning', 'start at the oldest record instead of new ones')
    .option('--max <n>', 'stop after n records')
    .option('--idle-exit <seconds>', 'stop when no record arrived for this long')
    .action(async (topic: string, options) =>
      (await import('./commands/tail.js')).tailCommand(config(), topic, options),
    );

  program
    .command('feeds')
    .description('show the state of every feed: health, last fetch, failures, last error')
    .option('--feeds <file>', 'list these feeds (default: every feed known in Redis)')
    .action(async (options) => (await import('./commands/feeds.js')).feedsCommand(config(), options));

  program
    .command('status')
    .description('consumer lag per group, feed health and throughput; --watch refreshes')
    .option('--watch [seconds]', 'refresh every n seconds (default 5) until Ctrl-C')
    .option('--feeds <file>', 'feed list giving each feed its poll interval (default: $WIRESTREAM_FEEDS)')
    .action(async (options: { watch?: boolean | string; feeds?: string }) => {
      const { statusCommand } = await import('./commands/status.js');
      await statusCommand(config(), options);
    });

  program
    .command('monitor')
    .description('serve lag, feed health and throughput: Prometheus /metrics, /api/status and a status page')
    .option('--port <port>', 'HTTP port (default: $METRICS_PORT, else 9103)')
    .option('--feeds <file>', 'feed list giving each feed its poll interval (default: $WIRESTREAM_FEEDS)')
    .option('--interval <seconds>', 'how often to collect', '5')
    .action(async (options: { port?: string; feeds?: string; interval: string }) =>
      (await import('@wirestream/monitor')).runMonitorWorker(config(), {
        ...(options.port ? { port: Number(options.port) } : {}),
        ...(options.feeds ? { feeds: options.feeds } : {}),
        interval: Number(options.interval),
      }),
    );

  program
    .command('fetcher')
    .description(
      'run the fetcher worker alone (publishes to news.raw.v1); the feed list is re-read when it changes',
    )
    .option('--feeds <file>', 'YAML feed list (default: $WIRESTREAM_FEEDS)')
    .action(async (options: { feeds?: string }, command: Command) => {
      const cfg = config();
      const feeds = options.feeds ?? cfg.fetcher.feedsFile;
      if (!feeds) command.error("error: required option '--feeds <file>' not specified");
      await (await import('@wirestream/fetcher')).runFetcherWorker(cfg, feeds);
    });

  program
    .command('enricher')
    .description('run the enricher worker alone (consumes news.raw.v1)')
    .action(async () => (await import('@wirestream/enricher')).runEnricherWorker(config()));

  const replay = program
    .command('replay')
    .description('reprocess a time range through the current enrichment and taxonomy (own consumer group)');
  const replaySources = {
    items: 'reprocess news.raw.v1 records of a time range',
    feeds: 'parse the feed documents of news.feeds.raw.v1 in a time range again and process their items',
    pages:
      'extract the article pages kept on news.pages.v1 again for the raw items of a time range and process them (no page is fetched)',
  } as const;
  for (const source of ['items', 'feeds', 'pages'] as const) {
    withJobOptions(
      replay
        .command(source)
        .description(replaySources[source])
        .requiredOption('--from <time>', 'start: ISO date or instant, or a duration ago (2h, 7d)')
        .option('--to <time>', 'end (exclusive), same forms (default: now)')
        .option('--feeds <ids>', 'only these feed ids, comma-separated'),
    ).action(async (options) => {
      const { replayCommand } = await import('./commands/replay.js');
      process.exitCode = await replayCommand(config(), source, options);
    });
  }

  withJobOptions(
    program
      .command('backfill')
      .description(
        "ingest a feed's history: RFC 5005 prev-archive links or ?paged=N / ?page=N pages, politely",
      )
      .requiredOption('--feed <id>', 'the feed to backfill')
      .option('--feeds <file>', 'feed list with that feed (default: $WIRESTREAM_FEEDS)')
      .option('--pages <n>', 'pages to read in all, the current feed document included')
      .option('--since <date>', 'stop at items older than this (ISO date, or a duration ago)')
      .option('--paging <style>', 'auto, archive (RFC 5005), paged (?paged=N) or page (?page=N)', 'auto')
      .option('--delay-ms <ms>', 'pause between requests (default: replay.requestDelayMs)'),
  ).action(async (options) => {
    const { backfillCommand } = await import('./commands/backfill.js');
    process.exitCode = await backfillCommand(config(), options);
  });

  withJobOptions(
    program
      .command('import <paths...>')
      .description('ingest saved feed files and JSON Lines of articles (files or folders)')
      .option('--feed-id <id>', 'feed id for the items of feed files (default: from the file name)')
      .option('--agency <name>', 'agency named on the items (default: the feed title or file name)'),
  ).action(async (paths: string[], options) => {
    const { importCommand } = await import('./commands/import.js');
    process.exitCode = await importCommand(config(), paths, options);
  });

  return program;
}

/** The modes and limits every replay, backfill and import job takes. */
function withJobOptions(command: Command): Command {
  return command
    .option('--reissue', 'publish everything in range again, marked with a ws-replay header')
    .option('--dry-run', 'report what would be published; publish and store nothing')
    .option(
      '--topics <slugs>',
      'only articles tagged (before or now) with these topic slugs, comma-separated',
    )
    .option('--rate <n>', 'records per second at most (default: replay.maxRecordsPerSecond; 0: no limit)')
    .option('--taxonomy <file>', 'taxonomy file (default: $WIRESTREAM_TAXONOMY, else the bundled one)')
    .option('--lookback <duration>', 'how far back to read what was already published (e.g. 2d)')
    .option('--job <id>', 'name the job (default: derived from its arguments, so re-running resumes it)');
}
