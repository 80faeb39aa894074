import { describe, expect, it } from 'vitest';
import { DLQ_TOPIC, type TopicBatch } from '@wirestream/contract';
import {
  createLogger,
  loadConfig,
  type ConsumedOffsets,
  type KafkaGateway,
  type RecordProducer,
  type StableOffsetReader,
} from '@wirestream/runtime';
import type { BatchControls } from './batch-retry.js';
import { PartitionTransactions } from './partition-transactions.js';

/**
 * A broker as the transaction manager sees it: transactional producers that commit offsets for the
 * group, and a stable read of what was committed last. `failNext` makes the next transaction fail,
 * after committing (`committed-anyway`: its answer was lost) or not.
 */
class FakeBroker {
  committed: bigint | null = null;
  readonly transactions: Array<{ id: string; offset: string; records: number }> = [];
  readonly producers: Array<{ id: string; closed: boolean }> = [];
  failNext: 'aborted' | 'committed-anyway' | null = null;

  gateway(): KafkaGateway {
    const reader = {
      committedOffset: () => Promise.resolve(this.committed),
      close: () => Promise.resolve(),
    } as unknown as StableOffsetReader;
    return {
      connectProducer: ({ transactionalId }: { transactionalId: string }) => {
        const state = { id: transactionalId, closed: false };
        this.producers.push(state);
        return Promise.resolve(this.producer(state));
      },
      stableOffsets: () => reader,
    } as unknown as KafkaGateway;
  }

  private producer(state: { id: string; closed: boolean }): RecordProducer {
    return {
      initTransactions: () => Promise.resolve(),
      sendTransaction: (batches: TopicBatch[], offsets: ConsumedOffsets) => {
        const failure = this.failNext;
        this.failNext = null;
        if (failure !== 'aborted') {
          this.committed = BigInt(offsets.partitions[0]!.offset);
          const records = batches.reduce((n, b) => n + b.records.length, 0);
          this.transactions.push({ id: state.id, offset: offsets.partitions[0]!.offset, records });
        }
        return failure ? Promise.reject(new Error(`transaction ${failure}`)) : Promise.resolve();
      },
      disconnect: () => {
        state.closed = true;
        return Promise.resolve();
      },
    } as unknown as RecordProducer;
  }
}

const config = loadConfig({ env: {}, overrides: { enricher: { groupId: 'g' } } });
const controls: BatchControls = {
  heartbeat: () => Promise.resolve(),
  isRunning: () => true,
  isStale: () => false,
};
const outputs: TopicBatch[] = [{ spec: DLQ_TOPIC, records: [{ key: 'k', value: {} }] }];

function manager(broker: FakeBroker): PartitionTransactions {
  return new PartitionTransactions({
    config,
    logger: createLogger('silent'),
    kafka: broker.gateway(),
    producer: { sent: new Map() } as unknown as RecordProducer,
  });
}

describe('PartitionTransactions', () => {
  it('makes one producer per input partition, named after it, that knows what was committed', async () => {
    const broker = new FakeBroker();
    broker.committed = 40n;
    const transactions = manager(broker);
    const slot = await transactions.producerFor('raw', 3);
    expect(await transactions.producerFor('raw', 3)).toBe(slot);
    expect(slot.committed).toBe(40n);
    expect(broker.producers.map((p) => p.id)).toEqual(['g.raw.3']);
  });

  it('commits a chunk with the offset past it and advances what it knows as committed', async () => {
    const broker = new FakeBroker();
    const transactions = manager(broker);
    const slot = await transactions.producerFor('raw', 0);
    expect(await transactions.commit(slot, 'raw', 0, outputs, '9', controls)).toBe(slot);
    expect(slot.committed).toBe(10n);
    expect(broker.transactions).toEqual([{ id: 'g.raw.0', offset: '10', records: 1 }]);
  });

  it('after a failed transaction that did commit, replaces the producer and does not send the chunk again', async () => {
    const broker = new FakeBroker();
    const transactions = manager(broker);
    const slot = await transactions.producerFor('raw', 0);
    broker.failNext = 'committed-anyway';
    const next = await transactions.commit(slot, 'raw', 0, outputs, '9', controls);
    expect(next).not.toBe(slot);
    expect(next!.committed).toBe(10n);
    expect(broker.transactions).toHaveLength(1);
    expect(broker.producers.map((p) => p.closed)).toEqual([true, false]);
  });

  it('after an aborted transaction, sends the chunk again from a new producer', async () => {
    const broker = new FakeBroker();
    const transactions = manager(broker);
    const slot = await transactions.producerFor('raw', 0);
    broker.failNext = 'aborted';
    const next = await transactions.commit(slot, 'raw', 0, outputs, '9', controls);
    expect(next!.committed).toBe(10n);
    expect(broker.transactions).toEqual([{ id: 'g.raw.0', offset: '10', records: 1 }]);
    expect(broker.producers).toHaveLength(2);
  });

  it('closes the producers of partitions taken away, and all of them when closed', async () => {
    const broker = new FakeBroker();
    const transactions = manager(broker);
    await Promise.all([0, 1, 2].map((p) => transactions.producerFor('raw', p)));
    transactions.keepOnly(new Set([1]));
    await new Promise((resolve) => setImmediate(resolve));
    expect(broker.producers.map((p) => [p.id, p.closed])).toEqual([
      ['g.raw.0', true],
      ['g.raw.1', false],
      ['g.raw.2', true],
    ]);
    await transactions.close();
    expect(broker.producers.every((p) => p.closed)).toBe(true);
  });
});
