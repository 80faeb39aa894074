import type { WirestreamConfig } from '@wirestream/contract';
import type { EnrichmentDeps } from '@wirestream/enrichment';
import { createLogger, PIPELINE_VERSION, type Redis } from '@wirestream/runtime';
import { RedisDedupeIndex } from './redis-dedupe-index.js';
import { ReloadingTagger, type ReloadLogger } from './reloading-tagger.js';

export interface EnrichmentDepsOptions {
  /** Taxonomy file; default `$WIRESTREAM_TAXONOMY`, else the bundled one. */
  taxonomyPath?: string;
  /** Gazetteer directory; default the bundled one. */
  gazetteerDir?: string;
  logger?: ReloadLogger;
}

/**
 * The enrichment dependencies of a worker: a tagger that follows its taxonomy file (edits apply
 * without a restart) and the shared Redis dedupe index.
 */
export function createEnrichmentDeps(
  config: WirestreamConfig,
  redis: Redis,
  options: EnrichmentDepsOptions = {},
): EnrichmentDeps {
  const taxonomyPath = options.taxonomyPath ?? (process.env['WIRESTREAM_TAXONOMY'] || undefined);
  return {
    tagger: new ReloadingTagger({
      taxonomyPath,
      gazetteerDir: options.gazetteerDir,
      logger: options.logger ?? createLogger(config.log.level).child({ component: 'tagger' }),
    }),
    dedupe: new RedisDedupeIndex(redis, config),
    pipelineVersion: PIPELINE_VERSION,
    futureToleranceMs: config.enricher.futureToleranceMinutes * 60_000,
    nearDuplicateThreshold: config.enricher.nearDuplicateThreshold,
  };
}
