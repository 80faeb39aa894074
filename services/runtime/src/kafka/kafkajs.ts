/**
 * The kafkajs adapter: wirestream's Kafka client (client.ts) on kafkajs 2.2.4, as patched
 * (patches/kafkajs@2.2.4.patch: read_committed consumers drop the records of every aborted
 * transaction). The only module that imports kafkajs; eslint.config.js keeps it so.
 */
import {
  Kafka,
  Partitioners,
  logLevel,
  type Consumer,
  type KafkaConfig,
  type LogEntry,
  type RetryOptions,
  type SASLOptions,
} from 'kafkajs';
import type { Logger } from '../logger.js';
import type {
  AdminOptions,
  ConsumerOptions,
  KafkaAdmin,
  KafkaClient,
  KafkaClientOptions,
  KafkaConsumer,
  KafkaProducer,
  ProducerOptions,
  RetryPolicy,
} from './client.js';
import { OFFSET_FETCH_API_KEY } from './offset-fetch-v7.js';
import { StableOffsetReader, type GroupCoordinator, type GroupCoordinatorLink } from './stable-offsets.js';

// kafkajs logs retriable protocol errors (coordinator loading, leader moved) at ERROR while it retries
// them; failures that matter reach our code as rejected promises and are logged there.
const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'warn',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

function logCreator(logger: Logger): KafkaConfig['logCreator'] {
  const kafkaLog = logger.child({ component: 'kafkajs' });
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      // "Response <Api>(...)" lines describe one broker reply that kafkajs retries on its own
      // (coordinator loading, leader moved): diagnostics, not news for an operator.
      const mapped = message.startsWith('Response ') ? 'debug' : (LEVELS[level] ?? 'info');
      kafkaLog[mapped](extra, message);
    };
}

/** kafkajs merges a retry object over its defaults, so a key present as undefined would erase one. */
function retryOptions(policy: RetryPolicy | undefined): RetryOptions | undefined {
  if (!policy) return undefined;
  const options: RetryOptions = {};
  if (policy.retries !== undefined) options.retries = policy.retries;
  if (policy.initialRetryTimeMs !== undefined) options.initialRetryTime = policy.initialRetryTimeMs;
  if (policy.maxRetryTimeMs !== undefined) options.maxRetryTime = policy.maxRetryTimeMs;
  return options;
}

function kafkaConfig(options: KafkaClientOptions): KafkaConfig {
  const config: KafkaConfig = {
    brokers: options.brokers,
    ssl: options.ssl ?? false,
    logLevel: options.logger ? logLevel.WARN : logLevel.NOTHING,
  };
  if (options.clientId !== undefined) config.clientId = options.clientId;
  if (options.connectionTimeoutMs !== undefined) config.connectionTimeout = options.connectionTimeoutMs;
  if (options.requestTimeoutMs !== undefined) config.requestTimeout = options.requestTimeoutMs;
  const retry = retryOptions(options.retry);
  if (retry) config.retry = retry;
  if (options.logger) config.logCreator = logCreator(options.logger);
  if (options.sasl) config.sasl = { ...options.sasl } as SASLOptions;
  return config;
}

/** A wirestream client on kafkajs. */
export function createKafkajsClient(options: KafkaClientOptions): KafkaClient {
  const kafka = new Kafka(kafkaConfig(options));
  return {
    producer: (producerOptions: ProducerOptions = {}): KafkaProducer => {
      const retry = retryOptions(producerOptions.retry);
      return kafka.producer({
        idempotent: producerOptions.idempotent ?? false,
        ...(producerOptions.maxInFlightRequests !== undefined
          ? { maxInFlightRequests: producerOptions.maxInFlightRequests }
          : {}),
        ...(producerOptions.transactionalId !== undefined
          ? {
              transactionalId: producerOptions.transactionalId,
              ...(producerOptions.transactionTimeoutMs !== undefined
                ? { transactionTimeout: producerOptions.transactionTimeoutMs }
                : {}),
            }
          : {}),
        ...(retry ? { retry } : {}),
        // Murmur2 of the key, as the Java client partitions (also kafkajs' default, named so it does not warn).
        createPartitioner: Partitioners.DefaultPartitioner,
      });
    },
    consumer: (consumerOptions: ConsumerOptions): KafkaConsumer =>
      consumerOf(
        kafka.consumer({
          groupId: consumerOptions.groupId,
          ...(consumerOptions.sessionTimeoutMs !== undefined
            ? { sessionTimeout: consumerOptions.sessionTimeoutMs }
            : {}),
          ...(consumerOptions.heartbeatIntervalMs !== undefined
            ? { heartbeatInterval: consumerOptions.heartbeatIntervalMs }
            : {}),
          ...(consumerOptions.maxWaitTimeMs !== undefined
            ? { maxWaitTimeInMs: consumerOptions.maxWaitTimeMs }
            : {}),
          readUncommitted: consumerOptions.readUncommitted ?? false,
        }),
      ),
    admin: (adminOptions: AdminOptions = {}): KafkaAdmin => {
      const retry = retryOptions(adminOptions.retry);
      return kafka.admin(retry ? { retry } : {});
    },
    stableOffsets: (logger: Logger) => new StableOffsetReader(new KafkajsCoordinatorLink(kafka), logger),
  };
}

