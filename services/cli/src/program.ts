import { Command } from 'commander';
import { loadConfig } from '@wirestream/runtime';

// Each command loads its own modules when it runs: a fetcher worker has no use for the tagger's
// lexicons or the language model, which would cost it over 100 MB of memory and a slower start.

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
      const named = Boolean(process.env.KAFKA_BROKERS) || Boolean(program.opts<{ config?: string }>().config);
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
    .command('topics')
    .description('create the wirestream topics that are missing and list them all')
    .action(async () => (await import('./commands/topics.js')).topicsCommand(config()));

  program
    .command('tail <topic>')
    .description('print records of a topic as JSON lines (name, short name like "articles", or a topic slug)')
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
    .requiredOption('--feeds <file>', 'YAML feed list', process.env.WIRESTREAM_FEEDS)
    .action(async (options: { feeds: string }) =>
      (await import('@wirestream/fetcher')).runFetcherWorker(config(), options.feeds),
    );

  program
    .command('enricher')
    .description('run the enricher worker alone (consumes news.raw.v1)')
    .action(async () => (await import('@wirestream/enricher')).runEnricherWorker(config()));

  return program;
}
