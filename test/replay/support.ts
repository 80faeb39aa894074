/** Shared pieces of the replay tests: distinct stories, raw items, taxonomy edits, reading outputs. */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RawItemRecord, WirestreamConfig } from '@wirestream/contract';
import { openPipeline, waitForDrain, type Pipeline } from '@wirestream/cli';
import { openJobServices, type JobServices } from '@wirestream/replay';
import { createLogger, createKafkaClient, type KafkaProducer } from '@wirestream/runtime';
import { itemKeyFor } from '@wirestream/dedupe';
import { DEFAULT_GAZETTEER_DIR, DEFAULT_TAXONOMY_PATH, GAZETTEER_FILES } from '@wirestream/tagging';
import { kafkaBrokers } from '../harness/services.js';
import { readTopics, type ConsumedRecord } from '../support/topics.js';

// Made-up words that no topic or subject of the bundled taxonomy knows: stories made of them
// differ enough from each other that none is a near-duplicate of another, and their only subject
// and topic evidence is what a test puts in. (Everyday words would give them a subject: a story
// of festivals, violins and galleries reads as culture, under which no hard-news topic is given.)
const SYLLABLES = ['bra', 'kel', 'mon', 'dri', 'sul', 'vat', 'ope', 'rin', 'gav', 'tos', 'lum', 'zer'];
const WORDS = SYLLABLES.flatMap((a) => SYLLABLES.map((b) => `${a}${b}o`));

/** A seeded generator, so every run builds the same stories. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface Story {
  guid: string;
  link: string;
  title: string;
  body: string;
  quantum: boolean;
}

/** `count` distinct stories; those whose index `quantum` picks mention quantum decryption. */
export function stories(count: number, quantum: (i: number) => boolean, seed = 7): Story[] {
  const random = rng(seed);
  return Array.from({ length: count }, (_, i) => {
    const words = Array.from({ length: 70 }, () => WORDS[Math.floor(random() * WORDS.length)]!);
    const sentences: string[] = [];
    for (let at = 0; at < words.length; at += 10) sentences.push(`${words.slice(at, at + 10).join(' ')}.`);
    const q = quantum(i);
    if (q)
      sentences.splice(
        2,
        0,
        'Banks fear quantum decryption of archived records, and quantum decryption worries regulators.',
      );
    return {
      guid: `story-${seed}-${i}`,
      link: `https://replay-desk.example/news/${seed}/${i}`,
      title: `${q ? 'Quantum decryption' : 'Local'} story ${i}: ${words.slice(0, 3).join(' ')}`,
      body: `<p>${sentences.join(' ')}</p>`,
      quantum: q,
    };
  });
}

export function rawItemOf(story: Story, feedId = 'replay-desk', fetchedAt = new Date()): RawItemRecord {
  return {
    schemaVersion: 1,
    itemKey: itemKeyFor(feedId, story.guid),
    change: 'new',
    itemHash: itemKeyFor(feedId, story.body),
    feed: {
      id: feedId,
      agency: 'Replay Desk',
      name: feedId,
      url: `https://replay-desk.example/${feedId}.xml`,
      format: 'rss',
      title: null,
      languageHint: 'en',
    },
    item: {
      guid: story.guid,
      link: story.link,
      title: story.title,
      summary: null,
      contentHtml: story.body,
      authors: [],
      categories: [],
      published: new Date(fetchedAt.getTime() - 60_000).toISOString(),
      updated: null,
      language: 'en',
      media: [],
    },
    fetchedAt: fetchedAt.toISOString(),
    http: {
      status: 200,
      finalUrl: `https://replay-desk.example/${feedId}.xml`,
      contentType: 'application/rss+xml',
      etag: null,
      lastModified: null,
    },
  };
}

/** A copy of the bundled taxonomy with a term added to a topic's English rules, as an editor would. */
export function taxonomyWithTerm(slug: string, term: string, weight: number, version: string): string {
  return taxonomyWithTerms([[slug, term, weight]], version);
}

/** The bundled taxonomy with several terms added, each `[slug, term, weight]`. */
export function taxonomyWithTerms(additions: Array<[string, string, number]>, version: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ws-replay-taxonomy-'));
  const gazetteer = join(dir, 'gazetteer');
  mkdirSync(gazetteer);
  for (const name of GAZETTEER_FILES) copyFileSync(join(DEFAULT_GAZETTEER_DIR, name), join(gazetteer, name));
  let text = readFileSync(DEFAULT_TAXONOMY_PATH, 'utf8');
  for (const [slug, term, weight] of additions) {
    const at = text.indexOf(`  - slug: ${slug}\n`);
    const marker = '      en:\n        terms:\n          {\n';
    const terms = text.indexOf(marker, at);
    if (at < 0 || terms < 0) throw new Error(`no English terms for ${slug} in the taxonomy`);
    const insertAt = terms + marker.length;
    text = `${text.slice(0, insertAt)}            ${term}: ${weight},\n${text.slice(insertAt)}`;
  }
  const edited = text.replace(/^version: .*$/m, `version: '${version}'`);
  const path = join(dir, 'taxonomy.yaml');
  writeFileSync(path, edited);
  return path;
}

/** Every record on these topics (full names), read from the beginning. */
export function readAll(
  brokers: string[],
  topics: string[],
  until?: (r: ConsumedRecord[]) => boolean,
): Promise<ConsumedRecord[]> {
  return readTopics(brokers, topics, { idleMs: 1500, timeoutMs: 60_000, ...(until ? { until } : {}) });
}

/** A live enricher, a producer onto its raw topic, and the services a replay job runs on. */
export interface LivePipeline {
  pipeline: Pipeline;
  services: JobServices;
  /** Sends raw items as the fetcher would and resolves once the live enricher has committed them. */
  sendRaw(records: readonly RawItemRecord[]): Promise<void>;
  close(): Promise<void>;
}

export async function openLivePipeline(config: WirestreamConfig): Promise<LivePipeline> {
  const pipeline = await openPipeline(config, createLogger('warn'), []);
  await pipeline.enricher.start();
  const producer: KafkaProducer = createKafkaClient({ brokers: kafkaBrokers() }).producer({
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  const services = await openJobServices(config, createLogger('warn'));
  return {
    pipeline,
    services,
    async sendRaw(records) {
      await producer.send({
        topic: `${config.kafka.topicPrefix}news.raw.v1`,
        messages: records.map((raw) => ({ key: raw.itemKey, value: JSON.stringify(raw) })),
      });
      if (!(await waitForDrain(pipeline.kafka, config.enricher.groupId, 90_000)))
        throw new Error('the live enricher did not drain the raw topic within 90 s');
    },
    async close() {
      await producer.disconnect();
      await services.close();
      await pipeline.close();
    },
  };
}
