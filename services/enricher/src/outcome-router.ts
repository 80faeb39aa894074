/**
 * From consumed raw records to what to publish: each record is enriched and its outcome routed to
 * its topics (the article, its topic and subject streams, a duplicate); a record that cannot be read
 * or enriched becomes a dead letter with the reason, and a repeat of an item already published from
 * another offset becomes nothing. Only an unreachable dedupe index (Redis) is thrown, to be waited
 * out by the caller: a dependency that is down is never a reason to dead-letter.
 */
import {
  ARTICLES_NINJS_TOPIC,
  ARTICLES_TOPIC,
  DLQ_TOPIC,
  DUPLICATES_TOPIC,
  RAW_TOPIC,
  SUBJECT_STREAMS,
  TOPIC_STREAMS,
  type FailureStage,
  type RawItemRecord,
  type TopicBatch,
  validate,
} from '@wirestream/contract';
import {
  enrichRawItem,
  mergeBatches,
  rawRecordPosition,
  routeOutcome,
  type EnrichmentDeps,
  type RouteOptions,
} from '@wirestream/enrichment';
import {
  deadLetter,
  deadLetters,
  decodeRecord,
  type ConsumedMessage,
  type Logger,
} from '@wirestream/runtime';
import {
  articlesByStatus,
  enrichedTextSource,
  rawRepeatsDropped,
  recordsIn,
  stageDuration,
} from './metrics.js';
import { DedupeUnavailableError, PositionedDedupeIndex } from './positioned-index.js';

/** What the router counts; the enricher's stats. */
export interface RoutingStats {
  articles: number;
  duplicates: number;
  deadLettered: number;
  /** Raw records dropped because the same item was already published from another offset. */
  repeats: number;
}

export interface OutcomeRouterDeps {
  logger: Logger;
  enrichment: EnrichmentDeps;
  /** Optional outputs (the ninjs projection); none when left out. */
  routing?: RouteOptions;
}

class StageError extends Error {
  constructor(
    readonly stage: FailureStage,
    override readonly cause: Error,
  ) {
    super(cause.message);
    this.name = cause.name;
  }
}

const OUTPUT_SPECS = new Map(
  [ARTICLES_TOPIC, ARTICLES_NINJS_TOPIC, DUPLICATES_TOPIC, ...TOPIC_STREAMS, ...SUBJECT_STREAMS].map((s) => [
    s.name,
    s,
  ]),
);

/**
 * Validates here, per record, so one bad output dead-letters its input instead of failing the batch.
 * An article goes to its topic and subject streams too, all of one schema: checked once.
 */
function validateOutputs(batches: readonly TopicBatch[]): void {
  const checked: Array<[unknown, unknown]> = [];
  for (const b of batches) {
    const { schema } = OUTPUT_SPECS.get(b.spec.name)!;
    for (const r of b.records) {
      if (checked.some(([s, v]) => s === schema && v === r.value)) continue;
      validate(schema, r.value, b.spec.name);
      checked.push([schema, r.value]);
    }
  }
}

export class OutcomeRouter {
  constructor(
    private readonly deps: OutcomeRouterDeps,
    private readonly stats: RoutingStats,
  ) {}

  /**
   * Turns one consumed message into the batches to publish; a bad record becomes a dead letter, a
   * repeat of an item already published from another offset becomes nothing. Rejects only with
   * DedupeUnavailableError (Redis is away: the caller waits and retries).
   */
  async route(topic: string, partition: number, message: ConsumedMessage): Promise<TopicBatch[]> {
    const started = performance.now();
    recordsIn.inc({ stage: 'enrich' });
    this.deps.logger.trace({ partition, offset: message.offset }, 'enriching');
    try {
      return await this.enrich(partition, message);
    } catch (err) {
      if (err instanceof DedupeUnavailableError) throw err;
      return this.deadLetter(err as StageError, topic, partition, message);
    } finally {
      stageDuration.observe({ stage: 'enrich' }, (performance.now() - started) / 1000);
    }
  }

  /**
   * Enriches a chunk concurrently so that Redis round trips overlap with CPU work. Each record runs
   * synchronously up to its first Redis call, so dedupe claims still reach Redis in offset order and
   * the first copy of a story wins as it would one at a time. Records with the same key (the same
   * feed item) run one after the other, so a re-sent item finds the first one's stored decision.
   */
  async routeChunk(
    topic: string,
    partition: number,
    chunk: readonly ConsumedMessage[],
  ): Promise<TopicBatch[]> {
    const lastOfKey = new Map<string, Promise<unknown>>();
    const outputs = await Promise.all(
      chunk.map((message) => {
        const key = message.key?.toString('latin1') ?? '';
        const before = key ? lastOfKey.get(key) : undefined;
        const run = before
          ? before.catch(() => undefined).then(() => this.route(topic, partition, message))
          : this.route(topic, partition, message);
        if (key) lastOfKey.set(key, run);
        return run;
      }),
    );
    return mergeBatches(outputs.flat());
  }

  /** The outputs of a record that can be read; throws StageError, or DedupeUnavailableError. */
  private async enrich(partition: number, message: ConsumedMessage): Promise<TopicBatch[]> {
    let raw: RawItemRecord;
    try {
      raw = decodeRecord(RAW_TOPIC, message.value) as RawItemRecord;
    } catch (err) {
      throw new StageError('validate', err as Error);
    }
    try {
      const index = new PositionedDedupeIndex(
        this.deps.enrichment.dedupe,
        rawRecordPosition(partition, message.offset),
      );
      const outcome = await enrichRawItem(raw, { ...this.deps.enrichment, dedupe: index });
      if (
        index.isRepeat(outcome.decision) ||
        (await index.isRepeatedCopy(outcome.decision, outcome.article.id, raw.itemKey))
      ) {
        rawRepeatsDropped.inc();
        this.stats.repeats++;
        this.deps.logger.debug(
          { partition, offset: message.offset, first: index.before?.position, article: outcome.article.id },
          'repeat of an item already published: dropped',
        );
        return [];
      }
      if (outcome.decision.kind === 'redelivery')
        this.deps.logger.debug(
          { partition, offset: message.offset, article: outcome.article.id },
          'record delivered again: published again (its earlier outputs were not committed)',
        );
      const batches = routeOutcome(outcome, this.deps.routing);
      validateOutputs(batches);
      articlesByStatus.inc({ status: outcome.article.dedupe.status });
      enrichedTextSource.inc({ source: outcome.article.textSource });
      if (outcome.duplicate) this.stats.duplicates++;
      else this.stats.articles++;
      return batches;
    } catch (err) {
      if (err instanceof DedupeUnavailableError) throw err;
      throw err instanceof StageError ? err : new StageError('enrich', err as Error);
    }
  }

  private deadLetter(
    failure: StageError,
    topic: string,
    partition: number,
    message: ConsumedMessage,
  ): TopicBatch[] {
    this.deps.logger.warn(
      { stage: failure.stage, err: failure.message, partition, offset: message.offset },
      'record dead-lettered',
    );
    deadLetters.inc({ stage: failure.stage, reason: failure.name });
    this.stats.deadLettered++;
    const letter = deadLetter({
      stage: failure.stage,
      error: { name: failure.name, message: failure.message },
      source: {
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString('utf8') ?? null,
      },
      payload: message.value,
      failedAt: new Date(),
    });
    return [
      {
        spec: DLQ_TOPIC,
        records: [{ key: letter.source.key ?? `${partition}:${message.offset}`, value: letter }],
      },
    ];
  }
}
