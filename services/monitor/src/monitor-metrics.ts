import { Counter, Gauge, Registry } from 'prom-client';
import type { MonitorStatus } from './status.js';

export interface MonitorMetrics {
  /** The monitor's own registry; the ops server serves it with the runtime's (process metrics). */
  registry: Registry;
  update(status: MonitorStatus): void;
}

/** The monitor's gauges and counter, registered in `registers` (in the order /metrics lists them). */
function declareMetrics(registers: Registry[]) {
  return {
    lagRecords: new Gauge({
      name: 'wirestream_consumer_lag_records',
      help: 'Records produced but not yet committed by the consumer group',
      labelNames: ['group', 'topic', 'partition'] as const,
      registers,
    }),
    lagSeconds: new Gauge({
      name: 'wirestream_consumer_lag_seconds',
      help: 'Age of the oldest record the consumer group has not committed (estimated from offset history)',
      labelNames: ['group', 'topic', 'partition'] as const,
      registers,
    }),
    groupMembers: new Gauge({
      name: 'wirestream_consumer_group_members',
      help: 'Members of the consumer group; 0 with lag means nobody is consuming',
      labelNames: ['group'] as const,
      registers,
    }),
    endOffset: new Gauge({
      name: 'wirestream_topic_end_offset',
      help: 'Sum of the high watermarks of the topic partitions; its rate is the topic throughput',
      labelNames: ['topic'] as const,
      registers,
    }),
    lastSuccess: new Gauge({
      name: 'wirestream_feed_last_success_timestamp_seconds',
      help: 'Unix time of the last successful fetch of the feed',
      labelNames: ['feed'] as const,
      registers,
    }),
    failures: new Gauge({
      name: 'wirestream_feed_consecutive_failures',
      help: 'Failed fetches of the feed since its last success',
      labelNames: ['feed'] as const,
      registers,
    }),
    interval: new Gauge({
      name: 'wirestream_feed_interval_seconds',
      help: 'Configured poll interval of the feed; staleness is measured in multiples of it',
      labelNames: ['feed'] as const,
      registers,
    }),
    health: new Gauge({
      name: 'wirestream_feed_health',
      help: 'Feed health: 1 for the current state (ok, slow, failing, parked, stale, never), else absent',
      labelNames: ['feed', 'health'] as const,
      registers,
    }),
    collectErrors: new Counter({
      name: 'wirestream_monitor_collect_errors_total',
      help: 'Collections in which a source (kafka, redis) could not be read',
      labelNames: ['source'] as const,
      registers,
    }),
    lastCollect: new Gauge({
      name: 'wirestream_monitor_last_collect_timestamp_seconds',
      help: 'Unix time of the last collection',
      registers,
    }),
  };
}

type Metrics = ReturnType<typeof declareMetrics>;

/** Rebuilds the series from one snapshot. */
function updateMetrics(m: Metrics, status: MonitorStatus): void {
  for (const e of status.errors) m.collectErrors.inc({ source: e.source });
  m.lastCollect.set(Date.parse(status.at) / 1000);
  // Keep the last known values of a source that failed this round rather than dropping its series.
  if (!status.errors.some((e) => e.source === 'kafka')) {
    m.lagRecords.reset();
    m.lagSeconds.reset();
    m.groupMembers.reset();
    m.endOffset.reset();
    for (const g of status.groups) {
      m.groupMembers.set({ group: g.group }, g.members);
      for (const p of g.partitions) {
        const labels = { group: g.group, topic: p.topic, partition: String(p.partition) };
        m.lagRecords.set(labels, p.records);
        m.lagSeconds.set(labels, p.seconds);
      }
    }
    for (const t of status.throughput.topics) m.endOffset.set({ topic: t.topic }, t.end);
  }
  if (!status.errors.some((e) => e.source === 'redis')) {
    m.lastSuccess.reset();
    m.failures.reset();
    m.interval.reset();
    m.health.reset();
    for (const f of status.feeds) {
      if (f.lastSuccessAt) m.lastSuccess.set({ feed: f.feed }, Date.parse(f.lastSuccessAt) / 1000);
      m.failures.set({ feed: f.feed }, f.consecutiveFailures);
      m.interval.set({ feed: f.feed }, f.intervalSeconds);
      m.health.set({ feed: f.feed, health: f.health }, 1);
    }
  }
}

/**
 * The monitor's gauges live in a registry of their own per monitor instance: they describe other
 * processes, are rebuilt from every snapshot (a group or feed that vanished must drop out), and a
 * test may run two monitors in one process.
 */
export function createMonitorMetrics(): MonitorMetrics {
  const own = new Registry();
  const metrics = declareMetrics([own]);
  return {
    registry: own,
    update: (status) => updateMetrics(metrics, status),
  };
}
