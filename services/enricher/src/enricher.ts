import type { Consumer, KafkaMessage } from 'kafkajs';
import {
  ARTICLES_TOPIC,
  DLQ_TOPIC,
  DUPLICATES_TOPIC,
  RAW_TOPIC,
  TOPIC_STREAMS,
  type ArticleRecord,
  type DeadLetterRecord,
  type FailureStage,
  type RawItemRecord,
  type WirestreamConfig,
  validate,
} from '@wirestream/contract';
import { enrichRawItem, type EnrichmentDeps } from '@wirestream/enrichment';
import {
  articlesByStatus,
  deadLetters,
  decodeRecord,
  fetchToArticleSeconds,
  publishToFetchSeconds,
  recordsIn,
  stageDuration,
  type KafkaGateway,
  type Logger,
  type RecordProducer,
  type TopicBatch,
} from '@wirestream/runtime';
import { mergeBatches, routeOutcome } from './route.js';

export interface EnricherDeps {
  config: WirestreamConfig;
  logger: Logger;
  kafka: KafkaGateway;
  producer: RecordProducer;
  enrichment: EnrichmentDeps;
}

export interface EnricherStats {
  consumed: number;
  articles: number;
  duplicates: number;
  deadLettered: number;
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

/** End-to-end latency of the articles just acknowledged on news.articles.v1. */
function observeLatency(batches: readonly TopicBatch[]): void {
  const now = Date.now();
  for (const batch of batches) {
    if (batch.spec !== ARTICLES_TOPIC) continue;
    for (const record of batch.records) {
      const article = record.value as ArticleRecord;
      const fetched = Date.parse(article.fetchedAt);
      fetchToArticleSeconds.observe(Math.max(0, now - fetched) / 1000);
      // Only a redelivery-free first revision measures the feed's own delay, and only a date the feed gave.
      if (article.revision === 1 && article.publishedAtSource === 'feed') {
        const delay = (fetched - Date.parse(article.publishedAt)) / 1000;
        if (delay >= 0) publishToFetchSeconds.observe(delay);
      }
    }
  }
}

/** Records enriched concurrently and published in one produce request. */
const CHUNK_SIZE = 64;

const OUTPUT_SPECS = new Map([ARTICLES_TOPIC, DUPLICATES_TOPIC, ...TOPIC_STREAMS].map((s) => [s.name, s]));

/**
 * Consumes news.raw.v1 in a consumer group, enriches each record and publishes the outcome. A
 * record that cannot be read or enriched goes to the dead-letter topic with the reason, and the
 * worker carries on; offsets are committed only after the outputs are acknowledged.
 */
export class Enricher {
  readonly stats: EnricherStats = { consumed: 0, articles: 0, duplicates: 0, deadLettered: 0 };
  private consumer: Consumer | null = null;

  constructor(private readonly deps: EnricherDeps) {}

  private deadLetter(
    stage: FailureStage,
    err: Error,
    topic: string,
    partition: number,
    message: KafkaMessage,
  ): DeadLetterRecord {
    const value = message.value ?? Buffer.alloc(0);
    const text = value.toString('utf8');
    const isText = !text.includes('\uFFFD');
    return {
      schemaVersion: 1,
      stage,
      error: { name: err.name, message: err.message.slice(0, 4000) },
      source: {
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString('utf8') ?? null,
        feedId: null,
        url: null,
      },
      payload: isText ? text : value.toString('base64'),
      payloadEncoding: isText ? 'utf8' : 'base64',
      payloadTruncated: false,
      failedAt: new Date().toISOString(),
    };
  }

  /** Turns one consumed message into the batches to publish; failures become a dead letter. */
  async process(topic: string, partition: number, message: KafkaMessage): Promise<TopicBatch[]> {
    const started = performance.now();
    recordsIn.inc({ stage: 'enrich' });
    this.deps.logger.trace({ partition, offset: message.offset }, 'enriching');
    try {
      let raw: RawItemRecord;
      try {
        raw = decodeRecord(RAW_TOPIC, message.value) as RawItemRecord;
      } catch (err) {
        throw new StageError('validate', err as Error);
      }
      let batches: TopicBatch[];
      try {
        const outcome = await enrichRawItem(raw, this.deps.enrichment);
        batches = routeOutcome(outcome);
        // Validate here, per record, so one bad output dead-letters its input instead of failing the batch.
        for (const b of batches)
          for (const r of b.records) validate(OUTPUT_SPECS.get(b.spec.name)!.schema, r.value, b.spec.name);
        articlesByStatus.inc({ status: outcome.article.dedupe.status });
        if (outcome.duplicate) this.stats.duplicates++;
        else this.stats.articles++;
      } catch (err) {
        throw err instanceof StageError ? err : new StageError('enrich', err as Error);
      }
      return batches;
    } catch (err) {
      const failure = err as StageError;
      this.deps.logger.warn(
        { stage: failure.stage, err: failure.message, partition, offset: message.offset },
        'record dead-lettered',
      );
      deadLetters.inc({ stage: failure.stage, reason: failure.name });
      this.stats.deadLettered++;
      const letter = this.deadLetter(failure.stage, failure, topic, partition, message);
      return [
        {
          spec: DLQ_TOPIC,
          records: [{ key: letter.source.key ?? `${partition}:${message.offset}`, value: letter }],
        },
      ];
    } finally {
      stageDuration.observe({ stage: 'enrich' }, (performance.now() - started) / 1000);
    }
  }

  async start(options: { fromBeginning?: boolean } = {}): Promise<void> {
    const { kafka, config, producer } = this.deps;
    const consumer = kafka.consumer({ groupId: config.enricher.groupId, readUncommitted: false });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: kafka.topic(RAW_TOPIC), fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 2,
      eachBatch: async ({
        batch,
        resolveOffset,
        heartbeat,
        isRunning,
        isStale,
        commitOffsetsIfNecessary,
      }) => {
        // A chunk of records is enriched concurrently so that Redis round trips overlap with CPU work.
        // Each record runs synchronously up to its first Redis call, so dedupe claims still reach
        // Redis in offset order and the first copy of a story wins as it would one at a time.
        const messages = batch.messages;
        for (let start = 0; start < messages.length; start += CHUNK_SIZE) {
          if (!isRunning() || isStale()) break;
          const chunk = messages.slice(start, start + CHUNK_SIZE);
          const outputs = await Promise.all(chunk.map((m) => this.process(batch.topic, batch.partition, m)));
          const merged = mergeBatches(outputs.flat());
          await producer.send(merged, { validated: true });
          observeLatency(merged);
          // Offsets only after the outputs are acknowledged: a crash in between re-delivers, never loses.
          resolveOffset(chunk[chunk.length - 1]!.offset);
          this.stats.consumed += chunk.length;
          await commitOffsetsIfNecessary();
          await heartbeat();
        }
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = null;
  }
}
