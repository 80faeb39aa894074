/**
 * The client: one connection configuration, any number of subscriptions, and lookups of single
 * articles by id.
 */
import { randomUUID } from 'node:crypto';
import type { ConnectionOptions } from 'node:tls';
import { ARTICLES_TOPIC, type ArticleRecord, type DuplicateRecord } from '@wirestream/contract';
import { Kafka, Partitioners, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { decodeRecord } from './records.js';
import { resolveStream, type RecordOf, type StreamName } from './streams.js';
import { KafkaSubscription } from './kafka-subscription.js';
import type { RecordHandler, SubscribeOptions, Subscription } from './subscription.js';

export interface ClientOptions {
  /** Bootstrap brokers, e.g. `['kafka-1:9092', 'kafka-2:9092']`. */
  brokers: string[];
  /** Sent to the brokers with every request (default `wirestream-client`). */
  clientId?: string;
  /** The deployment's `KAFKA_TOPIC_PREFIX`, put before every topic name (default none). */
  topicPrefix?: string;
  /** TLS: true for the system's CAs, or Node's TLS options (CA, client certificate). */
  ssl?: boolean | ConnectionOptions;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** kafkajs' own log lines, on the console: `nothing` (default), `error`, `warn`, `info` or `debug`. */
  logLevel?: 'nothing' | 'error' | 'warn' | 'info' | 'debug';
}

export interface FindArticleOptions {
  /** Give up after this long (ms, default 60,000) and answer null. */
  timeoutMs?: number;
  /** Read only records written at or after this instant (the original is older than its copy, e.g. a day before `detectedAt`). */
  since?: Date;
}

const LOG_LEVELS = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
} as const;

/** Reads wirestream's topics: typed, validated, read_committed, at-least-once. */
export class WirestreamClient {
  readonly #kafka: Kafka;
  readonly #prefix: string;
  readonly #subscriptions = new Set<Subscription>();

  constructor(options: ClientOptions) {
    if (!options.brokers?.length) throw new Error('@wirestream/client: brokers is empty');
    const config: KafkaConfig = {
      brokers: options.brokers,
      clientId: options.clientId ?? 'wirestream-client',
      ssl: options.ssl ?? false,
      logLevel: LOG_LEVELS[options.logLevel ?? 'nothing'],
    };
    if (options.sasl) config.sasl = { ...options.sasl } as SASLOptions;
    if (options.connectionTimeoutMs !== undefined) config.connectionTimeout = options.connectionTimeoutMs;
    if (options.requestTimeoutMs !== undefined) config.requestTimeout = options.requestTimeoutMs;
    this.#kafka = new Kafka(config);
    this.#prefix = options.topicPrefix ?? '';
  }

  /** The topic a stream name stands for in this deployment (prefix included). */
  topic(stream: StreamName): string {
    return `${this.#prefix}${resolveStream(stream).topic}`;
  }

  /**
   * Joins `options.groupId` on `stream` and hands each record, validated against the contract, to
   * `handler`; resolves once the member has joined. Records are read committed; a record's offset is
   * committed only after the handler returned for it, so after a crash a record may be handled again:
   * skip what you already did by `record.idempotenceKey`.
   */
  async subscribe<S extends StreamName>(
    stream: S,
    options: SubscribeOptions,
    handler: RecordHandler<RecordOf<S>>,
  ): Promise<Subscription> {
    if (!options?.groupId) throw new Error('@wirestream/client: subscribe needs a groupId');
    const spec = resolveStream(stream);
    const subscription = new KafkaSubscription<RecordOf<S>>(
      this.#kafka,
      `${this.#prefix}${spec.topic}`,
      spec,
      options,
      handler,
    );
    await subscription.start();
    this.#subscriptions.add(subscription);
    void subscription.done.then(
      () => this.#subscriptions.delete(subscription),
      () => this.#subscriptions.delete(subscription),
    );
    return subscription;
  }

  /**
   * The newest revision of the article with this id on `news.articles.v1`, or null if it is not there
   * (any more: the topic keeps 30 days). Reads, read committed, the one partition the id is keyed to,
   * from `since` (default: the oldest record) to its end; a lookup joins a group of its own, so it
   * takes a moment: keep a `StoryIndex` when the articles are read anyway.
   */
  async findArticle(id: string, options: FindArticleOptions = {}): Promise<ArticleRecord | null> {
    return findArticle(this.#kafka, `${this.#prefix}${ARTICLES_TOPIC.name}`, id, options);
  }

  /** The original a copy duplicates, looked up on `news.articles.v1` (see `findArticle`). */
  followDuplicate(copy: DuplicateRecord, options: FindArticleOptions = {}): Promise<ArticleRecord | null> {
    return this.findArticle(copy.duplicateOf, options);
  }

  /** Stops every subscription of this client, gracefully. */
  async close(): Promise<void> {
    await Promise.all([...this.#subscriptions].map((s) => s.stop()));
  }
}

async function findArticle(
  kafka: Kafka,
  topic: string,
  id: string,
  options: FindArticleOptions,
): Promise<ArticleRecord | null> {
  const admin = kafka.admin();
  await admin.connect();
  let partition: number;
  let partitions: number;
  let end: bigint;
  let start: bigint;
  try {
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    partitions = metadata!.partitions.length;
    // The key's partition, by the murmur2 hash the enricher's producers (and the Java client) use.
    partition = Partitioners.DefaultPartitioner()({
      topic,
      partitionMetadata: metadata!.partitions,
      message: { key: id, value: null },
    });
    const ends = await admin.fetchTopicOffsets(topic);
    const at = ends.find((o) => o.partition === partition)!;
    end = BigInt(at.high);
    start = BigInt(at.low);
    if (options.since) {
      const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, options.since.getTime());
      start = BigInt(byTime.find((o) => o.partition === partition)?.offset ?? at.low);
    }
  } finally {
    await admin.disconnect();
  }
  if (start >= end) return null;
  return readPartitionFor(
    kafka,
    topic,
    { partition, partitions, start, end },
    id,
    options.timeoutMs ?? 60_000,
  );
}

/** Reads [start, end) of one partition with a throw-away group, keeping the newest valid revision of `id`. */
async function readPartitionFor(
  kafka: Kafka,
  topic: string,
  range: { partition: number; partitions: number; start: bigint; end: bigint },
  id: string,
  timeoutMs: number,
): Promise<ArticleRecord | null> {
  const { partition, partitions, start, end } = range;
  const spec = resolveStream('articles');
  const consumer = kafka.consumer({ groupId: `wirestream-lookup-${randomUUID()}`, readUncommitted: false });
  let found: ArticleRecord | null = null;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const timer = setTimeout(finish, timeoutMs);
  // Fetches whose records were all filtered (markers, aborted records) never reach eachBatch: progress is read here.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    if (payload.partition === partition && BigInt(payload.lastOffset) + 1n >= end) finish();
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (batch.partition !== partition) return;
        for (const message of batch.messages) {
          if (message.key?.toString('utf8') !== id) continue;
          const decoded = decodeRecord<ArticleRecord>(spec, topic, partition, message);
          if (decoded.ok && (!found || decoded.record.value.revision >= found.revision))
            found = decoded.record.value;
        }
      },
    });
    consumer.seek({ topic, partition, offset: start.toString() });
    const others = Array.from({ length: partitions }, (_, p) => p).filter((p) => p !== partition);
    if (others.length > 0) consumer.pause([{ topic, partitions: others }]);
    await finished;
    return found;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}
