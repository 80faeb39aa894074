/**
 * Wirestream's own view of a Kafka client: the producers, consumers and admin operations the
 * workers, tools, tests and benchmarks use, and nothing else. Every module outside this folder talks
 * to Kafka through these types; an adapter module implements them on a client library
 * (kafkajs.ts, the default), so trying another client means writing one module.
 *
 * Conventions every adapter keeps, because the callers rely on them:
 * - Offsets are decimal strings, as on the wire (they exceed 2^53).
 * - An error the broker answered carries `type`, the Kafka protocol error name
 *   (REBALANCE_IN_PROGRESS, CONCURRENT_TRANSACTIONS, UNKNOWN_TOPIC_OR_PARTITION, ...), and
 *   `retriable`, true for errors worth waiting out (see `KafkaErrorShape`).
 * - A consumer that gets an error out of `eachBatch` marked `retriable: true` fetches the batch again
 *   from its last resolved offset; any other error stops it for good.
 * - Records are partitioned by the murmur2 hash of their key, as the Java client does, so a key goes
 *   to the same partition whichever client wrote it.
 */
import type { ConnectionOptions } from 'node:tls';
import type { Logger } from '../logger.js';
import type { StableOffsetReader } from './stable-offsets.js';

/** What a failed call may carry besides its message; see the conventions above. */
export interface KafkaErrorShape {
  /** The Kafka protocol error name, when the broker answered with one. */
  type?: string;
  retriable?: boolean;
}

/** The protocol error name of a failure, if it has one. */
export const kafkaErrorType = (err: unknown): string | undefined =>
  (err as KafkaErrorShape | null | undefined)?.type;

// ---------------------------------------------------------------------------------------------
// Records

/** Record headers: a value per name, or several. */
export type RecordHeaders = Record<string, Buffer | string | Array<Buffer | string> | undefined>;

/** A record to produce. */
export interface OutgoingRecord {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: RecordHeaders;
  /** Only to override the key's partition. */
  partition?: number;
}

export interface TopicRecords {
  topic: string;
  messages: OutgoingRecord[];
}

/** The broker's acknowledgement of the records of one partition. */
export interface ProduceAck {
  topicName: string;
  partition: number;
  errorCode: number;
  baseOffset?: string;
}

/** A record as a consumer receives it. */
export interface ConsumedMessage {
  key: Buffer | null;
  value: Buffer | null;
  offset: string;
  /** Milliseconds since the epoch, as a decimal string (the record's create or log-append time). */
  timestamp: string;
  headers?: RecordHeaders;
}

// ---------------------------------------------------------------------------------------------
// Client

/** How often and how patiently a client repeats a request that failed for a retriable reason. */
export interface RetryPolicy {
  retries?: number;
  initialRetryTimeMs?: number;
  maxRetryTimeMs?: number;
}

export interface SaslCredentials {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  username: string;
  password: string;
}

export interface KafkaClientOptions {
  brokers: string[];
  clientId?: string;
  /** TLS: false or absent for plaintext, true for Node's defaults, or Node TLS options. */
  ssl?: boolean | ConnectionOptions;
  sasl?: SaslCredentials;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  retry?: RetryPolicy;
  /** Where the client's own warnings go; without one the client logs nothing. */
  logger?: Logger;
}

export interface KafkaClient {
  producer(options?: ProducerOptions): KafkaProducer;
  consumer(options: ConsumerOptions): KafkaConsumer;
  admin(options?: AdminOptions): KafkaAdmin;
  /** Reads committed group offsets only once no transaction is still applying them (stable-offsets.ts). */
  stableOffsets(logger: Logger): StableOffsetReader;
}

/** Builds a client from its options: an adapter's entry point. */
export type KafkaClientFactory = (options: KafkaClientOptions) => KafkaClient;

// ---------------------------------------------------------------------------------------------
// Producer

export interface ProducerOptions {
  idempotent?: boolean;
  maxInFlightRequests?: number;
  /** Makes the producer transactional; requires `idempotent`. */
  transactionalId?: string;
  /** The broker aborts a transaction left open this long. */
  transactionTimeoutMs?: number;
  retry?: RetryPolicy;
}

/** `acks`: -1 waits for every in-sync replica (the default), 1 for the leader only. */
export interface ProduceRequest {
  topic: string;
  messages: OutgoingRecord[];
  acks?: number;
}

export interface ProduceBatchRequest {
  topicMessages: TopicRecords[];
  acks?: number;
}

export interface KafkaSender {
  send(request: ProduceRequest): Promise<ProduceAck[]>;
  /** Records of several topics in one request per broker. */
  sendBatch(request: ProduceBatchRequest): Promise<ProduceAck[]>;
}

export interface KafkaProducer extends KafkaSender {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /** Begins a transaction (transactional producers only); the first call registers the transactional id. */
  transaction(): Promise<KafkaTransaction>;
}

/** The next offset to read per partition of a topic, committed for a group. */
export interface TopicPartitionOffsets {
  topic: string;
  partitions: Array<{ partition: number; offset: string }>;
}

export interface KafkaTransaction extends KafkaSender {
  /** Commits consumed offsets for `consumerGroupId` with the transaction. */
  sendOffsets(offsets: { consumerGroupId: string; topics: TopicPartitionOffsets[] }): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
  /** False once committed or aborted. */
  isActive(): boolean;
}

// ---------------------------------------------------------------------------------------------
// Consumer

export interface ConsumerOptions {
  groupId: string;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** The longest a fetch waits for records. */
  maxWaitTimeMs?: number;
  /** Default false: read_committed, records of aborted transactions are never shown. */
  readUncommitted?: boolean;
}

