/**
 * What the fault tests share: the real workers as child processes, a local feed server whose
 * documents a test rewrites while the pipeline runs, counting what reached a topic, and the one
 * line each test prints.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createKafkaClient } from '@wirestream/runtime';
import type { RawItemRecord } from '@wirestream/contract';
import { itemKeyFor } from '@wirestream/dedupe';
import { listenLocal } from '../support/listen.js';

export const repoRoot = new URL('../../', import.meta.url).pathname;
const run = promisify(execFile);

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true; fails with `what` when `timeoutMs` passes first. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** One worker (`wirestream enricher` or `wirestream fetcher`) running as its own process. */
export class Worker {
  readonly child: ChildProcess;
  /** The last lines it logged, for the failure message when a test goes wrong. */
  readonly log: string[] = [];
  readonly exited: Promise<number | null>;

  constructor(kind: 'enricher' | 'fetcher', env: Record<string, string>, args: string[] = []) {
    this.child = spawn(
      'node',
      ['--conditions=source', '--import', 'tsx', 'services/cli/src/bin.ts', kind, ...args],
      {
        cwd: repoRoot,
        env: { ...process.env, LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'warn', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    // FAULTS_LOG_DIR keeps every worker's whole log, for a failure the last lines do not explain.
    const dir = process.env.FAULTS_LOG_DIR;
    const file = dir ? join(dir, `${kind}-${this.child.pid}.log`) : null;
    const keep = (chunk: Buffer): void => {
      if (file) appendFileSync(file, chunk);
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim()) this.log.push(line.slice(0, 500));
      if (this.log.length > 200) this.log.splice(0, this.log.length - 200);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 20_000): Promise<number | null> {
    if (!this.alive) return this.child.exitCode;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  tail(lines = 15): string {
    return this.log.slice(-lines).join('\n');
  }
}

/** The environment a worker needs to reach the services under test with its own prefix. */
export function workerEnv(options: {
  brokers: string[];
  redisUrl: string;
  prefix: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    KAFKA_BROKERS: options.brokers.join(','),
    REDIS_URL: options.redisUrl,
    KAFKA_TOPIC_PREFIX: options.prefix,
    REDIS_KEY_PREFIX: options.prefix,
    ENRICHER_GROUP_ID: `${options.prefix}enricher`,
    // A killed enricher's partitions move on after 6 s (the broker's minimum) instead of 30.
    ENRICHER_SESSION_TIMEOUT_MS: '6000',
    ...options.extra,
  };
}

/** A native broker of the test's own (infra/kafka/broker.sh), so restarting it disturbs nobody. */
export class OwnBroker {
  constructor(
    readonly port: number,
    readonly controllerPort = port + 1,
  ) {}

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  private async broker(action: 'up' | 'down', fresh = false): Promise<void> {
    await run('bash', [join(repoRoot, 'infra/kafka/broker.sh'), action], {
      env: {
        ...process.env,
        KAFKA_PORT: String(this.port),
        KAFKA_CONTROLLER_PORT: String(this.controllerPort),
        KAFKA_FRESH: fresh ? '1' : '0',
      },
      timeout: 180_000,
    });
  }

  /**
   * Starts it; its data directory survives `down`, so a restart keeps the log. `fresh` starts from
   * an empty one (a test's first start).
   */
  up(options: { fresh?: boolean } = {}): Promise<void> {
    return this.broker('up', options.fresh ?? false);
  }

  down(): Promise<void> {
    return this.broker('down');
  }
}

/** Consumer lag of a group on a topic (produced but not yet committed), straight from the broker. */
export async function groupLag(brokers: string[], groupId: string, topic: string): Promise<number> {
  const admin = createKafkaClient({ clientId: 'faults-lag', brokers, retry: { retries: 1 } }).admin();
  await admin.connect();
  try {
    const [ends, committed] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId, topics: [topic] }),
    ]);
    const done = new Map(committed[0]?.partitions.map((p) => [p.partition, Number(p.offset)]) ?? []);
    return ends.reduce((lag, p) => {
      const at = done.get(p.partition) ?? -1;
      return lag + (at < 0 ? Number(p.high) - Number(p.low) : Math.max(0, Number(p.high) - at));
    }, 0);
  } finally {
    await admin.disconnect();
  }
}

