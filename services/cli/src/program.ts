import { Command } from 'commander';
import { runEnricherWorker } from '@wirestream/enricher';
import { runFetcherWorker } from '@wirestream/fetcher';
import { loadConfig } from '@wirestream/runtime';
import { enrichCommand } from './commands/enrich.js';
import { feedsCommand } from './commands/feeds.js';
import { startCommand } from './commands/start.js';
import { tailCommand } from './commands/tail.js';
import { topicsCommand } from './commands/topics.js';

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
      await startCommand(cfg, named, options);
    });

  program
    .command('enrich')
    .description(
      'read JSON Lines articles on stdin, write one enriched record per line on stdout (no Kafka, no Redis)',
    )
    .option('--fetched-at <iso>', 'fetch time to stamp on the records (default: now)')
    .action(async (options) => {
      process.exitCode = await enrichCommand(config(), options);
    });

  program
    .command('topics')
    .description('create the wirestream topics that are missing and list them all')
    .action(async () => topicsCommand(config()));

  program
    .command('tail <topic>')
    .description('print records of a topic as JSON lines (name, short name like "articles", or a topic slug)')
    .option('--from-beginning', 'start at the oldest record instead of new ones')
    .option('--max <n>', 'stop after n records')
    .option('--idle-exit <seconds>', 'stop when no record arrived for this long')
    .action(async (topic: string, options) => tailCommand(config(), topic, options));

  program
    .command('feeds')
    .description('show the state of every feed: health, last fetch, failures, last error')
    .option('--feeds <file>', 'list these feeds (default: every feed known in Redis)')
    .action(async (options) => feedsCommand(config(), options));

  program
    .command('fetcher')
    .description(
      'run the fetcher worker alone (publishes to news.raw.v1); the feed list is re-read when it changes',
    )
    .requiredOption('--feeds <file>', 'YAML feed list', process.env.WIRESTREAM_FEEDS)
    .action(async (options: { feeds: string }) => runFetcherWorker(config(), options.feeds));

  program
    .command('enricher')
    .description('run the enricher worker alone (consumes news.raw.v1)')
    .action(async () => runEnricherWorker(config()));

  return program;
}
