export { MonitorStatus, FeedStatus, GroupLag, PartitionLag, TopicThroughput } from './status.js';
export { SampleHistory } from './history.js';
export { collectStatus, withTimeout, type CollectOptions } from './collect.js';
export { createMonitorMetrics, type MonitorMetrics } from './monitor-metrics.js';
export { monitorAdmin, startMonitor, type Monitor, type MonitorOptions } from './monitor.js';
export { runMonitorWorker } from './worker.js';
