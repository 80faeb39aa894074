import type { WirestreamConfig } from '@wirestream/contract';
import { FEED_HEALTH, feedIntervals as intervalsOf, loadFeedList } from '@wirestream/feeds';
import {
  SampleHistory,
  collectStatus,
  monitorAdmin,
  withTimeout,
  type MonitorStatus,
} from '@wirestream/monitor';
import { KafkaGateway, createLogger, createRedis, sleep } from '@wirestream/runtime';
import { FeedStateStore } from '@wirestream/runtime/feeds';
import { table as makeTable } from '../table.js';

export interface StatusOptions {
  /** `--watch [seconds]`: true (commander's value without an argument) means every 5 s. */
  watch?: boolean | string | number;
  feeds?: string;
}

export interface StatusIo {
  out?: { write(text: string): unknown; isTTY?: boolean };
  /** Ends --watch; without it, SIGINT does. */
  signal?: AbortSignal;
  /** Without --watch, rates need two samples this far apart. Default 1 s. */
  sampleMs?: number;
}

/** An unreachable broker or Redis is reported after this long instead of retried for minutes. */
const TIMEOUT_MS = 10_000;

const num = (n: number | null, digits = 1): string => (n === null ? '-' : n.toFixed(digits));
const age = (seconds: number | null): string =>
  seconds === null
    ? 'never'
    : seconds < 120
      ? `${seconds}s ago`
      : seconds < 7200
        ? `${Math.round(seconds / 60)}m ago`
        : `${Math.round(seconds / 3600)}h ago`;

/** The text `wirestream status` prints for one snapshot. */
export function renderStatus(status: MonitorStatus): string {
  const parts: string[] = [
    `wirestream status at ${status.at}${status.prefix ? ` (prefix ${status.prefix})` : ''}`,
  ];
  for (const e of status.errors) parts.push(`! ${e.source} unreachable: ${e.message}`);

  const lag = makeTable([
    'group',
    'topic',
    'state',
    'members',
    'records behind',
    'seconds behind',
    'consumed/s',
  ]);
  for (const g of status.groups) {
    const topics = [...new Set(g.partitions.map((p) => p.topic))];
    for (const topic of topics.length > 0 ? topics : ['-']) {
      const ps = g.partitions.filter((p) => p.topic === topic);
      lag.push([
        g.group,
        topic,
        g.state,
        g.members,
        ps.reduce((sum, p) => sum + p.records, 0),
        Math.round(ps.reduce((max, p) => Math.max(max, p.seconds), 0)),
        num(g.consumedPerSec),
      ]);
    }
  }
  parts.push('Consumer lag', lag.toString());

  const counts = FEED_HEALTH.map((h) => `${status.feeds.filter((f) => f.health === h).length} ${h}`).join(
    ', ',
  );
  parts.push(`Feeds: ${status.feeds.length} (${counts})`);
  const attention = status.feeds.filter((f) => f.health !== 'ok' && f.health !== 'never');
  if (attention.length > 0) {
    const feeds = makeTable(['feed', 'health', 'failures', 'last success', 'last error']);
    for (const f of attention)
      feeds.push([
        f.feed,
        f.health,
        f.consecutiveFailures,
        age(f.sinceSuccessSeconds),
        (f.lastError ?? '').slice(0, 60),
      ]);
    parts.push(feeds.toString());
  }

  parts.push(
    `Throughput: in ${num(status.throughput.inPerSec)} records/s, out ${num(status.throughput.outPerSec)} offsets/s (transaction markers included)`,
  );
  const topics = makeTable(['topic', 'end offset', 'offsets/s']);
  for (const t of status.throughput.topics.filter((t) => t.end > 0))
    topics.push([t.topic, t.end, num(t.perSec)]);
  parts.push(topics.toString());
  return `${parts.join('\n')}\n`;
}

/**
 * `wirestream status [--watch [seconds]]`: consumer lag, feed health and throughput in one screen,
 * read from Kafka and Redis directly (no monitor process needed). Returns the last snapshot.
 */
export async function statusCommand(
  config: WirestreamConfig,
  options: StatusOptions,
  io: StatusIo = {},
): Promise<MonitorStatus> {
  const out = io.out ?? process.stdout;
  const watchSeconds =
    options.watch === undefined || options.watch === false
      ? 0
      : options.watch === true
        ? 5
        : Number(options.watch);
  if (!Number.isFinite(watchSeconds) || watchSeconds < 0)
    throw new Error(`--watch: not a number of seconds: ${options.watch}`);
  const logger = createLogger(config.log.level);
  const kafka = new KafkaGateway(config.kafka, logger);
  const admin = monitorAdmin(kafka);
  const redis = createRedis(config.redis, logger, { failFast: true });
  const file = options.feeds ?? config.fetcher.feedsFile;
  const feedIntervals = intervalsOf(file ? loadFeedList(file) : []);
  const history = new SampleHistory();
  const stop = new AbortController();
  io.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  const onSigint = (): void => stop.abort();
  if (!io.signal && watchSeconds > 0) process.once('SIGINT', onSigint);
  // Either may be down: the snapshot then names it in its errors and shows what the other one knows.
  await Promise.all([
    withTimeout(admin.connect(), TIMEOUT_MS, 'kafka').catch(() => undefined),
    redis.connect().catch(() => undefined),
  ]);
  try {
    const collect = (): Promise<MonitorStatus> =>
      collectStatus({
        admin,
        store: new FeedStateStore(redis, config.redis),
        config,
        history,
        feedIntervals,
      });
    let status = await collect();
    if (watchSeconds === 0) {
      // Rates are differences between samples: take a second one before the only print.
      await sleep(io.sampleMs ?? 1000, stop.signal);
      status = await collect();
      out.write(renderStatus(status));
      return status;
    }
    while (!stop.signal.aborted) {
      // Clearing the screen only makes sense on a terminal; piped output keeps every refresh.
      out.write(`${out.isTTY ? '\x1b[2J\x1b[H' : ''}${renderStatus(status)}`);
      await sleep(watchSeconds * 1000, stop.signal);
      if (!stop.signal.aborted) status = await collect();
    }
    return status;
  } finally {
    process.off('SIGINT', onSigint);
    await admin.disconnect();
    redis.disconnect();
  }
}