/** Records on a topic (high watermark minus low, all partitions): what was produced, committed or not. */
export async function topicSize(brokers: string[], topic: string): Promise<number> {
  const admin = createKafkaClient({ clientId: 'faults-size', brokers }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Every data record on the topics, read from the beginning until nothing new came for `idleMs`.
 * With `readUncommitted` the records of aborted transactions are included, otherwise left out.
 */
/** One record as a fault test reads it back, with where it sits, for the message of a failure. */
export interface ReadValue {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  headers: Record<string, string>;
  value: unknown;
}

/** Where each key that arrived more than once sits, for the message of a failed count. */
export function describeRepeats(records: readonly ReadValue[]): string {
  const byKey = new Map<string, ReadValue[]>();
  for (const r of records) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  return [...byKey.values()]
    .filter((rs) => rs.length > 1)
    .map(
      (rs) =>
        `${rs[0]!.key}: ${rs.map((r) => `${r.topic}[${r.partition}]@${r.offset} ${JSON.stringify(r.headers)}`).join(' | ')}`,
    )
    .join('\n');
}

export async function readValues(
  brokers: string[],
  topics: string[],
  options: { readUncommitted?: boolean; atLeast?: number; idleMs?: number; timeoutMs?: number } = {},
): Promise<ReadValue[]> {
  const kafka = createKafkaClient({ clientId: 'faults-reader', brokers });
  const consumer = kafka.consumer({
    groupId: `faults-reader-${Math.random().toString(36).slice(2)}`,
    readUncommitted: options.readUncommitted ?? false,
  });
  const out: ReadValue[] = [];
  let last = Date.now();
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      last = Date.now();
      for (const m of batch.messages)
        out.push({
          topic: batch.topic,
          partition: batch.partition,
          offset: m.offset,
          key: m.key?.toString('utf8') ?? '',
          headers: Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, String(v ?? '')])),
          value: JSON.parse(m.value?.toString('utf8') ?? 'null') as unknown,
        });
    },
  });
  const idleMs = options.idleMs ?? 2000;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  await waitFor(
    'the topics to be read',
    () => Date.now() > deadline || (out.length >= (options.atLeast ?? 1) && Date.now() - last > idleMs),
    (options.timeoutMs ?? 60_000) + 5_000,
    100,
  );
  await consumer.disconnect();
  return out;
}

export interface Counts {
  sent: number;
  published: number;
  duplicated: number;
  lost: number;
}

/**
 * Compares what was sent (one key per distinct item) with the keys read back: published counts
 * distinct keys found, duplicated the records beyond the first per key, lost the keys never found.
 */
export function countByKey(sent: Iterable<string>, received: readonly string[]): Counts {
  const expected = new Set(sent);
  const seen = new Map<string, number>();
  for (const key of received) seen.set(key, (seen.get(key) ?? 0) + 1);
  let duplicated = 0;
  for (const n of seen.values()) duplicated += n - 1;
  const lost = [...expected].filter((k) => !seen.has(k)).length;
  return { sent: expected.size, published: seen.size, duplicated, lost };
}

/** The one line a fault test prints, built from what it observed. */
export function reportFault(name: string, counts: Counts, extra = ''): void {
  console.log(
    `fault ${name}: sent ${counts.sent}, published ${counts.published}, duplicated ${counts.duplicated}, lost ${counts.lost}${extra ? `; ${extra}` : ''}`,
  );
}

/** A feed item as the test feed server renders it. */
export interface TestItem {
  guid: string;
  title: string;
  body: string;
  /** Defaults to a page named after the guid on the feed's own agency host. */
  link?: string;
  /** Defaults to an hour before the server started: a date that does not change between polls. */
  published?: string;
}

