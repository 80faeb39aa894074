/**
 * @wirestream/runtime/enrichment: the enrichment I/O the enricher, replay jobs and the CLI share,
 * kept off the main entry point so that a fetcher or monitor never loads the tagger or the language
 * model.
 * - deps.ts: the live and the in-memory enrichment dependencies, both from the configuration
 * - redis-dedupe-index.ts: the dedupe index in Redis
 * - reloading-tagger.ts: a tagger that follows its files
 * The enrichment step itself (and its routing) is pure, in @wirestream/enrichment.
 */
export {
  createEnrichmentDeps,
  inMemoryEnrichmentDeps,
  type EnrichmentDepsOptions,
  type LiveEnrichmentDeps,
} from './deps.js';
export { RedisDedupeIndex } from './redis-dedupe-index.js';
export { ReloadingTagger, type ReloadLogger, type ReloadingTaggerOptions } from './reloading-tagger.js';
