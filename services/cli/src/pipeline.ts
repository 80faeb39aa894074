import { RAW_TOPIC, type FeedSource, type WirestreamConfig } from '@wirestream/contract';
import { Enricher } from '@wirestream/enricher';
import { Fetcher } from '@wirestream/fetcher';
import {
  KafkaGateway,
  createRedis,
  sleep,
  type Logger,
  type RecordProducer,
  type Redis,
} from '@wirestream/runtime';
import { createEnrichmentDeps } from '@wirestream/runtime/enrichment';

/** Fetcher and enricher wired to one Kafka cluster and one Redis, in this process. */
export interface Pipeline {
  kafka: KafkaGateway;
  producer: RecordProducer;
  redis: Redis;
  fetcher: Fetcher;
  enricher: Enricher;
  close(): Promise<void>;
}

export async function openPipeline(
  config: WirestreamConfig,
  logger: Logger,
  feeds: FeedSource[],
): Promise<Pipeline> {
  const kafka = new KafkaGateway(config.kafka, logger);
  await kafka.ensureTopics();
  const redis = createRedis(config.redis, logger);
  await redis.connect();
  const producer = await kafka.connectProducer();
  const fetcher = new Fetcher({ config, logger: logger.child({ worker: 'fetcher' }), producer, redis });
  fetcher.setFeeds(feeds);
  const enricher = new Enricher({
    config,
    logger: logger.child({ worker: 'enricher' }),
    kafka,
    producer,
    enrichment: createEnrichmentDeps(config, redis),
  });
  return {
    kafka,
    producer,
    redis,
    fetcher,
    enricher,
    async close() {
      fetcher.stop();
      await enricher.stop();
      await producer.disconnect();
      redis.disconnect();
    },
  };
}

/** Consumer lag of a group on one topic: records produced but not yet committed by the group. */
export async function groupLag(
  kafka: KafkaGateway,
  groupId: string,
  topic = RAW_TOPIC.name,
): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const name = kafka.topic(topic);
    const [ends, committed] = await Promise.all([
      admin.fetchTopicOffsets(name),
      admin.fetchOffsets({ groupId, topics: [name] }),
    ]);
    const done = new Map(committed[0]?.partitions.map((p) => [p.partition, Number(p.offset)]) ?? []);
    return ends.reduce((lag, p) => {
      const end = Number(p.high);
      const at = done.get(p.partition) ?? -1;
      return lag + (at < 0 ? end - Number(p.low) : Math.max(0, end - at));
    }, 0);
  } finally {
    await admin.disconnect();
  }
}

/** Waits until the group has committed everything on the topic; false if it did not within the time. */
export async function waitForDrain(
  kafka: KafkaGateway,
  groupId: string,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await groupLag(kafka, groupId)) === 0) return true;
    await sleep(250);
  }
  return false;
}