const SERVER_EPOCH = new Date(Date.now() - 3_600_000).toUTCString();

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function rss(feedId: string, items: readonly TestItem[]): string {
  const entries = items
    .map(
      (item) => `<item>
  <guid isPermaLink="false">${escapeXml(item.guid)}</guid>
  <link>${escapeXml(item.link ?? `https://${feedId}.example/news/${item.guid}`)}</link>
  <title>${escapeXml(item.title)}</title>
  <description>${escapeXml(item.body)}</description>
  <pubDate>${item.published ?? SERVER_EPOCH}</pubDate>
</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>${feedId}</title><link>https://${feedId}.example/</link>
<description>fault test feed</description><language>en</language>
${entries}
</channel></rss>`;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

/** A local feed server: one handler per path, told how many times that path was requested before. */
export class FeedServer {
  private readonly handlers = new Map<string, Handler>();
  readonly hits = new Map<string, number>();
  /** When each request for a path arrived (ms since epoch). */
  readonly times = new Map<string, number[]>();
  private readonly server: Server;
  baseUrl = '';

  constructor() {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      const hit = this.hits.get(path) ?? 0;
      this.hits.set(path, hit + 1);
      this.times.set(path, [...(this.times.get(path) ?? []), Date.now()]);
      const handler = this.handlers.get(path);
      if (!handler) {
        res.writeHead(404).end();
        return;
      }
      handler(req, res, hit);
    });
  }

  async start(): Promise<this> {
    this.baseUrl = await listenLocal(this.server);
    return this;
  }

  on(path: string, handler: Handler): void {
    this.handlers.set(path, handler);
  }

  /** Serves whatever `items()` returns at the moment of each request, as RSS. */
  feed(path: string, feedId: string, items: () => readonly TestItem[]): void {
    this.on(path, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(rss(feedId, items()));
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Writes a YAML feed list for a fetcher process; the feeds are local, so they may use loopback. */
export function writeFeedList(feeds: Array<{ id: string; url: string; intervalSeconds: number }>): string {
  const dir = mkdtempSync(join(tmpdir(), 'faults-'));
  const file = join(dir, 'feeds.yaml');
  const lines = ['feeds:'];
  for (const f of feeds) {
    lines.push(
      `  - id: ${f.id}`,
      `    url: ${f.url}`,
      `    agency: ${f.id} agency`,
      `    language: en`,
      `    intervalSeconds: ${f.intervalSeconds}`,
      `    allowPrivateNetwork: true`,
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

// Pseudo-words from a seeded generator: every story gets its own text, so none is taken for a copy.
const SYLLABLES = 'ba de fi go ku la me ni po ru sa te vi wo za'.split(' ');
const WORDS = SYLLABLES.flatMap((a) => SYLLABLES.flatMap((b) => SYLLABLES.map((c) => `${a}${b}${c}`)));

export function storyText(seed: number, words = 120): string {
  let state = (seed * 2654435761) >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(next() * WORDS.length)]!);
  return `${out.join(' ')}.`;
}

/** A raw record as the fetcher would publish it for one item of a feed, for tests that skip the fetcher. */
export function rawRecord(feedId: string, guid: string, title: string, text: string): RawItemRecord {
  const feedUrl = `http://${feedId}.example/feed.xml`;
  return {
    schemaVersion: 1,
    itemKey: itemKeyFor(feedId, guid),
    change: 'new',
    itemHash: itemKeyFor(feedId, text),
    feed: {
      id: feedId,
      agency: feedId,
      name: feedId,
      url: feedUrl,
      format: 'rss',
      title: null,
      languageHint: 'en',
    },
    item: {
      guid,
      link: `https://${feedId}.example/news/${guid}`,
      title,
      summary: null,
      contentHtml: `<p>${text}</p>`,
      authors: [],
      categories: [],
      published: SERVER_EPOCH,
      updated: null,
      language: 'en',
      media: [],
    },
    fetchedAt: new Date().toISOString(),
    http: {
      status: 200,
      finalUrl: feedUrl,
      contentType: 'application/rss+xml',
      etag: null,
      lastModified: null,
    },
  };
}

/** Produces raw records straight onto a raw topic (idempotent producer, keyed like the fetcher). */
export async function produceRaw(
  brokers: string[],
  topic: string,
  records: readonly RawItemRecord[],
): Promise<void> {
  const producer = createKafkaClient({ brokers }).producer({
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  try {
    for (let i = 0; i < records.length; i += 300) {
      await producer.send({
        topic,
        messages: records.slice(i, i + 300).map((r) => ({ key: r.itemKey, value: JSON.stringify(r) })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}