/** The records of one partition from one fetch. */
export interface ConsumedBatch {
  topic: string;
  partition: number;
  highWatermark: string;
  messages: ConsumedMessage[];
  /** The fetch's last offset, transaction markers included (so it may be past the last message). */
  lastOffset(): string;
}

export interface BatchContext {
  batch: ConsumedBatch;
  /** Marks the records up to `offset` done; the next fetch after an error starts past it. */
  resolveOffset(offset: string): void;
  /** Keeps the member's place in the group; rejects with REBALANCE_IN_PROGRESS and the like when it lost it. */
  heartbeat(): Promise<void>;
  /** Commits resolved offsets when auto-commit's interval or threshold says so. */
  commitOffsetsIfNecessary(): Promise<void>;
  /** Stops fetching this partition; returns the function that resumes it. */
  pause(): () => void;
  isRunning(): boolean;
  /** True once a rebalance or seek made this batch's records someone else's or out of date. */
  isStale(): boolean;
}

export interface MessageContext {
  topic: string;
  partition: number;
  message: ConsumedMessage;
  heartbeat(): Promise<void>;
}

export interface RunOptions {
  /** Default true: resolved offsets are committed now and then; false commits nothing by itself. */
  autoCommit?: boolean;
  /** Default true: a batch whose handler returned counts as resolved up to its last message. */
  eachBatchAutoResolve?: boolean;
  /** Partitions handled at once (each one's batches still one after another). Default 1. */
  partitionsConsumedConcurrently?: number;
  /** One of the two handlers. */
  eachBatch?: (context: BatchContext) => Promise<void>;
  eachMessage?: (context: MessageContext) => Promise<void>;
}

export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  offset: string;
}

/** A batch the consumer finished, empty ones (transaction markers, aborted records only) included. */
export interface BatchEnd {
  topic: string;
  partition: number;
  /** Records handed to the handler. */
  batchSize: number;
  lastOffset: string;
}

export interface KafkaConsumer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  subscribe(subscription: { topics: readonly string[]; fromBeginning?: boolean }): Promise<void>;
  /** Starts consuming in the background; resolves once running. */
  run(options: RunOptions): Promise<void>;
  /** Moves a partition's position (once the consumer runs). */
  seek(position: TopicPartitionOffset): void;
  commitOffsets(offsets: TopicPartitionOffset[]): Promise<void>;
  /** Called after each rebalance with this member's partitions per topic. Returns an unsubscribe. */
  onGroupJoin(listener: (assignment: Record<string, number[]>) => void): () => void;
  onBatchEnd(listener: (batch: BatchEnd) => void): () => void;
}

// ---------------------------------------------------------------------------------------------
// Admin

export interface AdminOptions {
  retry?: RetryPolicy;
}

export interface NewTopic {
  topic: string;
  numPartitions?: number;
  replicationFactor?: number;
  configEntries?: Array<{ name: string; value: string }>;
}

export interface PartitionMetadata {
  partitionId: number;
  /** The leader's broker id; negative while there is none. */
  leader: number;
  partitionErrorCode: number;
  replicas: number[];
  isr: number[];
}

export interface TopicMetadata {
  name: string;
  partitions: PartitionMetadata[];
}

/** Where a partition's log starts (`low`) and ends (`high`, the next offset to be written). */
export interface PartitionOffsets {
  partition: number;
  offset: string;
  high: string;
  low: string;
}

export interface GroupOffsets {
  topic: string;
  /** The next offset to read per partition; "-1" where the group committed none. */
  partitions: Array<{ partition: number; offset: string }>;
}

export interface GroupDescription {
  groupId: string;
  /** Stable, Empty, PreparingRebalance, CompletingRebalance, Dead or Unknown. */
  state: string;
  members: Array<{ memberId: string; clientId: string; clientHost: string }>;
}

export interface ClusterDescription {
  brokers: Array<{ nodeId: number; host: string; port: number }>;
  controller: number | null;
  clusterId: string;
}

export interface KafkaAdmin {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  listTopics(): Promise<string[]>;
  /**
   * Resolves false when every topic existed already. With `waitForLeaders` the client waits for
   * leaders itself; `waitForLeaders` of the gateway module waits more patiently.
   */
  createTopics(request: { topics: NewTopic[]; waitForLeaders?: boolean }): Promise<boolean>;
  deleteTopics(request: { topics: string[] }): Promise<void>;
  fetchTopicMetadata(request: { topics: string[] }): Promise<{ topics: TopicMetadata[] }>;
  fetchTopicOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** Per partition, the first offset at or after `timestamp` (ms), or the end of the log. */
  fetchTopicOffsetsByTimestamp(
    topic: string,
    timestamp: number,
  ): Promise<Array<{ partition: number; offset: string }>>;
  /** A group's committed offsets: of the given topics, or of every topic it committed on. */
  fetchOffsets(request: { groupId: string; topics?: string[] }): Promise<GroupOffsets[]>;
  /** Commits offsets for a group that has no active members. */
  setOffsets(request: {
    groupId: string;
    topic: string;
    partitions: Array<{ partition: number; offset: string }>;
  }): Promise<void>;
  listGroups(): Promise<{ groups: Array<{ groupId: string; protocolType: string }> }>;
  describeGroups(groupIds: string[]): Promise<{ groups: GroupDescription[] }>;
  deleteGroups(groupIds: string[]): Promise<unknown>;
  describeCluster(): Promise<ClusterDescription>;
}
