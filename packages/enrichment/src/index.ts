export { enrichRawItem, type EnrichmentDeps, type EnrichmentOutcome } from './enrich.js';
export { rawItemFromInput } from './enrich-input.js';
export { enrichmentDeps, type EnrichmentParts } from './deps.js';
export { mergeBatches, routeOutcome, type RouteOptions } from './route.js';
export { rawRecordPosition } from './position.js';
