import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The runtime's own metrics registry: process metrics and the metrics of the runtime's shared
 * modules (records the Kafka module produced, dead letters built by the dead-letter module, counted
 * by stage). Each stage declares its own metrics in a registry of its own (services/<stage>/src/
 * metrics.ts; the monitor's per instance); the ops server (ops-server.ts) serves this registry
 * together with those of the stages a process runs.
 */
export const runtimeRegistry = new Registry();
collectDefaultMetrics({ register: runtimeRegistry, prefix: 'wirestream_process_' });

export const recordsOut = new Counter({
  name: 'wirestream_records_out_total',
  help: 'Records produced per topic',
  labelNames: ['topic'] as const,
  registers: [runtimeRegistry],
});

/** Shared by every stage that dead-letters (the `stage` label tells them apart), like the builder in dead-letter.ts. */
export const deadLetters = new Counter({
  name: 'wirestream_dead_letters_total',
  help: 'Records sent to the dead-letter topic, by stage and error name',
  labelNames: ['stage', 'reason'] as const,
  registers: [runtimeRegistry],
});
