import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { waitForLeaders, createKafkaClient } from '@wirestream/runtime';
import { kafkaBrokers, redisUrl, uniquePrefix } from './services.js';

describe('test harness', () => {
  const prefix = uniquePrefix('harness');

  it('hands the tests the services it found', () => {
    const brokers = kafkaBrokers();
    expect(brokers.length).toBeGreaterThan(0);
    for (const broker of brokers) expect(broker).toMatch(/^[^\s,:]+:\d+$/);
    expect(redisUrl()).toMatch(/^rediss?:\/\//);
    // Code under test that reads its configuration from the environment must see the same services.
    expect(process.env.KAFKA_BROKERS?.split(',')).toEqual(brokers);
    expect(process.env.REDIS_URL).toBe(redisUrl());
  });

  it('gives every caller its own prefix, usable as a Kafka topic name', () => {
    const a = uniquePrefix('Feed Poller/№1');
    const b = uniquePrefix('Feed Poller/№1');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^t-feed-poller-1-[0-9a-f]{8}\.$/);
    expect(uniquePrefix('%%%')).toMatch(/^t-test-[0-9a-f]{8}\.$/);
    expect(`${a}articles.v1`).toMatch(/^[a-zA-Z0-9._-]{1,249}$/);
  });

  describe('kafka', () => {
    const kafka = createKafkaClient({ clientId: `${prefix}client`, brokers: kafkaBrokers() });
    const admin = kafka.admin();
    const topic = `${prefix}smoke`;

    afterAll(async () => {
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    });

    it('creates a topic, produces a message and consumes it back', async () => {
      await admin.connect();
      // kafkajs' own waitForLeaders gives up while a new broker is still setting the topic up.
      const created = await admin.createTopics({
        topics: [{ topic, numPartitions: 1 }],
        waitForLeaders: false,
      });
      expect(created).toBe(true);
      await waitForLeaders(admin, [topic]);
      expect(await admin.listTopics()).toContain(topic);

      const payload = JSON.stringify({ probe: prefix, at: Date.now() });
      const producer = kafka.producer();
      await producer.connect();
      const [ack] = await producer.send({ topic, acks: -1, messages: [{ key: 'k1', value: payload }] });
      await producer.disconnect();
      expect(ack?.errorCode).toBe(0);

      const consumer = kafka.consumer({ groupId: `${prefix}group` });
      await consumer.connect();
      try {
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        const received = new Promise<{ key: string; value: string; offset: string }>((resolve) => {
          void consumer.run({
            eachMessage: async ({ message }) => {
              resolve({
                key: message.key?.toString() ?? '',
                value: message.value?.toString() ?? '',
                offset: message.offset,
              });
            },
          });
        });
        const timeout = new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('no message consumed within 30 s')), 30_000).unref(),
        );
        expect(await Promise.race([received, timeout])).toEqual({ key: 'k1', value: payload, offset: '0' });
      } finally {
        await consumer.disconnect();
      }
    });
  });

  describe('redis', () => {
    const redis = new Redis(redisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });

    afterAll(async () => {
      await redis.del(`${prefix}key`).catch(() => undefined);
      redis.disconnect();
    });

    it('answers PING and round-trips a prefixed key', async () => {
      await redis.connect();
      expect(await redis.ping()).toBe('PONG');
      expect(await redis.set(`${prefix}key`, 'value', 'EX', 60)).toBe('OK');
      expect(await redis.get(`${prefix}key`)).toBe('value');
      expect(await redis.ttl(`${prefix}key`)).toBeGreaterThan(0);
    });
  });
});
