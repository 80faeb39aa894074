/**
 * One subscription: a consumer group member reading one stream, read_committed, handing each valid
 * record to the handler and each invalid one to `onInvalid`, and committing a record's offset only
 * after the handler returned for it (at-least-once).
 */
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { decodeRecord, type InvalidRecord, type WirestreamRecord } from './records.js';
import type { StreamSpec } from './streams.js';
import type { HandlerContext, RecordHandler, SubscribeOptions, Subscription } from './subscription.js';

const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 30_000;

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const defaultOnInvalid = (record: InvalidRecord): void => {
  process.stderr.write(
    `@wirestream/client: invalid record ${record.topic}/${record.partition}@${record.offset} skipped: ${record.message}\n`,
  );
};

const defaultOnError = (
  error: unknown,
  record: { topic: string; partition: number; offset: string },
): void => {
  process.stderr.write(
    `@wirestream/client: handler failed on ${record.topic}/${record.partition}@${record.offset}, will retry: ${describe(error)}\n`,
  );
};

/** Waits `ms`, or less if the signal aborts. */
const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

export class KafkaSubscription<T> implements Subscription {
  readonly stats = { handled: 0, invalid: 0, handlerErrors: 0 };
  readonly done: Promise<void>;
  readonly #consumer: Consumer;
  readonly #stopping = new AbortController();
  #settle!: { resolve: () => void; reject: (error: unknown) => void };
  #stopped: Promise<void> | undefined;

  constructor(
    kafka: Kafka,
    readonly topic: string,
    readonly stream: StreamSpec,
    readonly options: SubscribeOptions,
    readonly handler: RecordHandler<T>,
  ) {
    this.done = new Promise<void>((resolve, reject) => (this.#settle = { resolve, reject }));
    // Nobody has to await `done`; a crash is still reported through it when someone does.
    this.done.catch(() => undefined);
    this.#consumer = kafka.consumer({
      groupId: options.groupId,
      // read_committed, always: the output topics are written in transactions.
      readUncommitted: false,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: Math.min(3_000, Math.floor((options.sessionTimeoutMs ?? 30_000) / 3)),
      maxBytesPerPartition: options.maxBytesPerPartition ?? 1_048_576,
      // How long a fetch waits for records when there are none: also how long a stop may wait for it.
      maxWaitTimeInMs: 1_000,
      allowAutoTopicCreation: false,
    });
    this.#consumer.on(this.#consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart && !this.#stopping.signal.aborted) this.#settle.reject(payload.error);
    });
  }

  get groupId(): string {
    return this.options.groupId;
  }

  async start(): Promise<void> {
    await this.#consumer.connect();
    try {
      await this.#consumer.subscribe({
        topics: [this.topic],
        fromBeginning: this.options.fromBeginning ?? false,
      });
      await this.#consumer.run({
        // Only offsets resolved below are committed, and one is resolved after its handler returned.
        autoCommit: true,
        autoCommitInterval: this.options.commitIntervalMs ?? 1_000,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 1,
        eachBatch: (payload) => this.#eachBatch(payload),
      });
    } catch (error) {
      await this.#consumer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      this.#stopping.abort();
      try {
        // kafkajs waits for the batch in flight, commits the resolved offsets and leaves the group.
        await this.#consumer.disconnect();
        this.#settle.resolve();
      } catch (error) {
        this.#settle.reject(error);
        throw error;
      }
    })();
    return this.#stopped;
  }

  async #eachBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
    commitOffsetsIfNecessary,
  }: EachBatchPayload): Promise<void> {
    const context: HandlerContext = { signal: this.#stopping.signal, heartbeat };
    for (const message of batch.messages) {
      if (!isRunning() || isStale() || this.#stopping.signal.aborted) return;
      const decoded = decodeRecord<T>(this.stream, batch.topic, batch.partition, message);
      if (decoded.ok) {
        if (!(await this.#handle(decoded.record, context))) return;
        this.stats.handled += 1;
      } else {
        await this.#surface(decoded.invalid);
        this.stats.invalid += 1;
      }
      resolveOffset(message.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  /** Runs the handler until it returns; false if the subscription stopped first (the record is not committed). */
  async #handle(record: WirestreamRecord<T>, context: HandlerContext): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.handler(record, context);
        return true;
      } catch (error) {
        this.stats.handlerErrors += 1;
        await this.#report(error, record, attempt);
        if (this.#stopping.signal.aborted) return false;
        const wait = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (attempt - 1));
        // Heartbeat through the wait, so a handler that keeps failing does not cost the group membership.
        for (let waited = 0; waited < wait && !this.#stopping.signal.aborted; waited += 1_000) {
          await pause(Math.min(1_000, wait - waited), this.#stopping.signal);
          await context.heartbeat();
        }
        if (this.#stopping.signal.aborted) return false;
      }
    }
  }

  async #surface(record: InvalidRecord): Promise<void> {
    try {
      await (this.options.onInvalid ?? defaultOnInvalid)(record);
    } catch (error) {
      await this.#report(error, record, 1);
    }
  }

  async #report(
    error: unknown,
    record: WirestreamRecord<unknown> | InvalidRecord,
    attempt: number,
  ): Promise<void> {
    try {
      await (this.options.onError ?? defaultOnError)(error, record, attempt);
    } catch {
      // An error handler that fails has nobody left to tell.
    }
  }
}
