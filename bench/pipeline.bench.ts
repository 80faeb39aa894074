/**
 * pnpm bench:pipeline [--articles N] [--latency-samples M] [--delivery exactly-once|at-least-once]
 *
 * Pushes N synthetic raw items (2 KB bodies, about 20% exact copies under other URLs) through the
 * real broker, Redis and the enricher, and measures on the same machine in the same run the ceiling:
 * plain kafkajs produce and consume of the same bytes with no processing. Latency is measured in a
 * second phase at a steady trickle, so it reflects processing, not the backlog of phase one: from the
 * raw record's send to the moment a read_committed consumer receives the enriched record, which
 * includes the transaction commit in exactly-once mode. `--delivery` (default: the configured mode,
 * `ENRICHER_DELIVERY`) chooses the enricher's delivery guarantee, so both can be measured alike.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { RAW_TOPIC, type RawItemRecord } from '@wirestream/contract';
import { openPipeline, waitForDrain, ensureKafka, ensureRedis, type Pipeline } from '@wirestream/cli';
import {
  createKafkaClient,
  createLogger,
  encodeRecord,
  loadConfig,
  waitForLeaders,
  type KafkaClient,
  type KafkaProducer,
  type OutgoingRecord,
} from '@wirestream/runtime';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '5000' },
    'latency-samples': { type: 'string', default: '300' },
    delivery: { type: 'string' },
  },
});
const N = Number(values.articles);
const LATENCY_SAMPLES = Number(values['latency-samples']);
const prefix = `bench-${randomUUID().slice(0, 8)}.`;
const config = loadConfig({
  overrides: {
    kafka: { topicPrefix: prefix },
    redis: { keyPrefix: prefix },
    enricher: {
      groupId: `${prefix}enricher`,
      ...(values.delivery ? { delivery: values.delivery } : {}),
    },
    log: { level: 'warn' },
  },
});
const logger = createLogger('warn');
const say = (text: string): void => void process.stderr.write(`${text}\n`);

// A few thousand pseudo-words, so unrelated synthetic bodies share as few shingles as real stories do.
const SYLLABLES = 'ka lo mi ne ru sa te vo zi pa de fu gi ho ja'.split(' ');
const WORDS = SYLLABLES.flatMap((a) => SYLLABLES.flatMap((b) => SYLLABLES.map((c) => `${a}${b}${c}`)));
/** mulberry32: a small seeded PRNG, so one story id always yields the same body. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function body(seed: number): string {
  const next = random(seed + 1);
  const words: string[] = [];
  let size = 0;
  while (size < 2048) {
    const w = WORDS[Math.floor(next() * WORDS.length)]!;
    words.push(w);
    size += w.length + 1;
    if (words.length % 14 === 0) words.push(`${Math.floor(next() * 997)}.`);
  }
  return `<p>${words.join(' ')}</p>`;
}

function rawItem(i: number, copyOf: number | null): RawItemRecord {
  const story = copyOf ?? i;
  return {
    schemaVersion: 1,
    itemKey: `bench-${i}`,
    change: 'new',
    itemHash: `h-${i}`,
    feed: {
      id: `bench-${i % 20}`,
      agency: 'Bench Wire',
      name: 'Bench Wire',
      url: 'http://bench.example/feed',
      format: 'rss',
      title: null,
      languageHint: 'en',
    },
    item: {
      guid: `bench-${i}`,
      link: `https://bench${i % 7}.example/story/${i}?utm_source=feed`,
      title: `Story ${story}`,
      summary: `Summary of story ${story}`,
      contentHtml: body(story),
      authors: [],
      categories: [],
      published: new Date().toUTCString(),
      updated: null,
      language: 'en',
      media: [],
    },
    fetchedAt: new Date().toISOString(),
    http: {
      status: 200,
      finalUrl: 'http://bench.example/feed',
      contentType: 'application/rss+xml',
      etag: null,
      lastModified: null,
    },
  };
}

const items = (count: number, offset: number): RawItemRecord[] =>
  Array.from({ length: count }, (_, k) => {
    const i = offset + k;
    return rawItem(i, k > 0 && k % 5 === 0 ? offset + k - 3 : null);
  });

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

async function consumeCount(kafka: KafkaClient, topic: string, count: number): Promise<void> {
  const consumer = kafka.consumer({ groupId: `${prefix}ceiling-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let seen = 0;
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        seen += batch.messages.length;
        if (seen >= count) resolve();
      },
    });
  });
  await consumer.disconnect();
}

type Payload = OutgoingRecord & { value: Buffer };

/** The ceiling's own topic, as many partitions as the raw topic. */
async function createCeilingTopic(kafka: KafkaClient, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  // kafkajs' own waitForLeaders gives up while a new broker is still setting the topic up.
  await admin.createTopics({
    topics: [{ topic, numPartitions: RAW_TOPIC.partitions }],
    waitForLeaders: false,
  });
  await waitForLeaders(admin, [topic]);
  await admin.disconnect();
}

