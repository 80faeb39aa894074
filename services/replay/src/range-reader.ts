import {
  sleep,
  type BatchContext,
  type ConsumedMessage,
  type KafkaAdmin,
  type KafkaConsumer,
  type KafkaGateway,
} from '@wirestream/runtime';

/** Offsets [start, end) of one partition. */
export interface PartitionRange {
  partition: number;
  start: number;
  end: number;
}

/** Runs an admin request again while the broker answers with a retriable error (leaders of new topics still moving). */
async function retried<T>(request: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (err) {
      if (attempt >= attempts || !(err as { retriable?: boolean }).retriable) throw err;
      await sleep(250);
    }
  }
}

/** Per partition, the first offset whose timestamp is at or after `at` (the end of the log when none). */
export async function offsetsAt(admin: KafkaAdmin, topic: string, at: Date): Promise<Map<number, number>> {
  const offsets = await retried(() => admin.fetchTopicOffsetsByTimestamp(topic, at.getTime()));
  return new Map(offsets.map((o) => [o.partition, Number(o.offset)]));
}

/** The offsets of a time range in every partition of a topic; `to` null means up to the end of the log now. */
export async function rangeOfTimes(
  admin: KafkaAdmin,
  topic: string,
  from: Date,
  to: Date | null,
): Promise<PartitionRange[]> {
  const starts = await offsetsAt(admin, topic, from);
  const ends = to
    ? await offsetsAt(admin, topic, to)
    : new Map(
        (await retried(() => admin.fetchTopicOffsets(topic))).map((p) => [p.partition, Number(p.high)]),
      );
  return [...starts.entries()]
    .map(([partition, start]) => ({ partition, start, end: Math.max(start, ends.get(partition) ?? start) }))
    .sort((a, b) => a.partition - b.partition);
}

export interface ReadRangeOptions {
  kafka: KafkaGateway;
  /** Full topic name (with the deployment prefix). */
  topic: string;
  groupId: string;
  ranges: readonly PartitionRange[];
  /**
   * Start at each range's start (a fresh job) rather than at the offsets the group committed (a
   * resumed one).
   */
  fromStart: boolean;
  /** Commit the group's offsets after each chunk: the checkpoint a stopped job resumes from. */
  commit: boolean;
  chunkSize: number;
  signal?: AbortSignal | undefined;
  /** Handles a chunk of records of one partition, in offset order; resolved = done with them. */
  onChunk: (messages: ConsumedMessage[], partition: number) => Promise<void>;
}

/** Where each partition stands: the next offset to read. */
export async function committedPositions(
  admin: KafkaAdmin,
  groupId: string,
  topic: string,
  ranges: readonly PartitionRange[],
): Promise<Map<number, number>> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const byPartition = new Map(committed?.partitions.map((p) => [p.partition, Number(p.offset)]) ?? []);
  return new Map(
    ranges.map((r) => {
      const at = byPartition.get(r.partition) ?? -1;
      return [r.partition, at < 0 ? r.start : Math.max(at, r.start)];
    }),
  );
}

/** Where a range read stands: each partition's next offset to read, against the end of its range. */
class RangePositions {
  private readonly ends: Map<number, number>;

  constructor(
    private readonly ranges: readonly PartitionRange[],
    private readonly positions: Map<number, number>,
  ) {
    this.ends = new Map(ranges.map((r) => [r.partition, r.end]));
  }

  next(partition: number): number {
    return this.positions.get(partition) ?? 0;
  }

  end(partition: number): number {
    return this.ends.get(partition) ?? 0;
  }

  set(partition: number, next: number): void {
    this.positions.set(partition, next);
  }

  /** Moves a partition forward to `next`, never back. */
  reach(partition: number, next: number): void {
    this.positions.set(partition, Math.max(this.next(partition), next));
  }

  isDone(partition: number): boolean {
    return this.next(partition) >= this.end(partition);
  }

  allDone(): boolean {
    return this.ranges.every((r) => this.isDone(r.partition));
  }
}

