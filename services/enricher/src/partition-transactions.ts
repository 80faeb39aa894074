/**
 * The enricher's exactly-once half: one transactional producer per input partition, whose
 * transactional id names that partition, so a crashed or rebalanced-away owner is fenced by the next
 * one and its open transaction aborted. Each chunk's outputs and the offset past it are committed in
 * one transaction of that producer.
 */
import type { TopicBatch, WirestreamConfig } from '@wirestream/contract';
import type { KafkaGateway, Logger, RecordProducer, StableOffsetReader } from '@wirestream/runtime';
import { retrying, type BatchControls } from './batch-retry.js';

/** The transactional producer of one input partition, and the offset committed so far. */
export interface PartitionProducer {
  producer: RecordProducer;
  /** Read from the broker once the producer fenced its predecessors; advanced by each commit. */
  committed: bigint | null;
}

export interface PartitionTransactionsDeps {
  config: WirestreamConfig;
  logger: Logger;
  kafka: KafkaGateway;
  /** Its count of acknowledged records is shared with the partition producers. */
  producer: RecordProducer;
}

export class PartitionTransactions {
  private offsets: StableOffsetReader | null = null;
  private readonly producers = new Map<number, Promise<PartitionProducer>>();

  constructor(private readonly deps: PartitionTransactionsDeps) {}

  /**
   * The transactional producer of an input partition, created on first use. Creating it fences any
   * earlier producer of the partition (a crashed process, or the owner before a rebalance) and
   * settles its open transaction; the committed offset is read only after that, so records that
   * transaction did commit are skipped rather than published twice.
   */
  producerFor(topic: string, partition: number): Promise<PartitionProducer> {
    let slot = this.producers.get(partition);
    if (!slot) {
      slot = this.createProducer(topic, partition);
      this.producers.set(partition, slot);
      const mine = slot;
      mine.catch(() => {
        if (this.producers.get(partition) === mine) this.producers.delete(partition);
      });
    }
    return slot;
  }

  private async createProducer(topic: string, partition: number): Promise<PartitionProducer> {
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
  }

  /** Stable: an offset a just-finished transaction committed is never read as the one before it. */
  private committedOffset(topic: string, partition: number): Promise<bigint | null> {
    this.offsets ??= this.deps.kafka.stableOffsets();
    return this.offsets.committedOffset(this.deps.config.enricher.groupId, topic, partition);
  }

  async drop(partition: number): Promise<void> {
    const slot = this.producers.get(partition);
    this.producers.delete(partition);
    await slot?.then((p) => p.producer.disconnect()).catch(() => undefined);
  }

  /** Closes the producers of partitions this member was not given; the new owner fences them anyway. */
  keepOnly(assigned: ReadonlySet<number>): void {
    for (const partition of [...this.producers.keys()])
      if (!assigned.has(partition)) void this.drop(partition);
  }

  /**
   * Publishes a chunk's outputs with the offset past it in one transaction and returns the producer
   * to use next. When the transaction fails (broker restarting, transaction timed out, producer
   * fenced), the producer is replaced, and the offset committed by then decides: past the chunk, the
   * transaction did commit; otherwise it was aborted and the chunk is sent again. Null: this member
   * must stop (consumer stopping, partition moving elsewhere).
   */
  async commit(
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
      await this.drop(partition);
    }
    return retrying(
      this.deps.logger,
      'kafka',
      controls,
      async () => {
        const next = await this.producerFor(topic, partition);
        if (next.committed !== null && next.committed >= done) {
          this.deps.logger.debug({ partition, next: done.toString() }, 'failed transaction had committed');
          return next;
        }
        try {
          await next.producer.sendTransaction(merged, offsets, { validated: true });
          next.committed = done;
        } catch (err) {
          await this.drop(partition);
          throw err;
        }
        return next;
      },
      () => true,
    );
  }

  /** Closes every partition producer and the offset reader. */
  async close(): Promise<void> {
    for (const partition of [...this.producers.keys()]) await this.drop(partition);
    await this.offsets?.close();
    this.offsets = null;
  }
}