function consumerOf(consumer: Consumer): KafkaConsumer {
  return {
    connect: () => consumer.connect(),
    disconnect: () => consumer.disconnect(),
    subscribe: ({ topics, fromBeginning }) =>
      consumer.subscribe({ topics: [...topics], ...(fromBeginning !== undefined ? { fromBeginning } : {}) }),
    run: (options) => consumer.run(options),
    seek: (position) => consumer.seek(position),
    commitOffsets: (offsets) => consumer.commitOffsets(offsets),
    onGroupJoin: (listener) =>
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => listener(payload.memberAssignment)),
    onBatchEnd: (listener) =>
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) =>
        listener({
          topic: payload.topic,
          partition: payload.partition,
          batchSize: payload.batchSize,
          lastOffset: payload.lastOffset,
        }),
      ),
  };
}

/*
 * The stable offset read (stable-offsets.ts) sends OffsetFetch version 7, which kafkajs does not know
 * (it stops at version 4). kafkajs has no public way to send a request it does not know, so this
 * borrows its cluster (broker discovery, TLS, SASL, reconnects) through one internal: the factory its
 * client keeps under a symbol. kafkajs is pinned to the exact version this was written against; if
 * the internal moves, the read fails with a message saying so, and
 * test/integration/stable-offsets.test.ts with it.
 */

interface KafkajsConnectionPool {
  send(protocolRequest: unknown): Promise<unknown>;
}

interface KafkajsBroker {
  versions?: Record<number, { minVersion: number; maxVersion: number } | undefined>;
  connectionPool: KafkajsConnectionPool;
  offsetFetch(request: {
    groupId: string;
    topics: Array<{ topic: string; partitions: Array<{ partition: number }> }>;
  }): Promise<{
    responses: Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>;
  }>;
}

interface KafkajsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  findGroupCoordinator(request: { groupId: string }): Promise<KafkajsBroker>;
}

const CREATE_CLUSTER = 'private:Kafka:createCluster';

function createCluster(kafka: Kafka): KafkajsCluster {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === CREATE_CLUSTER);
  const factory = symbol && (kafka as unknown as Record<symbol, unknown>)[symbol];
  if (typeof factory !== 'function')
    throw new Error(
      `kafkajs no longer keeps "${CREATE_CLUSTER}": the stable offset read was written for kafkajs 2.2.4`,
    );
  return (factory as (options: object) => KafkajsCluster)({ allowAutoTopicCreation: false });
}

class KafkajsCoordinatorLink implements GroupCoordinatorLink {
  private cluster: KafkajsCluster | null = null;

  constructor(private readonly kafka: Kafka) {}

  async coordinator(groupId: string): Promise<GroupCoordinator> {
    this.cluster ??= createCluster(this.kafka);
    await this.cluster.connect();
    const broker = await this.cluster.findGroupCoordinator({ groupId });
    return {
      offsetFetchMaxVersion: broker.versions?.[OFFSET_FETCH_API_KEY]?.maxVersion ?? 0,
      sendOffsetFetch: async (version, body) =>
        (await broker.connectionPool.send({
          request: {
            apiKey: OFFSET_FETCH_API_KEY,
            apiVersion: version,
            apiName: 'OffsetFetch',
            // kafkajs accepts anything shaped like its Encoder: the bytes under `buf` and `buffer`.
            encode: () => Promise.resolve({ buf: body, buffer: body }),
          },
          response: {
            decode: (payload: Buffer) => Promise.resolve(payload),
            parse: (payload: Buffer) => Promise.resolve(payload),
          },
        })) as Buffer,
      fetchUnstable: async (group, topic, partition) => {
        const { responses } = await broker.offsetFetch({
          groupId: group,
          topics: [{ topic, partitions: [{ partition }] }],
        });
        const found = responses
          .find((t) => t.topic === topic)
          ?.partitions.find((p) => p.partition === partition);
        return found ? BigInt(found.offset) : null;
      },
    };
  }

  async close(): Promise<void> {
    const cluster = this.cluster;
    this.cluster = null;
    await cluster?.disconnect().catch(() => undefined);
  }
}
