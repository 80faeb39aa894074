/**
 * Configuration → enrichment dependencies: the one place that turns the enricher settings into what
 * `enrichRawItem` needs. The live enricher, replay jobs and `wirestream enrich` all assemble their
 * dependencies through it (the runtime's @wirestream/runtime/enrichment wires in the tagger and the
 * dedupe index they use), so they cannot drift apart. Pure.
 */
import type { WirestreamConfig } from '@wirestream/contract';
import type { DedupeIndex } from '@wirestream/dedupe';
import type { StorySigner } from '@wirestream/story';
import type { Tagger } from '@wirestream/tagging';
import type { EnrichmentDeps } from './enrich.js';

/** What the configuration does not say: the tagger and the dedupe index to use, and which code runs. */
export interface EnrichmentParts {
  tagger: Tagger;
  dedupe: DedupeIndex;
  /** Stamped on every article (the runtime's PIPELINE_VERSION). */
  pipelineVersion: string;
  /** Signs stories for cross-lingual linking; none: no linking. */
  storySigner?: StorySigner;
  /** A fixed clock for the detection time of copies; the system clock when left out. */
  now?: () => Date;
}

export function enrichmentDeps(config: WirestreamConfig, parts: EnrichmentParts): EnrichmentDeps {
  return {
    tagger: parts.tagger,
    dedupe: parts.dedupe,
    pipelineVersion: parts.pipelineVersion,
    futureToleranceMs: config.enricher.futureToleranceMinutes * 60_000,
    nearDuplicateThreshold: config.enricher.nearDuplicateThreshold,
    ...(parts.storySigner ? { storySigner: parts.storySigner } : {}),
    ...(parts.now ? { now: parts.now } : {}),
  };
}
