import { TOPIC_SLUGS, type WirestreamConfig } from '@wirestream/contract';
import {
  createProgressReporter,
  formatSummary,
  openJobServices,
  parseDuration,
  parseRange,
  replayFeeds,
  replayItems,
  replayPages,
  type JobOptions,
  type JobServices,
  type JobSummary,
} from '@wirestream/replay';
import { createLogger } from '@wirestream/runtime';

/** The options every replay, backfill and import command takes. */
export interface JobModeOptions {
  reissue?: boolean;
  dryRun?: boolean;
  topics?: string;
  rate?: string;
  taxonomy?: string;
  lookback?: string;
  job?: string;
}

export const list = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function duration(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === null) throw new Error(`${option}: not a duration: ${text} (e.g. 12h, 2d)`);
  return ms;
}

/**
 * Runs one job as a command: Ctrl-C stops it after the chunk in hand (a second one exits at once),
 * progress goes to stderr (a bar on a terminal, JSON lines otherwise), a dry run lists each change
 * on stdout, and the summary is the last line on stdout as JSON. Exit code: 0 done, 1 some records
 * failed, 130 stopped (run the same command again to resume).
 */
export async function runJobCommand(
  config: WirestreamConfig,
  mode: JobModeOptions,
  run: (services: JobServices, options: JobOptions) => Promise<JobSummary>,
): Promise<number> {
  const tty = Boolean(process.stderr.isTTY);
  // Info logs would tear the progress bar apart; on a terminal only warnings and errors show.
  const logger = createLogger(tty && config.log.level === 'info' ? 'warn' : config.log.level);
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(
      '\nwirestream: stopping after the records in hand; run the same command again to resume\n',
    );
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const rate = mode.rate === undefined ? undefined : Number(mode.rate);
  if (rate !== undefined && !(rate >= 0))
    throw new Error(`--rate: not a number of records per second: ${mode.rate}`);
  const lookbackMs = duration(mode.lookback, '--lookback');
  const unknown = list(mode.topics).filter((slug) => !(TOPIC_SLUGS as readonly string[]).includes(slug));
  if (unknown.length > 0)
    throw new Error(`--topics: unknown topic ${unknown.join(', ')}; one of ${TOPIC_SLUGS.join(', ')}`);
  const services = await openJobServices(config, logger);
  try {
    const summary = await run(services, {
      reissue: mode.reissue ?? false,
      dryRun: mode.dryRun ?? false,
      topics: list(mode.topics),
      ...(mode.taxonomy ? { taxonomyPath: mode.taxonomy } : {}),
      ...(rate !== undefined ? { maxRecordsPerSecond: rate } : {}),
      ...(lookbackMs !== undefined ? { lookbackMs } : {}),
      ...(mode.job ? { jobId: mode.job } : {}),
      signal: controller.signal,
      progress: ({ id, kind }) => createProgressReporter({ job: id, kind, stream: process.stderr }),
      ...(mode.dryRun
        ? { onChange: (change) => process.stdout.write(`${JSON.stringify({ type: 'change', ...change })}\n`) }
        : {}),
    });
    if (tty) process.stderr.write(`${formatSummary(summary)}\n`);
    process.stdout.write(`${JSON.stringify({ type: 'summary', ...summary })}\n`);
    return summary.stopped ? 130 : summary.failed > 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await services.close();
  }
}

export interface ReplayCommandOptions extends JobModeOptions {
  from: string;
  to?: string;
  feeds?: string;
}

const REPLAYS = { items: replayItems, feeds: replayFeeds, pages: replayPages } as const;

/** `wirestream replay items|feeds|pages --from --to`. */
export async function replayCommand(
  config: WirestreamConfig,
  source: keyof typeof REPLAYS,
  options: ReplayCommandOptions,
): Promise<number> {
  const range = parseRange(options.from, options.to, new Date());
  return runJobCommand(config, options, (services, jobOptions) =>
    REPLAYS[source](services, {
      ...jobOptions,
      ...range,
      feeds: list(options.feeds),
    }),
  );
}