/** One range read in progress, as its batch handler sees it. */
interface RangeRead {
  options: ReadRangeOptions;
  positions: RangePositions;
  consumer: KafkaConsumer;
  settle(completed: boolean): void;
  /** A chunk in hand is finished and committed before the stop takes effect: a resumed job must not redo it. */
  busy: boolean;
}

/** Hands a fetched batch's records of the range to onChunk, chunk by chunk, committing after each. */
async function readBatch(
  { batch, resolveOffset, heartbeat, isRunning, isStale, pause }: BatchContext,
  read: RangeRead,
): Promise<void> {
  const { options, positions } = read;
  const end = positions.end(batch.partition);
  const from = positions.next(batch.partition);
  const wanted = batch.messages.filter((m) => Number(m.offset) >= from && Number(m.offset) < end);
  for (let i = 0; i < wanted.length; i += options.chunkSize) {
    if (options.signal?.aborted) return read.settle(false);
    if (!isRunning() || isStale()) return;
    const chunk = wanted.slice(i, i + options.chunkSize);
    read.busy = true;
    try {
      await options.onChunk(chunk, batch.partition);
      const next = Number(chunk[chunk.length - 1]!.offset) + 1;
      resolveOffset(chunk[chunk.length - 1]!.offset);
      if (options.commit)
        await read.consumer.commitOffsets([
          { topic: options.topic, partition: batch.partition, offset: String(next) },
        ]);
      positions.set(batch.partition, next);
    } finally {
      read.busy = false;
    }
    await heartbeat();
  }
  if (options.signal?.aborted) return read.settle(false);
  // The batch's last offset counts transaction markers, which never show as messages.
  const last = batch.lastOffset();
  if (last !== null && Number(last) >= end - 1) positions.reach(batch.partition, end);
  if (positions.isDone(batch.partition)) pause();
  if (positions.allDone()) read.settle(true);
}

/**
 * Reads the given offset ranges of a topic in a consumer group of its own, so the live consumers are
 * untouched, and resolves once every partition reached its end (true) or the signal stopped it
 * (false). Transaction markers count as read, so a range ending in one still completes.
 */
export async function readRange(options: ReadRangeOptions): Promise<boolean> {
  const { kafka, topic, groupId, ranges } = options;
  let start: Map<number, number>;
  if (options.fromStart) {
    start = new Map(ranges.map((r) => [r.partition, r.start]));
  } else {
    const admin = kafka.admin();
    await admin.connect();
    try {
      start = await committedPositions(admin, groupId, topic, ranges);
    } finally {
      await admin.disconnect();
    }
  }
  const positions = new RangePositions(ranges, start);
  if (positions.allDone()) return true;
  if (options.signal?.aborted) return false;

  const consumer = kafka.consumer({ groupId, maxWaitTimeMs: 500, readUncommitted: false });
  let settle: (completed: boolean) => void = () => undefined;
  const finished = new Promise<boolean>((resolve) => (settle = resolve));
  const read: RangeRead = { options, positions, consumer, settle, busy: false };
  const onAbort = (): void => {
    if (!read.busy) settle(false);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // A fetch that held only transaction markers (or aborted records) reaches no handler; this event does.
  consumer.onBatchEnd(({ topic: batchTopic, partition, batchSize, lastOffset }) => {
    if (batchTopic !== topic || batchSize !== 0) return;
    positions.reach(partition, Number(lastOffset) + 1);
    if (positions.allDone()) settle(true);
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (context) => readBatch(context, read),
    });
    // Seeking once the group is joined, rather than committing the start offsets first (kafkajs'
    // admin.setOffsets joins the group and waits out a whole empty fetch, about 5 s); a batch
    // fetched before the seek is filtered above.
    for (const r of ranges)
      if (!positions.isDone(r.partition))
        consumer.seek({ topic, partition: r.partition, offset: String(positions.next(r.partition)) });
    return await finished;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await consumer.disconnect();
  }
}
