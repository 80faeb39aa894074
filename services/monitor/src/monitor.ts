import type { WirestreamConfig } from '@wirestream/contract';
import { DEFAULT_STALE_AFTER_INTERVALS, feedIntervals as intervalsOf, loadFeedList } from '@wirestream/feeds';
import {
  KafkaGateway,
  createRedis,
  startOpsServer,
  type KafkaAdmin,
  type Logger,
  type OpsServer,
} from '@wirestream/runtime';
import { FeedStateStore } from '@wirestream/runtime/feeds';
import { collectStatus, withTimeout } from './collect.js';
import { SampleHistory } from './history.js';
import { createMonitorMetrics, type MonitorMetrics } from './monitor-metrics.js';
import { STATUS_PAGE } from './page.js';
import type { MonitorStatus } from './status.js';

export interface MonitorOptions {
  config: WirestreamConfig;
  logger: Logger;
  /** 0 picks a free port. */
  port: number;
  /** Default 5 s. */
  intervalMs?: number;
  /** Feed list giving each feed's interval; default config.fetcher.feedsFile, else 300 s for all. */
  feedsFile?: string;
  /** Consumer groups to report besides the enricher's and the prefixed ones. */
  groups?: readonly string[];
  staleAfterIntervals?: number;
  host?: string;
}

export interface Monitor {
  port: number;
  /** The last snapshot, or null before the first collection finished. */
  latest(): MonitorStatus | null;
  /** Collects now (also what the timer does) and returns the snapshot. */
  refresh(): Promise<MonitorStatus>;
  close(): Promise<void>;
}

/**
 * An admin client with few, short retries: a broker outage must show up in the next snapshot (and
 * /readyz), not stall collections for the minutes the workers' own retry policy allows.
 */
export const monitorAdmin = (kafka: KafkaGateway): KafkaAdmin =>
  kafka.admin({ retry: { retries: 2, initialRetryTimeMs: 300, maxRetryTimeMs: 2_000 } });

/** Lag totals per group for the page's chart: [unix ms, records] pairs. */
const lagHistory = (history: SampleHistory): Record<string, [number, number][]> =>
  Object.fromEntries(
    Object.entries(history.withPrefix('lag:')).map(([group, samples]) => [
      group,
      samples.map((s): [number, number] => [s.at, s.end]),
    ]),
  );

/** The collecting half of the monitor: its sources, the last snapshot, one collection at a time. */
interface Collector {
  readonly history: SampleHistory;
  readonly metrics: MonitorMetrics;
  /** The last snapshot, or null before the first collection finished. */
  latest(): MonitorStatus | null;
  refresh(): Promise<MonitorStatus>;
  /** Waits for a collection in flight, but not long: one stuck on an unreachable broker must not hold up shutdown. */
  settle(): Promise<void>;
  disconnect(): Promise<void>;
}

function createCollector(options: MonitorOptions, log: Logger, intervalMs: number): Collector {
  const { config } = options;
  const kafka = new KafkaGateway(config.kafka, log);
  const admin = monitorAdmin(kafka);
  // Fail fast: a collection must report Redis as down, not wait for it.
  const redis = createRedis(config.redis, log, { failFast: true });
  const store = new FeedStateStore(redis, config.redis);
  const feedsFile = options.feedsFile ?? config.fetcher.feedsFile;
  const feedIntervals = intervalsOf(feedsFile ? loadFeedList(feedsFile) : []);
  const history = new SampleHistory();
  const timeoutMs = Math.max(2 * intervalMs, 10_000);
  const metrics = createMonitorMetrics();
  let latest: MonitorStatus | null = null;
  let adminConnected: Promise<void> | null = null;
  let inFlight: Promise<MonitorStatus> | null = null;

  const connectAdmin = (): Promise<void> => {
    adminConnected ??= admin.connect().catch((err: unknown) => {
      adminConnected = null;
      throw err;
    });
    return adminConnected;
  };

  const collect = async (): Promise<MonitorStatus> => {
    // kafkajs keeps reconnecting for a minute and more by itself; a collection reports the outage
    // instead of waiting for it, and the next one picks up the same pending connection.
    await Promise.all([
      withTimeout(connectAdmin(), timeoutMs, 'kafka').catch(() => undefined),
      redis.status === 'wait' ? redis.connect().catch(() => undefined) : undefined,
    ]);
    const status = await collectStatus({
      admin,
      store,
      config,
      history,
      feedIntervals,
      groups: options.groups ?? [],
      staleAfterIntervals: options.staleAfterIntervals ?? DEFAULT_STALE_AFTER_INTERVALS,
      timeoutMs,
    });
    for (const e of status.errors)
      log.warn({ source: e.source, err: e.message }, 'monitor collection failed');
    metrics.update(status);
    latest = status;
    return status;
  };

  return {
    history,
    metrics,
    latest: () => latest,
    // One collection at a time: a slow broker must not pile up requests from the timer and from callers.
    refresh: () => {
      inFlight ??= collect().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    async settle() {
      await Promise.race([
        inFlight?.catch(() => undefined),
        new Promise((r) => setTimeout(r, 2_000).unref()),
      ]);
    },
    async disconnect() {
      await admin.disconnect().catch(() => undefined);
      redis.disconnect();
    },
  };
}

/** The page and its API on the one ops server every worker runs, next to /metrics, /healthz, /readyz. */
function serveStatus(
  options: MonitorOptions,
  log: Logger,
  collector: Collector,
  intervalMs: number,
): Promise<OpsServer> {
  const json = (body: unknown) => ({ type: 'application/json', body: JSON.stringify(body) });
  return startOpsServer({
    port: options.port,
    host: options.host ?? '0.0.0.0',
    registries: [collector.metrics.registry],
    // Ready when a recent collection read both sources: a monitor that sees nothing must not look healthy.
    ready: () => {
      const latest = collector.latest();
      return (
        latest !== null &&
        Date.now() - Date.parse(latest.at) < Math.max(3 * intervalMs, 15_000) &&
        latest.errors.length === 0
      );
    },
    routes: {
      '/': () => ({ type: 'text/html; charset=utf-8', body: STATUS_PAGE }),
      '/api/status': async () =>
        json({
          status: collector.latest() ?? (await collector.refresh()),
          lagHistory: lagHistory(collector.history),
        }),
    },
    logger: log,
  });
}

/**
 * The operator service: collects lag, throughput and feed health every few seconds and serves them
 * as Prometheus metrics, JSON (/api/status) and a page (/).
 */
export async function startMonitor(options: MonitorOptions): Promise<Monitor> {
  const log = options.logger.child({ component: 'monitor' });
  const intervalMs = options.intervalMs ?? 5_000;
  const collector = createCollector(options, log, intervalMs);

  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  const schedule = (): void => {
    if (closed) return;
    timer = setTimeout(() => {
      void collector
        .refresh()
        .catch((err: unknown) => log.error({ err }, 'monitor collection crashed'))
        .finally(schedule);
    }, intervalMs);
  };

  const server = await serveStatus(options, log, collector, intervalMs);
  const port = server.port;
  log.info({ port }, 'monitor listening');

  await collector.refresh().catch((err: unknown) => log.error({ err }, 'first monitor collection crashed'));
  schedule();

  return {
    port,
    latest: () => collector.latest(),
    refresh: () => collector.refresh(),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await collector.settle();
      await server.close();
      await collector.disconnect();
    },
  };
}
