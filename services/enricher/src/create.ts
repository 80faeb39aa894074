import type { WirestreamConfig } from '@wirestream/contract';
import type { EnrichmentDeps } from '@wirestream/enrichment';
import { PIPELINE_VERSION, type Redis } from '@wirestream/runtime';
import { loadTagger } from '@wirestream/tagging';
import { RedisDedupeIndex } from './redis-dedupe-index.js';

/** The enrichment dependencies of a worker: the bundled taxonomy and the shared Redis dedupe index. */
export function createEnrichmentDeps(config: WirestreamConfig, redis: Redis): EnrichmentDeps {
  return {
    tagger: loadTagger(),
    dedupe: new RedisDedupeIndex(redis, config),
    pipelineVersion: PIPELINE_VERSION,
    futureToleranceMs: config.enricher.futureToleranceMinutes * 60_000,
    nearDuplicateThreshold: config.enricher.nearDuplicateThreshold,
  };
}
