export { Enricher, type EnricherDeps, type EnricherStats } from './enricher.js';
export { runEnricherWorker } from './worker.js';
export { enricherRegistry } from './metrics.js';
