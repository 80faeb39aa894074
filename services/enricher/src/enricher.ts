import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import {
  ARTICLES_TOPIC,
  DLQ_TOPIC,
  DUPLICATES_TOPIC,
  RAW_TOPIC,
  SUBJECT_STREAMS,
  TOPIC_STREAMS,
  type ArticleRecord,
  type FailureStage,
  type RawItemRecord,
  type TopicBatch,
  type WirestreamConfig,
  validate,
} from '@wirestream/contract';
import {
  enrichRawItem,
  mergeBatches,
  rawRecordPosition,
  routeOutcome,
  type EnrichmentDeps,
} from '@wirestream/enrichment';
import {
  deadLetter,
  deadLetters,
  decodeRecord,
  sleep,
  type KafkaGateway,
  type Logger,
  type RecordProducer,
  type StableOffsetReader,
} from '@wirestream/runtime';
import {
  articlesByStatus,
  fetchToArticleSeconds,
  publishToFetchSeconds,
  rawRepeatsDropped,
  recordsIn,
  stageDuration,
  transientRetries,
} from './metrics.js';
import { DedupeUnavailableError, PositionedDedupeIndex } from './positioned-index.js';

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
  /** Raw records dropped because the same item was already published from another offset. */
  repeats: number;
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

/** Records enriched concurrently and published in one produce request (one transaction). */
const CHUNK_SIZE = 64;

const OUTPUT_SPECS = new Map(
  [ARTICLES_TOPIC, DUPLICATES_TOPIC, ...TOPIC_STREAMS, ...SUBJECT_STREAMS].map((s) => [s.name, s]),
);

/** Waits between attempts while Redis or Kafka is away: 0.3 s doubling up to 10 s. */
const backoffMs = (attempt: number): number => Math.min(300 * 2 ** Math.min(attempt, 6), 10_000);

/** Heartbeat errors that mean this member may no longer own its partitions: stop and rejoin. */
const MEMBERSHIP_LOST = new Set([
  'REBALANCE_IN_PROGRESS',
  'UNKNOWN_MEMBER_ID',
  'ILLEGAL_GENERATION',
  'FENCED_INSTANCE_ID',
]);

/**
 * Thrown out of eachBatch to make kafkajs fetch the batch again after a pause. Marked retriable:
 * kafkajs stops a consumer for good on an error it takes for permanent.
 */
class RetryBatchError extends Error {
  readonly retriable = true;
  constructor(message: string) {
    super(message);
    this.name = 'RetryBatchError';
  }
}

interface BatchControls {
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  isStale(): boolean;
}

/** The transactional producer of one input partition, and the offset committed so far. */
interface PartitionProducer {
  producer: RecordProducer;
  /** Read from the broker once the producer fenced its predecessors; advanced by each commit. */
  committed: bigint | null;
}

/**
 * Consumes news.raw.v1 in a consumer group, enriches each record and publishes the outcome. A
 * record that cannot be read or enriched goes to the dead-letter topic with the reason, and the
 * worker carries on; a dependency that is down (Redis, Kafka) is waited for, never a reason to
 * dead-letter.
 *
 * Exactly-once (the default): each chunk's outputs and the offset past it are committed in one
 * transaction by a producer whose transactional id names the input partition, so a crashed or
 * rebalanced-away owner is fenced by the next one and its open transaction aborted. At-least-once:
 * offsets are committed only after the outputs are acknowledged.
 */
export class Enricher {
  readonly stats: EnricherStats = { consumed: 0, articles: 0, duplicates: 0, deadLettered: 0, repeats: 0 };
  private consumer: Consumer | null = null;
  private offsets: StableOffsetReader | null = null;
  private readonly producers = new Map<number, Promise<PartitionProducer>>();
  private readonly partitionBusy = new Map<number, Promise<void>>();
  /** Partitions of news.raw.v1 this member was given at the last rebalance. */
  private assigned = new Set<number>();

