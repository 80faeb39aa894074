import { validate } from '@wirestream/contract';
import type { RecordProducer, TopicBatch } from '@wirestream/runtime';

interface Waiter {
  batches: readonly TopicBatch[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for the producer: polls finishing at about the same time share one produce request
 * instead of queueing one acks=all round trip each behind the idempotent producer's single
 * in-flight request. A caller's promise resolves only once the request carrying its records was
 * acknowledged, so "mark seen after the broker has it" still holds per feed.
 */
export class BatchSender {
  private queue: Waiter[] = [];
  private flushing = false;

  constructor(
    private readonly producer: RecordProducer,
    private readonly maxRecords = 1_000,
  ) {}

  send(batches: readonly TopicBatch[]): Promise<void> {
    if (batches.every((b) => b.records.length === 0)) return Promise.resolve();
    try {
      // Validated here, per caller: one invalid record fails its own feed, not the whole shared request.
      for (const b of batches) for (const r of b.records) validate(b.spec.schema, r.value, b.spec.name);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ batches, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length > 0) {
      const taken: Waiter[] = [];
      let records = 0;
      while (this.queue.length > 0 && (taken.length === 0 || records < this.maxRecords)) {
        const next = this.queue.shift()!;
        taken.push(next);
        records += next.batches.reduce((n, b) => n + b.records.length, 0);
      }
      // One TopicBatch per topic: kafkajs sends one request per broker either way, but merging keeps it small.
      const byTopic = new Map<string, TopicBatch>();
      for (const w of taken)
        for (const b of w.batches) {
          const merged = byTopic.get(b.spec.name) ?? { spec: b.spec, records: [] };
          merged.records.push(...b.records);
          byTopic.set(b.spec.name, merged);
        }
      try {
        await this.producer.send([...byTopic.values()], { validated: true });
        for (const w of taken) w.resolve();
      } catch (err) {
        for (const w of taken) w.reject(err);
      }
    }
    this.flushing = false;
  }
}
