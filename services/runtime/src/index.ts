/**
 * @wirestream/runtime: the imperative shell every service shares (and the only service others may
 * import). This entry point holds what every worker needs: the config loader, logging, the Kafka
 * module, Redis, metrics and the ops server, dead letters, shutdown and sleep. Two more entry points
 * hold I/O that only some services share, so a worker loads only what it uses:
 * @wirestream/runtime/feeds (HTTP feed fetching, feed state in Redis) and
 * @wirestream/runtime/enrichment (the dedupe index in Redis, the reloading tagger, enrichment
 * dependencies).
 */
export { brokersNamed, loadConfig, type LoadConfigOptions } from './config.js';
export { createLogger, errorMessage, redactUrl, scrubSecrets, type Logger } from './logger.js';
export {
  KafkaGateway,
  RecordProducer,
  StableOffsetReader,
  createKafkaClient,
  decodeRecord,
  encodeRecord,
  kafkaErrorType,
  sendOffsetsRetrying,
  waitForLeaders,
  type AdminOptions,
  type BatchContext,
  type ConsumedBatch,
  type ConsumedMessage,
  type ConsumedOffsets,
  type ConsumerOptions,
  type GroupDescription,
  type KafkaAdmin,
  type KafkaClient,
  type KafkaClientFactory,
  type KafkaClientOptions,
  type KafkaConsumer,
  type KafkaErrorShape,
  type KafkaProducer,
  type KafkaTransaction,
  type OutgoingRecord,
  type RecordHeaders,
  type TopicPartitionOffset,
} from './kafka/index.js';
export { createRedis, redisKey, type Redis } from './redis.js';
export { deadLetters, recordsOut, runtimeRegistry } from './metrics.js';
export { startOpsServer, type OpsResponse, type OpsServer, type OpsServerOptions } from './ops-server.js';
export { deadLetter, MAX_DEAD_LETTER_PAYLOAD, type DeadLetterInput } from './dead-letter.js';
export { onShutdown } from './shutdown.js';
export { sleep } from './sleep.js';
export { PIPELINE_VERSION } from './version.js';
