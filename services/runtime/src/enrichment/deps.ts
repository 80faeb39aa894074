/**
 * The enrichment dependencies of a process, wired to their I/O: the live ones (a tagger that follows
 * its taxonomy file, the shared Redis dedupe index) for the enricher and replay jobs, and the
 * in-memory ones for `wirestream enrich` and the evaluations. Both go through @wirestream/
 * enrichment's `enrichmentDeps`, the one mapping of the configuration; part of the runtime's
 * enrichment I/O (@wirestream/runtime/enrichment), moved here from the enricher so that replay and
 * the CLI need not reach into it.
 */
import type { WirestreamConfig } from '@wirestream/contract';
import { MemoryDedupeIndex } from '@wirestream/dedupe';
import { enrichmentDeps, type EnrichmentDeps } from '@wirestream/enrichment';
import { StorySigner } from '@wirestream/story';
import { loadGazetteer, loadTagger } from '@wirestream/tagging';
import { createLogger } from '../logger.js';
import type { Redis } from '../redis.js';
import { PIPELINE_VERSION } from '../version.js';
import { RedisDedupeIndex } from './redis-dedupe-index.js';
import { ReloadingTagger, type ReloadLogger } from './reloading-tagger.js';

export interface EnrichmentDepsOptions {
  /** Taxonomy file; default config.enricher.taxonomyFile (WIRESTREAM_TAXONOMY), else the bundled one. */
  taxonomyPath?: string;
  /** Gazetteer directory; default the bundled one. */
  gazetteerDir?: string;
  logger?: ReloadLogger;
}

/** The live dependencies, with the tagger as a ReloadingTagger (close it when done). */
export type LiveEnrichmentDeps = EnrichmentDeps & { tagger: ReloadingTagger };

/**
 * The story signer of a process: the places, people and organisations of the gazetteer (read once;
 * an edit of the gazetteer reaches the tags at once and the story signatures' place list at the next
 * start).
 */
function storySigner(gazetteerDir?: string): StorySigner {
  return new StorySigner(loadGazetteer(gazetteerDir));
}

/**
 * The enrichment dependencies of a worker: a tagger that follows its taxonomy file (edits apply
 * without a restart) and the shared Redis dedupe index.
 */
export function createEnrichmentDeps(
  config: WirestreamConfig,
  redis: Redis,
  options: EnrichmentDepsOptions = {},
): LiveEnrichmentDeps {
  const tagger = new ReloadingTagger({
    taxonomyPath: options.taxonomyPath ?? config.enricher.taxonomyFile,
    gazetteerDir: options.gazetteerDir,
    logger: options.logger ?? createLogger(config.log.level).child({ component: 'tagger' }),
  });
  return {
    ...enrichmentDeps(config, {
      tagger,
      dedupe: new RedisDedupeIndex(redis, config),
      pipelineVersion: PIPELINE_VERSION,
      storySigner: storySigner(options.gazetteerDir),
    }),
    tagger,
  };
}

/**
 * The enrichment dependencies of `wirestream enrich`: the configured taxonomy, loaded once, and a
 * dedupe index in memory for the run; `fetchedAt` also fixes the detection time of copies.
 */
export function inMemoryEnrichmentDeps(config: WirestreamConfig, fetchedAt?: Date): EnrichmentDeps {
  return enrichmentDeps(config, {
    tagger: loadTagger({ taxonomyPath: config.enricher.taxonomyFile }),
    dedupe: new MemoryDedupeIndex(),
    pipelineVersion: PIPELINE_VERSION,
    storySigner: storySigner(),
    ...(fetchedAt ? { now: () => fetchedAt } : {}),
  });
}
