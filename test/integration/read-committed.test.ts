import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaGateway, createLogger, type KafkaProducer } from '@wirestream/runtime';
import { uniquePrefix } from '../harness/services.js';
import { testConfig } from '../support/config.js';

/*
 * The enricher writes each output partition from several transactional producers (one per raw
 * partition), so after a fault their aborted transactions interleave. A reader that reads committed
 * must see none of their records whatever order they were aborted in. kafkajs 2.2.4 as released
 * returned the records of a transaction that began before another one that was aborted first; it is
 * patched (patches/kafkajs@2.2.4.patch), and this is the check against a real broker.
 */
describe('read_committed consumers of this repository', () => {
  const config = testConfig(uniquePrefix('read-committed'));
  const gateway = new KafkaGateway(config.kafka, createLogger('silent'));
  const topic = gateway.topic('interleaved');
  const producers: KafkaProducer[] = [];

  const transactional = async (id: string): Promise<KafkaProducer> => {
    const producer = gateway.client.producer({
      transactionalId: `${topic}.${id}`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    producers.push(producer);
    return producer;
  };

  beforeAll(async () => {
    const admin = gateway.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
  });

  afterAll(async () => {
    for (const p of producers) await p.disconnect();
  });

  it('never shows a record of an aborted transaction, whatever order transactions were aborted in', async () => {
    const [a, b, c, d] = await Promise.all(['a', 'b', 'c', 'd'].map(transactional));
    const committed = async (producer: KafkaProducer, value: string): Promise<void> => {
      const t = await producer.transaction();
      await t.send({ topic, messages: [{ value }] });
      await t.commit();
    };
    await committed(d!, 'committed 1');
    // Three transactions begin in the order a, b, c and interleave; they are aborted in the order
    // c, a, b, so the broker's list of aborted transactions is in neither begin nor reverse order.
    const ta = await a!.transaction();
    await ta.send({ topic, messages: [{ value: 'aborted a1' }] });
    const tb = await b!.transaction();
    await tb.send({ topic, messages: [{ value: 'aborted b1' }] });
    const tc = await c!.transaction();
    await tc.send({ topic, messages: [{ value: 'aborted c1' }] });
    await ta.send({ topic, messages: [{ value: 'aborted a2' }] });
    await committed(d!, 'committed 2');
    await tb.send({ topic, messages: [{ value: 'aborted b2' }] });
    await tc.abort();
    await ta.abort();
    await tb.abort();
    // The same producers go on to commit: their later records must be shown.
    await committed(a!, 'committed 3');
    await committed(b!, 'committed 4');

    const seen: string[] = [];
    const consumer = gateway.consumer({ groupId: `${topic}.reader` });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        seen.push(message.value!.toString());
        return Promise.resolve();
      },
    });
    const deadline = Date.now() + 30_000;
    while (seen.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    // Anything a broken filter lets through comes in the same fetches as the committed records.
    await new Promise((r) => setTimeout(r, 1_000));
    await consumer.disconnect();

    expect(seen).toEqual(['committed 1', 'committed 2', 'committed 3', 'committed 4']);
  });
});
