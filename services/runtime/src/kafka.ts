import {
  Kafka,
  Partitioners,
  logLevel,
  type Admin,
  type Consumer,
  type ConsumerConfig,
  type IHeaders,
  type KafkaConfig,
  type LogEntry,
  type Producer,
  type SASLOptions,
} from 'kafkajs';
import {
  TOPICS,
  qualifiedTopic,
  validate,
  type TopicSpec,
  type WirestreamConfig,
} from '@wirestream/contract';
import type { Logger } from './logger.js';
import { recordsOut } from './metrics.js';

export interface OutgoingRecord {
  key: string;
  value: unknown;
  headers?: Record<string, string>;
}

export interface TopicBatch {
  spec: TopicSpec;
  records: OutgoingRecord[];
}

// kafkajs logs retriable protocol errors (coordinator loading, leader moved) at ERROR while it retries
// them; failures that matter reach our code as rejected promises and are logged there.
const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'warn',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

function sasl(config: WirestreamConfig['kafka']): SASLOptions | undefined {
  const s = config.sasl;
  if (!s) return undefined;
  return { mechanism: s.mechanism, username: s.username, password: s.password } as SASLOptions;
}

/** Bytes of a record as it goes on the wire; one encoding for every topic. */
export const encodeRecord = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');

/** Parse and validate one consumed record against its topic's schema; throws with the reason. */
export function decodeRecord<S extends TopicSpec>(spec: S, value: Buffer | null): unknown {
  if (!value) throw new Error(`${spec.name}: empty record`);
  return validate(spec.schema, JSON.parse(value.toString('utf8')), spec.name);
}

export const headerString = (headers: IHeaders | undefined, name: string): string | null => {
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
  readonly kafka: Kafka;
  readonly prefix: string;

  constructor(
    readonly config: WirestreamConfig['kafka'],
    private readonly logger: Logger,
  ) {
    this.prefix = config.topicPrefix;
    const kafkaLog = logger.child({ component: 'kafkajs' });
    const kafkaConfig: KafkaConfig = {
      clientId: config.clientId,
      brokers: config.brokers,
      ssl: config.ssl,
      connectionTimeout: 10_000,
      requestTimeout: 30_000,
      retry: { initialRetryTime: 300, retries: 10, maxRetryTime: 30_000 },
      logLevel: logLevel.WARN,
      logCreator:
        () =>
        ({ level, log }: LogEntry) => {
          const { message, ...extra } = log;
          // "Response <Api>(...)" lines describe one broker reply that kafkajs retries on its own
          // (coordinator loading, leader moved): diagnostics, not news for an operator.
          const mapped = message.startsWith('Response ') ? 'debug' : (LEVELS[level] ?? 'info');
          kafkaLog[mapped](extra, message);
        },
    };
    const auth = sasl(config);
    if (auth) kafkaConfig.sasl = auth;
    this.kafka = new Kafka(kafkaConfig);
  }

  topic(spec: TopicSpec | string): string {
    return qualifiedTopic(this.prefix, typeof spec === 'string' ? spec : spec.name);
  }

  async connectProducer(): Promise<RecordProducer> {
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      // Idempotence only holds if the producer keeps retrying; a broker outage slows us down, it drops nothing.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 30_000 },
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    return new RecordProducer(producer, this);
  }

  consumer(config: ConsumerConfig): Consumer {
    return this.kafka.consumer({ sessionTimeout: 30_000, heartbeatInterval: 3_000, ...config });
  }

  admin(): Admin {
    return this.kafka.admin();
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
        await admin.createTopics({
          waitForLeaders: true,
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

export class RecordProducer {
  /** Records acknowledged per topic (registry name, without prefix) since this producer started. */
  readonly sent = new Map<string, number>();

  constructor(
    readonly producer: Producer,
    private readonly gateway: KafkaGateway,
  ) {}

  /**
   * Validates every record against its topic's schema (unless the caller already did), then sends all batches in one request and
   * resolves once the broker acknowledged them (acks=all).
   */
  async send(batches: readonly TopicBatch[], options: { validated?: boolean } = {}): Promise<void> {
    const topicMessages = batches
      .filter((b) => b.records.length > 0)
      .map((b) => ({
        topic: this.gateway.topic(b.spec),
        messages: b.records.map((r) => ({
          key: r.key,
          value: encodeRecord(options.validated ? r.value : validate(b.spec.schema, r.value, b.spec.name)),
          headers: { 'content-type': 'application/json', 'ws-schema': b.spec.name, ...r.headers },
        })),
      }));
    if (topicMessages.length === 0) return;
    await this.producer.sendBatch({ topicMessages, acks: -1 });
    for (const t of topicMessages) recordsOut.inc({ topic: t.topic }, t.messages.length);
    for (const b of batches)
      if (b.records.length > 0)
        this.sent.set(b.spec.name, (this.sent.get(b.spec.name) ?? 0) + b.records.length);
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}
