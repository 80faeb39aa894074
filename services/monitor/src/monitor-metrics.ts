import { Counter, Gauge, Registry } from 'prom-client';
import type { MonitorStatus } from './status.js';

export interface MonitorMetrics {
  /** The monitor's own registry; the ops server serves it with the runtime's (process metrics). */
  registry: Registry;
  update(status: MonitorStatus): void;
}

/**
 * The monitor's gauges live in a registry of their own per monitor instance: they describe other
 * processes, are rebuilt from every snapshot (a group or feed that vanished must drop out), and a
 * test may run two monitors in one process.
 */
export function createMonitorMetrics(): MonitorMetrics {
  const own = new Registry();
  const registers = [own];
  const lagRecords = new Gauge({
    name: 'wirestream_consumer_lag_records',
    help: 'Records produced but not yet committed by the consumer group',
    labelNames: ['group', 'topic', 'partition'] as const,
    registers,
  });
  const lagSeconds = new Gauge({
    name: 'wirestream_consumer_lag_seconds',
    help: 'Age of the oldest record the consumer group has not committed (estimated from offset history)',
    labelNames: ['group', 'topic', 'partition'] as const,
    registers,
  });
  const groupMembers = new Gauge({
    name: 'wirestream_consumer_group_members',
    help: 'Members of the consumer group; 0 with lag means nobody is consuming',
    labelNames: ['group'] as const,
    registers,
  });
  const endOffset = new Gauge({
    name: 'wirestream_topic_end_offset',
    help: 'Sum of the high watermarks of the topic partitions; its rate is the topic throughput',
    labelNames: ['topic'] as const,
    registers,
  });
  const lastSuccess = new Gauge({
    name: 'wirestream_feed_last_success_timestamp_seconds',
    help: 'Unix time of the last successful fetch of the feed',
    labelNames: ['feed'] as const,
    registers,
  });
  const failures = new Gauge({
    name: 'wirestream_feed_consecutive_failures',
    help: 'Failed fetches of the feed since its last success',
    labelNames: ['feed'] as const,
    registers,
  });
  const interval = new Gauge({
    name: 'wirestream_feed_interval_seconds',
    help: 'Configured poll interval of the feed; staleness is measured in multiples of it',
    labelNames: ['feed'] as const,
    registers,
  });
  const health = new Gauge({
    name: 'wirestream_feed_health',
    help: 'Feed health: 1 for the current state (ok, slow, failing, parked, stale, never), else absent',
    labelNames: ['feed', 'health'] as const,
    registers,
  });
  const collectErrors = new Counter({
    name: 'wirestream_monitor_collect_errors_total',
    help: 'Collections in which a source (kafka, redis) could not be read',
    labelNames: ['source'] as const,
    registers,
  });
  const lastCollect = new Gauge({
    name: 'wirestream_monitor_last_collect_timestamp_seconds',
    help: 'Unix time of the last collection',
    registers,
  });

  return {
    registry: own,
    update(status) {
      for (const e of status.errors) collectErrors.inc({ source: e.source });
      lastCollect.set(Date.parse(status.at) / 1000);
      // Keep the last known values of a source that failed this round rather than dropping its series.
      if (!status.errors.some((e) => e.source === 'kafka')) {
        lagRecords.reset();
        lagSeconds.reset();
        groupMembers.reset();
        endOffset.reset();
        for (const g of status.groups) {
          groupMembers.set({ group: g.group }, g.members);
          for (const p of g.partitions) {
            const labels = { group: g.group, topic: p.topic, partition: String(p.partition) };
            lagRecords.set(labels, p.records);
            lagSeconds.set(labels, p.seconds);
          }
        }
        for (const t of status.throughput.topics) endOffset.set({ topic: t.topic }, t.end);
      }
      if (!status.errors.some((e) => e.source === 'redis')) {
        lastSuccess.reset();
        failures.reset();
        interval.reset();
        health.reset();
        for (const f of status.feeds) {
          if (f.lastSuccessAt) lastSuccess.set({ feed: f.feed }, Date.parse(f.lastSuccessAt) / 1000);
          failures.set({ feed: f.feed }, f.consecutiveFailures);
          interval.set({ feed: f.feed }, f.intervalSeconds);
          health.set({ feed: f.feed, health: f.health }, 1);
        }
      }
    },
  };
}
