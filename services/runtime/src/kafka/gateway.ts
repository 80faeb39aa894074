import {
  TOPICS,
  qualifiedTopic,
  validate,
  type TopicBatch,
  type TopicSpec,
  type WirestreamConfig,
} from '@wirestream/contract';
import { errorMessage, registerSecret, type Logger } from '../logger.js';
import { tlsConnectionOptions } from '../tls.js';
import { recordsOut } from '../metrics.js';
import { retryUntilDeadline } from '../retry.js';
import type {
  AdminOptions,
  ConsumerOptions,
  KafkaAdmin,
  KafkaClient,
  KafkaClientFactory,
  KafkaClientOptions,
  KafkaConsumer,
  KafkaProducer,
  KafkaTransaction,
  OutgoingRecord,
  RecordHeaders,
} from './client.js';
import { createKafkajsClient } from './kafkajs.js';
import type { StableOffsetReader } from './stable-offsets.js';

/** The client adapter every gateway and tool uses unless told otherwise. */
export const createKafkaClient: KafkaClientFactory = createKafkajsClient;

function sasl(config: WirestreamConfig['kafka']): KafkaClientOptions['sasl'] {
  const s = config.sasl;
  if (!s) return undefined;
  // Registered before any connection exists, so no log line can ever carry it (see logger.ts).
  registerSecret(s.password);
  return { mechanism: s.mechanism, username: s.username, password: s.password };
}

function ssl(config: WirestreamConfig['kafka']): KafkaClientOptions['ssl'] {
  if (!config.ssl) return false;
  if (config.tls?.keyPassword) registerSecret(config.tls.keyPassword);
  return tlsConnectionOptions(config.tls);
}

/** Bytes of a record as it goes on the wire; one encoding for every topic. */
export const encodeRecord = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');

/** Parse and validate one consumed record against its topic's schema; throws with the reason. */
export function decodeRecord<S extends TopicSpec>(spec: S, value: Buffer | null): unknown {
  if (!value) throw new Error(`${spec.name}: empty record`);
  return validate(spec.schema, JSON.parse(value.toString('utf8')), spec.name);
}

export const headerString = (headers: RecordHeaders | undefined, name: string): string | null => {
  const value = headers?.[name];
  if (value === undefined) return null;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? null : first.toString();
};

/**
 * The one Kafka client of the project: topic names with the deployment prefix, validated records
 * in and out, an idempotent producer, topic creation.
 */
export class KafkaGateway {
  readonly client: KafkaClient;
  readonly prefix: string;

  constructor(
    readonly config: WirestreamConfig['kafka'],
    private readonly logger: Logger,
    options: { createClient?: KafkaClientFactory } = {},
  ) {
    this.prefix = config.topicPrefix;
    const clientOptions: KafkaClientOptions = {
      clientId: config.clientId,
      brokers: config.brokers,
      ssl: ssl(config),
      connectionTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      retry: { initialRetryTimeMs: 300, retries: 10, maxRetryTimeMs: 30_000 },
      logger,
    };
    const auth = sasl(config);
    if (auth) clientOptions.sasl = auth;
    this.client = (options.createClient ?? createKafkaClient)(clientOptions);
  }

  topic(spec: TopicSpec | string): string {
    return qualifiedTopic(this.prefix, typeof spec === 'string' ? spec : spec.name);
  }

