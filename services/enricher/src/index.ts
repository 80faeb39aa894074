export { Enricher, type EnricherDeps, type EnricherStats } from './enricher.js';
export { runEnricherWorker } from './worker.js';
export { enricherRegistry, enrichedTextSources } from './metrics.js';
