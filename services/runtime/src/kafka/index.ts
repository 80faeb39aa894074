/**
 * The runtime's Kafka module: wirestream's client interface (client.ts), its kafkajs adapter
 * (kafkajs.ts, the only importer of kafkajs), and what the workers build on it: the gateway (topic
 * names, validated records, idempotent and transactional producers, topic creation) and the stable
 * offset read.
 */
export type * from './client.js';
export { kafkaErrorType } from './client.js';
export {
  KafkaGateway,
  RecordProducer,
  createKafkaClient,
  decodeRecord,
  encodeRecord,
  headerString,
  sendOffsetsRetrying,
  waitForLeaders,
  type ConsumedOffsets,
} from './gateway.js';
export { OffsetFetchError, StableOffsetReader } from './stable-offsets.js';