  /**
   * An idempotent producer. With a `transactionalId` it is also transactional: the id must name
   * what the producer writes for (the enricher uses one per input partition), so that whoever takes
   * that work over next fences this producer and finishes or aborts its open transaction.
   * `tally` shares one count of acknowledged records among several producers of one process.
   */
  async connectProducer(
    options: { transactionalId?: string; tally?: Map<string, number> } = {},
  ): Promise<RecordProducer> {
    const producer = this.client.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      ...(options.transactionalId
        ? { transactionalId: options.transactionalId, transactionTimeoutMs: TRANSACTION_TIMEOUT_MS }
        : {}),
      // Idempotence only holds if the producer keeps retrying; a broker outage slows us down, it drops nothing.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTimeMs: 300, maxRetryTimeMs: 30_000 },
    });
    await producer.connect();
    return new RecordProducer(producer, this, options.tally);
  }

  consumer(options: ConsumerOptions): KafkaConsumer {
    // read_committed: records of aborted enricher transactions must never reach a reader.
    return this.client.consumer({
      sessionTimeoutMs: 30_000,
      heartbeatIntervalMs: 3_000,
      ...options,
      readUncommitted: false,
    });
  }

  admin(options?: AdminOptions): KafkaAdmin {
    return this.client.admin(options);
  }

  /** Reads committed offsets only once no transaction is still applying them (see stable-offsets.ts). */
  stableOffsets(): StableOffsetReader {
    return this.client.stableOffsets(this.logger);
  }

  /** Creates every topic that does not exist yet; existing topics are left as they are. */
  async ensureTopics(
    specs: readonly TopicSpec[] = TOPICS,
  ): Promise<{ created: string[]; existing: string[] }> {
    const admin = this.admin();
    await admin.connect();
    try {
      const present = new Set(await admin.listTopics());
      const missing = specs.filter((s) => !present.has(this.topic(s)));
      if (missing.length > 0) {
        // Not kafkajs' waitForLeaders: it gives up on UNKNOWN_TOPIC_OR_PARTITION, which a KRaft
        // broker answers until a new topic reaches its metadata cache, and which is what a worker
        // sees when another one created the same topics a moment before.
        await admin.createTopics({
          waitForLeaders: false,
          topics: missing.map((s) => ({
            topic: this.topic(s),
            numPartitions: s.partitions,
            replicationFactor: this.config.replicationFactor,
            configEntries: [
              { name: 'retention.ms', value: String(s.retentionMs) },
              { name: 'max.message.bytes', value: String(s.maxMessageBytes) },
            ],
          })),
        });
        await waitForLeaders(
          admin,
          missing.map((s) => this.topic(s)),
        );
      }
      return {
        created: missing.map((s) => this.topic(s)),
        existing: specs.filter((s) => present.has(this.topic(s))).map((s) => this.topic(s)),
      };
    } finally {
      await admin.disconnect();
    }
  }
}

/** Errors a broker answers while a topic it just created is still being set up. */
const SETTLING = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'NOT_LEADER_FOR_PARTITION']);

/**
 * Resolves once every partition of `topics` has a leader that serves it; fails after `timeoutMs`.
 * Metadata naming a leader is not enough: the leader answers NOT_LEADER_FOR_PARTITION until its
 * replica has taken the role, so the offsets of every topic are asked for too.
 */
export async function waitForLeaders(
  admin: Pick<KafkaAdmin, 'fetchTopicMetadata' | 'fetchTopicOffsets'>,
  topics: string[],
  timeoutMs = 60_000,
): Promise<void> {
  await retryUntilDeadline(
    {
      timeoutMs,
      firstPauseMs: 50,
      maxPauseMs: 1_000,
      retriable: (err) => err instanceof NotReady || SETTLING.has((err as { type?: string }).type ?? ''),
      giveUp: (last) =>
        new Error(`topics not ready after ${timeoutMs} ms (${errorMessage(last)}): ${topics.join(', ')}`),
    },
    async () => {
      const metadata = await admin.fetchTopicMetadata({ topics });
      const waiting = metadata.topics.filter(
        (t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0),
      );
      if (waiting.length > 0)
        throw new NotReady(`no leader yet for ${waiting.map((t) => t.name).join(', ')}`);
      for (const topic of topics) await admin.fetchTopicOffsets(topic);
    },
  );
}

class NotReady extends Error {}

/** Offsets to commit with a transaction: the next offset to read per partition of one topic. */
export interface ConsumedOffsets {
  groupId: string;
  /** The full topic name, as the consumer saw it. */
  topic: string;
  partitions: Array<{ partition: number; offset: string }>;
}

/**
 * The broker aborts a transaction left open this long. Ours stay open for one produce request and
 * one offset commit; a crashed owner's transaction is normally aborted sooner, when the next owner
 * of its partition starts.
 */