/** Ceiling: the same bytes through the same broker, no processing. Records per second. */
async function measureCeiling(
  kafka: KafkaClient,
  plain: KafkaProducer,
  payloads: Payload[],
): Promise<number> {
  const ceilingTopic = `${prefix}ceiling`;
  say(`ceiling: producing and consuming ${N} records of ${Math.round(payloads[0]!.value.length / 1024)} KB`);
  const c0 = performance.now();
  for (let i = 0; i < payloads.length; i += 500)
    await plain.send({ topic: ceilingTopic, messages: payloads.slice(i, i + 500) });
  await consumeCount(kafka, ceilingTopic, N);
  return N / ((performance.now() - c0) / 1000);
}

/** Throughput: N raw records through the enricher; seconds until its group drained them, and what it made. */
async function measureThroughput(
  pipeline: Pipeline,
  plain: KafkaProducer,
  payloads: Payload[],
): Promise<{ seconds: number; articles: number; duplicates: number }> {
  const rawTopic = pipeline.kafka.topic(RAW_TOPIC);
  say(`pipeline: ${N} raw items through the enricher`);
  const t0 = performance.now();
  await pipeline.enricher.start();
  for (let i = 0; i < payloads.length; i += 500)
    await plain.send({ topic: rawTopic, messages: payloads.slice(i, i + 500) });
  if (!(await waitForDrain(pipeline.kafka, config.enricher.groupId, 600_000)))
    throw new Error('enricher did not drain');
  const seconds = (performance.now() - t0) / 1000;
  const { articles, duplicates, deadLettered } = pipeline.enricher.stats;
  if (articles + duplicates !== N || deadLettered > 0) {
    throw new Error(
      `expected ${N} outputs, got ${articles} articles, ${duplicates} duplicates, ${deadLettered} dead letters`,
    );
  }
  return { seconds, articles, duplicates };
}

/** Latency: a steady trickle; ms from each raw record's send to the enriched record's acknowledgement. */
async function measureLatency(
  kafka: KafkaClient,
  pipeline: Pipeline,
  plain: KafkaProducer,
): Promise<number[]> {
  say(`latency: ${LATENCY_SAMPLES} items at 50/s`);
  const latencies: number[] = [];
  const sentAt = new Map<string, number>();
  const outConsumer = kafka.consumer({ groupId: `${prefix}latency`, readUncommitted: false });
  await outConsumer.connect();
  await outConsumer.subscribe({
    topics: [pipeline.kafka.topic('news.articles.v1'), pipeline.kafka.topic('news.duplicates.v1')],
    fromBeginning: false,
  });
  await outConsumer.run({
    eachMessage: async ({ message }) => {
      const value = JSON.parse(message.value!.toString()) as {
        fetchedAt?: string;
        article?: { fetchedAt: string };
      };
      const key = value.fetchedAt ?? value.article?.fetchedAt;
      const started = key ? sentAt.get(key) : undefined;
      if (started !== undefined) latencies.push(Date.now() - started);
    },
  });
  await new Promise((r) => setTimeout(r, 3000)); // let the latency consumer join before the trickle starts
  const rawTopic = pipeline.kafka.topic(RAW_TOPIC);
  const trickle = items(LATENCY_SAMPLES, N);
  for (const [k, record] of trickle.entries()) {
    record.fetchedAt = new Date(Date.now() + k).toISOString(); // unique per record: the join key
    sentAt.set(record.fetchedAt, Date.now());
    await plain.send({ topic: rawTopic, messages: [{ key: record.itemKey, value: encodeRecord(record) }] });
    await new Promise((r) => setTimeout(r, 20));
  }
  const deadline = Date.now() + 30_000;
  while (latencies.length < LATENCY_SAMPLES && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  await outConsumer.disconnect();
  return latencies.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  await ensureKafka(config, Boolean(process.env.KAFKA_BROKERS));
  await ensureRedis(config, logger);
  const kafka = createKafkaClient({ brokers: config.kafka.brokers });

  const payloads = items(N, 0).map((r) => ({ key: r.itemKey, value: encodeRecord(r) }));
  await createCeilingTopic(kafka, `${prefix}ceiling`);
  const plain = kafka.producer();
  await plain.connect();
  const ceilingPerSec = await measureCeiling(kafka, plain, payloads);
  const pipeline = await openPipeline(config, logger, []);
  const { seconds, articles, duplicates } = await measureThroughput(pipeline, plain, payloads);
  const latencies = await measureLatency(kafka, pipeline, plain);
  await plain.disconnect();
  await pipeline.close();
  clearInterval(sampler);

  const pct = (p: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  const result = {
    articles: N,
    articlesPerSec: Math.round(N / seconds),
    p50Ms: pct(50),
    p99Ms: pct(99),
    ceilingPerSec: Math.round(ceilingPerSec),
    peakRssMB: Math.round(peakRss / 1024 / 1024),
    delivery: config.enricher.delivery,
  };
  say(
    `enriched ${N} items in ${seconds.toFixed(1)} s (${articles} articles, ${duplicates} duplicates); latency samples ${latencies.length}`,
  );
  console.log(JSON.stringify(result));
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:pipeline failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
