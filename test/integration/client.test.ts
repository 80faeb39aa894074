/**
 * @wirestream/client against the real broker, as published: the bundle its build makes (kafkajs with
 * the client's aborted-transaction filter in place of kafkajs' own), not the TypeScript source (which
 * runs on the workspace's kafkajs). Aborted transactions of several producers interleaved and aborted
 * out of order, invalid records, at-least-once commits around a failing handler and a graceful stop,
 * and following a copy to its original on a partitioned articles topic.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The bundle's types are the source's (the bundle is imported by path below).
import type * as Client from '../../packages/client/src/index.js';
import { createKafkaClient, type KafkaAdmin, type KafkaProducer } from '@wirestream/runtime';
import { article, copyOf } from '../../packages/client/test/fixtures.js';
import { kafkaBrokers, uniquePrefix } from '../harness/services.js';

const clientRoot = new URL('../../packages/client/', import.meta.url).pathname;
// Inside the package, so that the bundle finds its one dependency (zod) as an installed copy would.
const bundleDir = join(clientRoot, 'node_modules', '.cache', `client-test-${process.pid}`);

const prefix = uniquePrefix('client');
const topic = (name: string): string => `${prefix}${name}`;
let lib: typeof Client;
let admin: KafkaAdmin;
const producers: KafkaProducer[] = [];

const until = async (condition: () => boolean, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
};

async function transactional(id: string): Promise<KafkaProducer> {
  const producer = createKafkaClient({ brokers: kafkaBrokers() }).producer({
    transactionalId: `${prefix}${id}`,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  producers.push(producer);
  return producer;
}

const value = (id: string, revision = 1, extra: Record<string, unknown> = {}): string =>
  JSON.stringify(article(id, revision, extra));

beforeAll(async () => {
  mkdirSync(bundleDir, { recursive: true });
  await promisify(execFile)(process.execPath, [
    join(clientRoot, 'scripts/build.mjs'),
    '--js-only',
    '--outdir',
    bundleDir,
  ]);
  lib = (await import(pathToFileURL(join(bundleDir, 'index.js')).href)) as typeof Client;
  admin = createKafkaClient({ brokers: kafkaBrokers() }).admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: topic('news.topic.sanctions.v1'), numPartitions: 1 },
      { topic: topic('news.topic.energy.v1'), numPartitions: 1 },
      { topic: topic('news.topic.trade.v1'), numPartitions: 1 },
      { topic: topic('news.articles.v1'), numPartitions: 6 },
    ],
    waitForLeaders: true,
  });
});

afterAll(async () => {
  for (const p of producers) await p.disconnect();
  await admin?.disconnect();
  rmSync(bundleDir, { recursive: true, force: true });
});

describe('@wirestream/client (the built bundle) against the broker', () => {
  it('never hands over a record of an aborted transaction, however producers interleaved and aborted', async () => {
    const name = topic('news.topic.sanctions.v1');
    const [a, b, c, d] = await Promise.all(['a', 'b', 'c', 'd'].map(transactional));
    const committed = async (producer: KafkaProducer, id: string): Promise<void> => {
      const t = await producer.transaction();
      await t.send({ topic: name, messages: [{ key: id, value: value(id) }] });
      await t.commit();
    };
    await committed(d!, 'committed-1');
    // Three transactions begin in the order a, b, c and interleave; they are aborted c, a, b, so the
    // broker's list of aborted transactions is in neither begin nor reverse order.
    const ta = await a!.transaction();
    await ta.send({ topic: name, messages: [{ key: 'a1', value: value('aborted-a1') }] });
    const tb = await b!.transaction();
    await tb.send({ topic: name, messages: [{ key: 'b1', value: value('aborted-b1') }] });
    const tc = await c!.transaction();
    await tc.send({ topic: name, messages: [{ key: 'c1', value: value('aborted-c1') }] });
    await ta.send({ topic: name, messages: [{ key: 'a2', value: value('aborted-a2') }] });
    await committed(d!, 'committed-2');
    await tb.send({ topic: name, messages: [{ key: 'b2', value: value('aborted-b2') }] });
    await tc.abort();
    await ta.abort();
    await tb.abort();
    // One producer aborts twice in a row, then commits.
    for (const id of ['aborted-x', 'aborted-y']) {
      const t = await a!.transaction();
      await t.send({ topic: name, messages: [{ key: id, value: value(id) }] });
      await t.abort();
    }
    await committed(a!, 'committed-3');
    // An aborted transaction larger than a fetch (60 records of ~3 KB, 16 KiB per fetch below).
    const big = await b!.transaction();
    const padding = 'x'.repeat(3_000);
    await big.send({
      topic: name,
      messages: Array.from({ length: 60 }, (_, i) => ({
        key: `big-${i}`,
        value: value(`aborted-big-${i}`, 1, { body: padding }),
      })),
    });
    await big.abort();
    await committed(b!, 'committed-4');
    await committed(c!, 'committed-5');

    const client = new lib.WirestreamClient({ brokers: kafkaBrokers(), topicPrefix: prefix });
    const seen: string[] = [];
    const subscription = await client.subscribe(
      'sanctions',
      { groupId: `${prefix}aborts`, fromBeginning: true, maxBytesPerPartition: 16_384 },
      ({ value: record }) => {
        seen.push(record.id);
      },
    );
    await until(() => seen.length >= 5);
    // Anything a broken filter lets through would come in the same fetches as the committed records.
    await new Promise((r) => setTimeout(r, 1_000));
    await subscription.stop();
    expect(seen).toEqual(['committed-1', 'committed-2', 'committed-3', 'committed-4', 'committed-5']);
    expect(subscription.stats).toMatchObject({ handled: 5, invalid: 0 });
  });

  it('surfaces invalid records to onInvalid, keeps handling, and commits past them', async () => {
    const name = topic('news.topic.energy.v1');
    const producer = await transactional('invalid');
    const t = await producer.transaction();
    await t.send({
      topic: name,
      messages: [
        { key: 'ok-1', value: value('ok-1') },
        { key: 'not-json', value: '{"schemaVersion": 1, "id": ' },
        { key: 'bad', value: JSON.stringify({ ...article('bad'), revision: 'one' }) },
        { key: 'empty', value: null },
        { key: 'ok-2', value: value('ok-2') },
      ],
    });
    await t.commit();
    const client = new lib.WirestreamClient({ brokers: kafkaBrokers(), topicPrefix: prefix });
    const handled: string[] = [];
    const invalid: Array<{ key: string | null; reason: string; message: string }> = [];
    const options = {
      groupId: `${prefix}invalid`,
      fromBeginning: true,
      onInvalid: (r: Client.InvalidRecord) => {
        invalid.push({ key: r.key, reason: r.reason, message: r.message });
        if (r.key === 'bad') throw new Error('onInvalid fails too: still not the loop');
      },
      onError: () => undefined,
    };
    const subscription = await client.subscribe('energy', options, ({ value: record }) => {
      handled.push(record.id);
    });
    await until(() => handled.length >= 2);
    await subscription.stop();
    expect(handled).toEqual(['ok-1', 'ok-2']);
    expect(invalid.map((i) => [i.key, i.reason])).toEqual([
      ['not-json', 'not-json'],
      ['bad', 'schema'],
      ['empty', 'empty'],
    ]);
    expect(invalid[1]!.message).toMatch(/revision/);

    // Everything was committed, invalid records included: the group starts after them.
    const again: string[] = [];
    const second = await client.subscribe('energy', options, ({ value: record }) => {
      again.push(record.id);
    });
    await new Promise((r) => setTimeout(r, 1_500));
    await second.stop();
    expect(again).toEqual([]);
  });

  it('commits a record only after its handler returned: retries a failing handler, redelivers after a stop', async () => {
    const name = topic('news.topic.trade.v1');
    const producer = await transactional('at-least-once');
    const t = await producer.transaction();
    await t.send({
      topic: name,
      messages: ['r1', 'r2', 'r3', 'r4'].map((id) => ({ key: id, value: value(id) })),
    });
    await t.commit();
    const client = new lib.WirestreamClient({ brokers: kafkaBrokers(), topicPrefix: prefix });
    const groupId = `${prefix}at-least-once`;
    const handled: string[] = [];
    const errors: Array<[string, number]> = [];
    let failR2 = 1;
    let r3Started = false;
    const first = await client.subscribe(
      'trade',
      {
        groupId,
        fromBeginning: true,
        onError: (_error, record, attempt) => {
          errors.push([(record as Client.WirestreamRecord<Client.ArticleRecord>).value.id, attempt]);
        },
      },
      async ({ value: record }, { signal }) => {
        if (record.id === 'r2' && failR2-- > 0) throw new Error('database down');
        if (record.id === 'r3') {
          // Runs until the subscription stops, then gives up: r3 must not be committed.
          r3Started = true;
          await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
          throw new Error('stopped before finishing');
        }
        handled.push(record.id);
      },
    );
    await until(() => r3Started);
    await first.stop();
    expect(handled).toEqual(['r1', 'r2']);
    expect(errors).toEqual([
      ['r2', 1],
      ['r3', 1],
    ]);
    expect(first.stats).toMatchObject({ handled: 2, handlerErrors: 2 });
    await expect(first.done).resolves.toBeUndefined();

    // The same group goes on from r3, the record whose handler never returned.
    const again: string[] = [];
    const second = await client.subscribe('trade', { groupId }, ({ value: record }) => {
      again.push(record.id);
    });
    await until(() => again.length >= 2);
    await client.close();
    await expect(second.done).resolves.toBeUndefined();
    expect(again).toEqual(['r3', 'r4']);
  });

  it('follows a copy to its original, the newest revision, on the partition of its key', async () => {
    const name = topic('news.articles.v1');
    const producer = createKafkaClient({ brokers: kafkaBrokers() }).producer({ idempotent: true });
    await producer.connect();
    producers.push(producer);
    const original = article('story-original');
    const ids = Array.from({ length: 12 }, (_, i) => `other-${i}`);
    await producer.send({
      topic: name,
      messages: [
        ...ids.map((id) => ({ key: id, value: value(id) })),
        { key: original.id, value: JSON.stringify(original) },
        { key: original.id, value: value(original.id, 2, { title: 'Revised headline' }) },
      ],
    });
    const client = new lib.WirestreamClient({ brokers: kafkaBrokers(), topicPrefix: prefix });
    const found = await client.followDuplicate(copyOf(original, 'story-copy'), { timeoutMs: 30_000 });
    expect(found).toMatchObject({ id: original.id, revision: 2, title: 'Revised headline' });
    expect(await client.findArticle('other-7')).toMatchObject({ id: 'other-7', revision: 1 });
    expect(await client.findArticle('never-published', { timeoutMs: 20_000 })).toBeNull();
  });
});