  constructor(private readonly deps: EnricherDeps) {}

  /**
   * Turns one consumed message into the batches to publish; a bad record becomes a dead letter, a
   * repeat of an item already published from another offset becomes nothing. Rejects only with
   * DedupeUnavailableError (Redis is away: the caller waits and retries).
   */
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
        batches = routeOutcome(outcome);
        // Validate here, per record, so one bad output dead-letters its input instead of failing the batch.
        // An article goes to its topic and subject streams too, all of one schema: checked once.
        const checked: Array<[unknown, unknown]> = [];
        for (const b of batches) {
          const { schema } = OUTPUT_SPECS.get(b.spec.name)!;
          for (const r of b.records) {
            if (checked.some(([s, v]) => s === schema && v === r.value)) continue;
            validate(schema, r.value, b.spec.name);
            checked.push([schema, r.value]);
          }
        }
        articlesByStatus.inc({ status: outcome.article.dedupe.status });
        if (outcome.duplicate) this.stats.duplicates++;
        else this.stats.articles++;
      } catch (err) {
        if (err instanceof DedupeUnavailableError) throw err;
        throw err instanceof StageError ? err : new StageError('enrich', err as Error);
      }
      return batches;
    } catch (err) {
      if (err instanceof DedupeUnavailableError) throw err;
      const failure = err as StageError;
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
  private async enrichChunk(topic: string, partition: number, chunk: KafkaMessage[]): Promise<TopicBatch[]> {
    const lastOfKey = new Map<string, Promise<unknown>>();
    const outputs = await Promise.all(
      chunk.map((message) => {
        const key = message.key?.toString('latin1') ?? '';
        const before = key ? lastOfKey.get(key) : undefined;
        const run = before
          ? before.catch(() => undefined).then(() => this.process(topic, partition, message))
          : this.process(topic, partition, message);
        if (key) lastOfKey.set(key, run);
        return run;
      }),
    );
    return mergeBatches(outputs.flat());
  }

  /**
   * Runs `work` while keeping this member's place in the group (a Redis or Kafka outage must not look
   * like a dead worker), and repeats it with backoff while it fails for a transient reason. Gives up
   * with null when the consumer stops or the partition is being taken away.
   */
  private async retrying<T>(
    what: 'redis' | 'kafka',
    controls: BatchControls,
    work: () => Promise<T>,
    transient: (err: unknown) => boolean,
  ): Promise<T | null> {
    let membershipLost: unknown = null;
    const keepAlive = setInterval(() => {
      controls.heartbeat().catch((err: { type?: string }) => {
        if (err.type && MEMBERSHIP_LOST.has(err.type)) membershipLost = err;
      });
    }, 3_000);
    try {
      for (let attempt = 0; ; attempt++) {
        if (!controls.isRunning() || controls.isStale()) return null;
        try {
          return await work();
        } catch (err) {
          if (!transient(err)) throw err;
          transientRetries.inc({ dependency: what });
          const waitMs = backoffMs(attempt);
          this.deps.logger.warn(
            { dependency: what, err: (err as Error).message, attempt, waitMs },
            `${what} unavailable: retrying`,
          );
          await sleep(waitMs);
          if (membershipLost) throw membershipLost;
        }
      }
    } finally {
      clearInterval(keepAlive);
    }
  }

  /**
   * The transactional producer of an input partition, created on first use. Creating it fences any
   * earlier producer of the partition (a crashed process, or the owner before a rebalance) and
   * settles its open transaction; the committed offset is read only after that, so records that
   * transaction did commit are skipped rather than published twice.
   */
  private partitionProducer(topic: string, partition: number): Promise<PartitionProducer> {
    let slot = this.producers.get(partition);
    if (!slot) {
      slot = (async () => {
        const { kafka, config } = this.deps;
        const producer = await kafka.connectProducer({
          transactionalId: `${config.enricher.groupId}.${topic}.${partition}`,
          // One count per process, so `start --once` reports what the enricher committed too.
          tally: this.deps.producer.sent,
        });
        try {
          await producer.initTransactions();
          const committed = await this.committedOffset(topic, partition);
          this.deps.logger.debug(
            { partition, committed: committed?.toString() ?? null },
            'partition producer ready',
          );
          return { producer, committed };
        } catch (err) {
          await producer.disconnect().catch(() => undefined);
          throw err;
        }
      })();
      this.producers.set(partition, slot);
      const mine = slot;
      mine.catch(() => {
        if (this.producers.get(partition) === mine) this.producers.delete(partition);
      });
    }
    return slot;
  }

  private async dropProducer(partition: number): Promise<void> {
    const slot = this.producers.get(partition);
    this.producers.delete(partition);
    await slot?.then((p) => p.producer.disconnect()).catch(() => undefined);
  }

  /** Stable: an offset a just-finished transaction committed is never read as the one before it. */
  private committedOffset(topic: string, partition: number): Promise<bigint | null> {
    this.offsets ??= this.deps.kafka.stableOffsets();
    return this.offsets.committedOffset(this.deps.config.enricher.groupId, topic, partition);
  }

  async start(options: { fromBeginning?: boolean } = {}): Promise<void> {
    const { kafka, config } = this.deps;
    const exactlyOnce = config.enricher.delivery === 'exactly-once';
    const consumer = kafka.consumer({
      groupId: config.enricher.groupId,
      sessionTimeout: config.enricher.sessionTimeoutMs,
      heartbeatInterval: Math.min(3_000, Math.floor(config.enricher.sessionTimeoutMs / 3)),
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assigned = new Set(Object.values(payload.memberAssignment).flat());
      // A partition that moved to another member has its producer closed; the new owner fences it anyway.
      for (const partition of [...this.producers.keys()])
        if (!this.assigned.has(partition)) void this.dropProducer(partition);
    });
    await consumer.connect();
    await consumer.subscribe({ topic: kafka.topic(RAW_TOPIC), fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      // Exactly-once commits offsets inside the transactions; nothing else may commit them.
      autoCommit: !exactlyOnce,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 2,
      eachBatch: (payload) =>
        this.oneAtATime(payload.batch.partition, () => this.handleBatch(payload, exactlyOnce)).catch(
          (err: { type?: string; message?: string }) => {
            // Rebalances go back to kafkajs as they are (it rejoins); anything else must not stop the
            // consumer for good, so it is retried: the batch is fetched again from its last resolved offset.
            throw err.type && MEMBERSHIP_LOST.has(err.type)
              ? err
              : new RetryBatchError(`batch failed, fetching it again: ${err.message ?? String(err)}`);
          },
        ),
    });
  }

  /**
   * Runs the batches of one partition one after another. kafkajs does not wait for a batch it gave up
   * on (a consumer restarted after a broker outage fetches the partition again while the old handler
   * still waits for its transaction); two handlers enriching the same records at once would both take
   * them for new.
   */
  private async oneAtATime(partition: number, handle: () => Promise<void>): Promise<void> {
    const before = this.partitionBusy.get(partition) ?? Promise.resolve();
    const mine = before.then(handle, handle);
    const settled = mine.catch(() => undefined);
    this.partitionBusy.set(partition, settled);
    void settled.then(() => {
      if (this.partitionBusy.get(partition) === settled) this.partitionBusy.delete(partition);
    });
    return mine;
  }

  private async handleBatch(
    { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }: EachBatchPayload,
    exactlyOnce: boolean,
  ): Promise<void> {
    // A handler that outlived its partition's assignment must stop, or its retries would fence the new owner.
    const controls: BatchControls = {
      heartbeat,
      isRunning,
      isStale: () => isStale() || !this.assigned.has(batch.partition),
    };
    const { topic, partition } = batch;
    let messages = batch.messages;
    let slot: PartitionProducer | null = null; // exactly-once only
    if (exactlyOnce) {
      slot = await this.retrying(
        'kafka',
        controls,
        () => this.partitionProducer(topic, partition),
        () => true,
      );
      if (!slot) return;
      // Committed by this process's previous handler or, read when the producer was made, by anyone.
      const from = slot.committed;
      const done = from === null ? 0 : messages.findIndex((m) => BigInt(m.offset) >= from);
      if (done !== 0) {
        const skipped = done < 0 ? messages : messages.slice(0, done);
        this.deps.logger.debug(
          { partition, from: skipped[0]!.offset, to: skipped[skipped.length - 1]!.offset },
          'skipping records committed before',
        );
        resolveOffset(skipped[skipped.length - 1]!.offset);
        messages = done < 0 ? [] : messages.slice(done);
      }
    }
    for (let start = 0; start < messages.length; start += CHUNK_SIZE) {
      if (!isRunning() || controls.isStale()) break;
      const chunk = messages.slice(start, start + CHUNK_SIZE);
      const last = chunk[chunk.length - 1]!.offset;
      const merged = await this.retrying(
        'redis',
        controls,
        () => this.enrichChunk(topic, partition, chunk),
        (err) => err instanceof DedupeUnavailableError,
      );
      if (merged === null) break;
      if (slot) {
        slot = await this.commitChunk(slot, topic, partition, merged, last, controls);
        if (!slot) break;
      } else {
        const sent = await this.retrying(
          'kafka',
          controls,
          () => this.deps.producer.send(merged, { validated: true }).then(() => true),
          isTransientKafkaError,
        );
        if (!sent) break;
      }
      observeLatency(merged);
      // Offsets only after the outputs are acknowledged (or in their transaction): a crash re-delivers, never loses.
      resolveOffset(last);
      this.stats.consumed += chunk.length;
      if (!exactlyOnce) await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  /**
   * Publishes a chunk's outputs with the offset past it in one transaction and returns the producer
   * to use next. When the transaction fails (broker restarting, transaction timed out, producer
   * fenced), the producer is replaced, and the offset committed by then decides: past the chunk, the
   * transaction did commit; otherwise it was aborted and the chunk is sent again. Null: this member
   * must stop (consumer stopping, partition moving elsewhere).
   */
  private async commitChunk(
    slot: PartitionProducer,
    topic: string,
    partition: number,
    merged: TopicBatch[],
    last: string,
    controls: BatchControls,
  ): Promise<PartitionProducer | null> {
    const offsets = {
      groupId: this.deps.config.enricher.groupId,
      topic,
      partitions: [{ partition, offset: String(BigInt(last) + 1n) }],
    };
    const done = BigInt(last) + 1n;
    try {
      await slot.producer.sendTransaction(merged, offsets, { validated: true });
      slot.committed = done;
      this.deps.logger.debug({ partition, next: done.toString() }, 'chunk committed');
      return slot;
    } catch (err) {
      this.deps.logger.warn(
        { partition, err: (err as Error).message },
        'transaction failed: replacing the producer',
      );
      await this.dropProducer(partition);
    }
    return this.retrying(
      'kafka',
      controls,
      async () => {
        const next = await this.partitionProducer(topic, partition);
        if (next.committed !== null && next.committed >= done) {
          this.deps.logger.debug({ partition, next: done.toString() }, 'failed transaction had committed');
          return next;
        }
        try {
          await next.producer.sendTransaction(merged, offsets, { validated: true });
          next.committed = done;
        } catch (err) {
          await this.dropProducer(partition);
          throw err;
        }
        return next;
      },
      () => true,
    );
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = null;
    for (const partition of [...this.producers.keys()]) await this.dropProducer(partition);
    await this.offsets?.close();
    this.offsets = null;
  }
}

/** Errors worth waiting out rather than failing the batch over: anything kafkajs marks as retriable. */
function isTransientKafkaError(err: unknown): boolean {
  return (err as { retriable?: boolean }).retriable !== false;
}
