import {
  ARTICLES_TOPIC,
  RAW_TOPIC,
  type ArticleRecord,
  type TopicBatch,
  type WirestreamConfig,
} from '@wirestream/contract';
import type { EnrichmentDeps } from '@wirestream/enrichment';
import type {
  BatchContext,
  ConsumedMessage,
  KafkaConsumer,
  KafkaGateway,
  Logger,
  RecordProducer,
} from '@wirestream/runtime';
import { fetchToArticleSeconds, publishToFetchSeconds } from './metrics.js';
import { isMembershipLost, isTransientKafkaError, retrying, type BatchControls } from './batch-retry.js';
import { OutcomeRouter, type RoutingStats } from './outcome-router.js';
import { PartitionTransactions, type PartitionProducer } from './partition-transactions.js';
import { DedupeUnavailableError } from './positioned-index.js';

export interface EnricherDeps {
  config: WirestreamConfig;
  logger: Logger;
  kafka: KafkaGateway;
  producer: RecordProducer;
  enrichment: EnrichmentDeps;
}

export interface EnricherStats extends RoutingStats {
  consumed: number;
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

/**
 * Thrown out of eachBatch to make the consumer fetch the batch again after a pause. Marked retriable:
 * the consumer stops for good on an error it takes for permanent.
 */
class RetryBatchError extends Error {
  readonly retriable = true;
  constructor(message: string) {
    super(message);
    this.name = 'RetryBatchError';
  }
}

/**
 * Consumes news.raw.v1 in a consumer group, enriches each record and publishes the outcome (the
 * outcome router: outcome-router.ts). A record that cannot be read or enriched goes to the
 * dead-letter topic with the reason, and the worker carries on; a dependency that is down (Redis,
 * Kafka) is waited for, never a reason to dead-letter (batch-retry.ts).
 *
 * Exactly-once (the default): each chunk's outputs and the offset past it are committed in one
 * transaction by a producer whose transactional id names the input partition, so a crashed or
 * rebalanced-away owner is fenced by the next one and its open transaction aborted
 * (partition-transactions.ts). At-least-once: offsets are committed only after the outputs are
 * acknowledged.
 */
export class Enricher {
  readonly stats: EnricherStats = { consumed: 0, articles: 0, duplicates: 0, deadLettered: 0, repeats: 0 };
  private consumer: KafkaConsumer | null = null;
  private readonly router: OutcomeRouter;
  private readonly transactions: PartitionTransactions;
  private readonly partitionBusy = new Map<number, Promise<void>>();
  /** Partitions of news.raw.v1 this member was given at the last rebalance. */
  private assigned = new Set<number>();

  constructor(private readonly deps: EnricherDeps) {
    this.router = new OutcomeRouter({ ...deps, routing: { ninjs: deps.config.enricher.ninjs } }, this.stats);
    this.transactions = new PartitionTransactions(deps);
  }

  async start(options: { fromBeginning?: boolean } = {}): Promise<void> {
    const { kafka, config } = this.deps;
    const exactlyOnce = config.enricher.delivery === 'exactly-once';
    const consumer = kafka.consumer({
      groupId: config.enricher.groupId,
      sessionTimeoutMs: config.enricher.sessionTimeoutMs,
      heartbeatIntervalMs: Math.min(3_000, Math.floor(config.enricher.sessionTimeoutMs / 3)),
    });
    this.consumer = consumer;
    consumer.onGroupJoin((assignment) => {
      this.assigned = new Set(Object.values(assignment).flat());
      // A partition that moved to another member has its producer closed; the new owner fences it anyway.
      this.transactions.keepOnly(this.assigned);
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: [kafka.topic(RAW_TOPIC)],
      fromBeginning: options.fromBeginning ?? true,
    });
    await consumer.run({
      // Exactly-once commits offsets inside the transactions; nothing else may commit them.
      autoCommit: !exactlyOnce,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 2,
      eachBatch: (payload) =>
        this.oneAtATime(payload.batch.partition, () => this.handleBatch(payload, exactlyOnce)).catch(
          (err: { message?: string }) => {
            // Rebalances go back to the consumer as they are (it rejoins); anything else must not stop
            // it for good, so it is retried: the batch is fetched again from its last resolved offset.
            throw isMembershipLost(err)
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
    { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }: BatchContext,
    exactlyOnce: boolean,
  ): Promise<void> {
    const { logger, producer } = this.deps;
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
      slot = await retrying(
        logger,
        'kafka',
        controls,
        () => this.transactions.producerFor(topic, partition),
        () => true,
      );
      if (!slot) return;
      messages = this.skipCommitted(messages, slot.committed, partition, resolveOffset);
    }
    for (let start = 0; start < messages.length; start += CHUNK_SIZE) {
      if (!isRunning() || controls.isStale()) break;
      const chunk = messages.slice(start, start + CHUNK_SIZE);
      const last = chunk[chunk.length - 1]!.offset;
      const merged = await retrying(
        logger,
        'redis',
        controls,
        () => this.router.routeChunk(topic, partition, chunk),
        (err) => err instanceof DedupeUnavailableError,
      );
      if (merged === null) break;
      if (slot) {
        slot = await this.transactions.commit(slot, topic, partition, merged, last, controls);
        if (!slot) break;
      } else {
        const sent = await retrying(
          logger,
          'kafka',
          controls,
          () => producer.send(merged, { validated: true }).then(() => true),
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
   * The messages not yet committed: those before `committed` were committed by this process's
   * previous handler or, read when the partition's producer was made, by anyone. They are resolved
   * at once.
   */
  private skipCommitted(
    messages: ConsumedMessage[],
    committed: bigint | null,
    partition: number,
    resolveOffset: (offset: string) => void,
  ): ConsumedMessage[] {
    const done = committed === null ? 0 : messages.findIndex((m) => BigInt(m.offset) >= committed);
    if (done === 0) return messages;
    const skipped = done < 0 ? messages : messages.slice(0, done);
    this.deps.logger.debug(
      { partition, from: skipped[0]!.offset, to: skipped[skipped.length - 1]!.offset },
      'skipping records committed before',
    );
    resolveOffset(skipped[skipped.length - 1]!.offset);
    return done < 0 ? [] : messages.slice(done);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = null;
    await this.transactions.close();
  }
}
