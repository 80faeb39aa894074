import { validate, type TopicBatch } from '@wirestream/contract';
import type { RecordProducer } from '@wirestream/runtime';

interface Waiter {
  /** Parts not yet acknowledged; the caller's promise settles when this reaches 0 (or one fails). */
  pending: number;
  failed: boolean;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Part of one caller's records, small enough for one produce request. */
interface Part {
  waiter: Waiter;
  batches: TopicBatch[];
  records: number;
  bytes: number;
}

/**
 * JSON bytes per produce request. kafkajs puts a partition's records of one request into one
 * record batch, which the broker refuses above the topic's max.message.bytes (4 MiB for
 * news.raw.v1): a feed of many large items (or several feeds at once) must not add up past it.
 */
export const MAX_REQUEST_BYTES = 3 * 1024 * 1024;

/** A caller's batches cut into parts of at most maxBytes (a record larger than that goes alone). */
function splitBySize(batches: readonly TopicBatch[], maxBytes: number, waiter: Waiter): Part[] {
  const parts: Part[] = [];
  let current: Part = { waiter, batches: [], records: 0, bytes: 0 };
  for (const batch of batches) {
    for (const record of batch.records) {
      const bytes = Buffer.byteLength(JSON.stringify(record.value) ?? '') + record.key.length;
      if (current.records > 0 && current.bytes + bytes > maxBytes) {
        parts.push(current);
        current = { waiter, batches: [], records: 0, bytes: 0 };
      }
      let target = current.batches[current.batches.length - 1];
      if (target?.spec !== batch.spec) {
        target = { spec: batch.spec, records: [] };
        current.batches.push(target);
      }
      target.records.push(record);
      current.records++;
      current.bytes += bytes;
    }
  }
  if (current.records > 0) parts.push(current);
  return parts;
}

/**
 * Group commit for the producer: polls finishing at about the same time share one produce request
 * instead of queueing one acks=all round trip each behind the idempotent producer's single
 * in-flight request. A caller's promise resolves only once the request carrying its records was
 * acknowledged, so "mark seen after the broker has it" still holds per feed.
 */
export class BatchSender {
  private queue: Part[] = [];
  private flushing = false;

  constructor(
    private readonly producer: RecordProducer,
    private readonly maxRecords = 1_000,
    private readonly maxBytes = MAX_REQUEST_BYTES,
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
      const waiter: Waiter = { pending: 0, failed: false, resolve, reject };
      const parts = splitBySize(batches, this.maxBytes, waiter);
      waiter.pending = parts.length;
      this.queue.push(...parts);
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length > 0) {
      const taken: Part[] = [];
      let records = 0;
      let bytes = 0;
      while (this.queue.length > 0) {
        const next = this.queue[0]!;
        if (next.waiter.failed) {
          this.queue.shift(); // the rest of a caller whose earlier part failed: it retries at its next poll
          continue;
        }
        if (taken.length > 0 && (records >= this.maxRecords || bytes + next.bytes > this.maxBytes)) break;
        taken.push(this.queue.shift()!);
        records += next.records;
        bytes += next.bytes;
      }
      if (taken.length === 0) continue;
      // One TopicBatch per topic: kafkajs sends one request per broker either way, but merging keeps it small.
      const byTopic = new Map<string, TopicBatch>();
      for (const part of taken)
        for (const b of part.batches) {
          const merged = byTopic.get(b.spec.name) ?? { spec: b.spec, records: [] };
          merged.records.push(...b.records);
          byTopic.set(b.spec.name, merged);
        }
      try {
        await this.producer.send([...byTopic.values()], { validated: true });
        for (const { waiter } of taken) if (--waiter.pending === 0 && !waiter.failed) waiter.resolve();
      } catch (err) {
        for (const { waiter } of taken) {
          if (waiter.failed) continue;
          waiter.failed = true;
          waiter.reject(err);
        }
      }
    }
    this.flushing = false;
  }
}
