import type { Admin, KafkaMessage } from 'kafkajs';
import { sleep, type KafkaGateway } from '@wirestream/runtime';

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
export async function offsetsAt(admin: Admin, topic: string, at: Date): Promise<Map<number, number>> {
  const offsets = await retried(() => admin.fetchTopicOffsetsByTimestamp(topic, at.getTime()));
  return new Map(offsets.map((o) => [o.partition, Number(o.offset)]));
}

/** The offsets of a time range in every partition of a topic; `to` null means up to the end of the log now. */
export async function rangeOfTimes(
  admin: Admin,
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
  onChunk: (messages: KafkaMessage[], partition: number) => Promise<void>;
}

/** Where each partition stands: the next offset to read. */
export async function committedPositions(
  admin: Admin,
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

/**
 * Reads the given offset ranges of a topic in a consumer group of its own, so the live consumers are
 * untouched, and resolves once every partition reached its end (true) or the signal stopped it
 * (false). Transaction markers count as read, so a range ending in one still completes.
 */
export async function readRange(options: ReadRangeOptions): Promise<boolean> {
  const { kafka, topic, groupId, ranges } = options;
  let positions: Map<number, number>;
  if (options.fromStart) {
    positions = new Map(ranges.map((r) => [r.partition, r.start]));
  } else {
    const admin = kafka.admin();
    await admin.connect();
    try {
      positions = await committedPositions(admin, groupId, topic, ranges);
    } finally {
      await admin.disconnect();
    }
  }
  const ends = new Map(ranges.map((r) => [r.partition, r.end]));
  const isDone = (p: number): boolean => (positions.get(p) ?? 0) >= (ends.get(p) ?? 0);
  const allDone = (): boolean => ranges.every((r) => isDone(r.partition));
  if (allDone()) return true;
  if (options.signal?.aborted) return false;

  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500, readUncommitted: false });
  let settle: (completed: boolean) => void = () => undefined;
  const finished = new Promise<boolean>((resolve) => (settle = resolve));
  // A chunk in hand is finished and committed before the stop takes effect: a resumed job must not redo it.
  let busy = false;
  const onAbort = (): void => {
    if (!busy) settle(false);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // A fetch that held only transaction markers (or aborted records) reaches no handler; this event does.
  consumer.on(consumer.events.END_BATCH_PROCESS, (event) => {
    const { partition, batchSize, lastOffset } = event.payload;
    if (event.payload.topic !== topic || batchSize !== 0) return;
    positions.set(partition, Math.max(positions.get(partition) ?? 0, Number(lastOffset) + 1));
    if (allDone()) settle(true);
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale, pause }) => {
        const end = ends.get(batch.partition) ?? 0;
        const from = positions.get(batch.partition) ?? 0;
        const wanted = batch.messages.filter((m) => Number(m.offset) >= from && Number(m.offset) < end);
        for (let i = 0; i < wanted.length; i += options.chunkSize) {
          if (options.signal?.aborted) return settle(false);
          if (!isRunning() || isStale()) return;
          const chunk = wanted.slice(i, i + options.chunkSize);
          busy = true;
          try {
            await options.onChunk(chunk, batch.partition);
            const next = Number(chunk[chunk.length - 1]!.offset) + 1;
            resolveOffset(chunk[chunk.length - 1]!.offset);
            if (options.commit)
              await consumer.commitOffsets([{ topic, partition: batch.partition, offset: String(next) }]);
            positions.set(batch.partition, next);
          } finally {
            busy = false;
          }
          await heartbeat();
        }
        if (options.signal?.aborted) return settle(false);
        // The batch's last offset counts transaction markers, which never show as messages.
        const last = batch.lastOffset();
        if (last !== null && Number(last) >= end - 1)
          positions.set(batch.partition, Math.max(positions.get(batch.partition) ?? 0, end));
        if (isDone(batch.partition)) pause();
        if (allDone()) settle(true);
      },
    });
    // Seeking once the group is joined, rather than committing the start offsets first (kafkajs'
    // admin.setOffsets joins the group and waits out a whole empty fetch, about 5 s); a batch
    // fetched before the seek is filtered above.
    for (const r of ranges)
      if (!isDone(r.partition))
        consumer.seek({ topic, partition: r.partition, offset: String(positions.get(r.partition)) });
    return await finished;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await consumer.disconnect();
  }
}
