export * from './status.js';
export * from './lag.js';
export * from './health.js';
export * from './history.js';
export * from './collect.js';
export * from './monitor-metrics.js';
export * from './monitor.js';
export { STATUS_PAGE } from './page.js';
export * from './worker.js';
