export * from './redis-dedupe-index.js';
export * from './route.js';
export { rawRecordPosition } from './positioned-index.js';
export * from './enricher.js';
export * from './create.js';
export * from './reloading-tagger.js';
export * from './worker.js';