const TRANSACTION_TIMEOUT_MS = 60_000;

/**
 * Adds consumed offsets to a transaction. The transaction coordinator answers CONCURRENT_TRANSACTIONS
 * while the producer's previous transaction is still writing its markers; kafkajs retries that for
 * produced records but not for offsets, so it is waited out here. Nothing was added when it answers so.
 */
export function sendOffsetsRetrying(transaction: KafkaTransaction, offsets: ConsumedOffsets): Promise<void> {
  return retryUntilDeadline(
    {
      timeoutMs: 10_000,
      firstPauseMs: 10,
      maxPauseMs: 500,
      retriable: (err) => (err as { type?: string }).type === 'CONCURRENT_TRANSACTIONS',
      giveUp: (last) => last,
    },
    () =>
      transaction.sendOffsets({
        consumerGroupId: offsets.groupId,
        topics: [{ topic: offsets.topic, partitions: offsets.partitions }],
      }),
  );
}

export class RecordProducer {
  constructor(
    readonly producer: KafkaProducer,
    private readonly gateway: KafkaGateway,
    /** Records acknowledged (committed, when transactional) per topic registry name, without prefix. */
    readonly sent = new Map<string, number>(),
  ) {}

  /**
   * Validates every record against its topic's schema (unless the caller already did), then sends all batches in one request and
   * resolves once the broker acknowledged them (acks=all).
   */
  async send(batches: readonly TopicBatch[], options: { validated?: boolean } = {}): Promise<void> {
    const topicMessages = this.topicMessages(batches, options);
    if (topicMessages.length === 0) return;
    await this.producer.sendBatch({ topicMessages, acks: -1 });
    this.count(batches, topicMessages);
  }

  /**
   * Sends the batches and commits the consumed offsets in one transaction: readers that read
   * committed see the records only together with the offsets moving past their input. On failure
   * the transaction is aborted (when the broker still lets us) and the error is rethrown; a fenced
   * producer is of no further use and should be disconnected.
   */
  async sendTransaction(
    batches: readonly TopicBatch[],
    offsets: ConsumedOffsets,
    options: { validated?: boolean } = {},
  ): Promise<void> {
    const topicMessages = this.topicMessages(batches, options);
    const transaction = await this.producer.transaction();
    try {
      if (topicMessages.length > 0) await transaction.sendBatch({ topicMessages, acks: -1 });
      await sendOffsetsRetrying(transaction, offsets);
      await transaction.commit();
    } catch (err) {
      if (transaction.isActive()) await transaction.abort().catch(() => undefined);
      throw err;
    }
    this.count(batches, topicMessages);
  }

  /**
   * Registers the transactional id with the broker (InitProducerId) before anything is produced:
   * this fences an older producer with the same id and waits until its open transaction is
   * committed or aborted, so offsets read afterwards are final.
   */
  async initTransactions(): Promise<void> {
    const transaction = await this.producer.transaction();
    await transaction.commit(); // nothing added: the broker is not asked to end anything
  }

  private topicMessages(
    batches: readonly TopicBatch[],
    options: { validated?: boolean },
  ): Array<{ topic: string; messages: OutgoingRecord[] }> {
    return batches
      .filter((b) => b.records.length > 0)
      .map((b) => ({
        topic: this.gateway.topic(b.spec),
        messages: b.records.map((r) => ({
          key: r.key,
          value: encodeRecord(options.validated ? r.value : validate(b.spec.schema, r.value, b.spec.name)),
          headers: { 'content-type': 'application/json', 'ws-schema': b.spec.name, ...r.headers },
        })),
      }));
  }

  private count(
    batches: readonly TopicBatch[],
    topicMessages: ReadonlyArray<{ topic: string; messages: OutgoingRecord[] }>,
  ): void {
    for (const t of topicMessages) recordsOut.inc({ topic: t.topic }, t.messages.length);
    for (const b of batches)
      if (b.records.length > 0)
        this.sent.set(b.spec.name, (this.sent.get(b.spec.name) ?? 0) + b.records.length);
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}
