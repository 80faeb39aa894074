/**
 * The two example consumers (examples/consumers/), run as a downstream team would run them, against
 * the real broker and records the pipeline published:
 *
 * - @wirestream/client is packed with `pnpm pack` and installed with npm into an empty project
 *   (a copy of examples/consumers/typescript), which is compiled with its own TypeScript and run:
 *   nothing of the monorepo is reachable from there, and kafkajs is not patched.
 * - examples/consumers/java is built with Maven (offline when the local repository already has
 *   everything, else from Maven Central) and run with the official Kafka Java client.
 *
 * The fetcher and the enricher publish a small feed (two sanctions stories, a copy of one, a sports
 * story) to the sanctions stream; the test adds a record that breaks the contract and two aborted
 * transactions that a kafkajs reader without the fix shows. Each consumer must print exactly the
 * committed sanctions articles (headline, countries, evidence), report the broken record as INVALID,
 * print nothing of the aborted transactions, and stop gracefully on SIGINT.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, FeedSource } from '@wirestream/contract';
import { openPipeline, startFeedServer, waitForDrain, type FeedServer, type Pipeline } from '@wirestream/cli';
import { createKafkaClient, createLogger } from '@wirestream/runtime';
import { kafkaBrokers, uniquePrefix } from '../harness/services.js';
import { testConfig } from '../support/config.js';
import { readTopics } from '../support/topics.js';

const root = new URL('../../', import.meta.url).pathname;
const prefix = uniquePrefix('consumers');
const config = testConfig(prefix, { enricher: { groupId: `${prefix}enricher` }, log: { level: 'warn' } });
const sanctionsTopic = `${prefix}news.topic.sanctions.v1`;
const work = mkdtempSync(join(tmpdir(), 'ws-consumers-'));
const tsProject = join(work, 'typescript');
const javaProject = join(work, 'java');

const item = (guid: string, title: string, link: string, text: string): string => `
    <item><guid>${guid}</guid><title>${title}</title><link>${link}</link>
      <pubDate>Tue, 01 Dec 2026 09:30:00 GMT</pubDate><description><![CDATA[${text}]]></description></item>`;
const rss = (title: string, items: string[]): string =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${title}</title>` +
  `<link>https://example.org/</link><description>${title}</description>${items.join('')}</channel></rss>`;
const EU = `<p>BRUSSELS - The European Union on Tuesday added twelve shipping companies registered in Russia to
  its sanctions list, accusing them of carrying Russian oil above the price cap. The asset freezes and port bans
  take effect at once.</p><p>The foreign ministry in Moscow called the sanctions unlawful and said Russia would respond.</p>`;
const US = `<p>WASHINGTON - The United States Treasury imposed sanctions on five Iranian companies on Wednesday,
  saying they supplied drone engines. The sanctions freeze any assets the firms hold in the United States and bar
  Americans from dealing with them.</p><p>Iran's foreign ministry condemned the sanctions as economic warfare.</p>`;
const SPORT = `<p>The home side won the cup final two goals to one after extra time on Saturday evening, with a
  header from the captain in the last minute deciding a tense match in front of a sold-out stadium.</p>`;

/** What both examples print for one article (see their sources). */
const describeArticle = (a: ArticleRecord): string[] => [
  `ARTICLE ${a.id}@${a.revision} ${a.title}`,
  `  countries: ${a.entities.countries.map((c) => `${c.code} ${c.name}${c.primary ? ' (primary)' : ''}`).join(', ') || 'none'}`,
  ...a.topics
    .filter((t) => t.slug === 'sanctions')
    .flatMap((t) => t.evidence)
    .map((e) => `  evidence: ${e.field} "${e.match}" (${e.term}): ${e.sentence ?? '-'}`),
];

/** Printed output → one block per ARTICLE (sorted: partitions interleave), the INVALID lines and the STOPPED line. */
function parse(stdout: string): { articles: string[]; invalid: string[]; stopped: string | undefined } {
  const blocks: string[][] = [];
  const invalid: string[] = [];
  let stopped: string | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('ARTICLE ')) blocks.push([line]);
    else if (line.startsWith('  ') && blocks.length > 0) blocks[blocks.length - 1]!.push(line);
    else if (line.startsWith('INVALID ')) invalid.push(line.replace(/: .*/, ''));
    else if (line.startsWith('STOPPED ')) stopped = line;
  }
  return { articles: blocks.map((b) => b.join('\n')).sort(), invalid, stopped };
}

let expected: { articles: string[]; invalid: string[]; keys: Array<{ line: string }> };
let pipeline: Pipeline;
let feeds: FeedServer;

// Asynchronous, so that the test worker keeps answering its runner while npm and Maven work.
const run = async (
  command: string,
  args: string[],
  cwd: string,
  env?: Record<string, string>,
): Promise<string> =>
  (
    await promisify(execFile)(command, args, {
      cwd,
      env: { ...process.env, ...env },
      timeout: 420_000,
      maxBuffer: 16 * 1024 * 1024,
    })
  ).stdout;

/** Runs a consumer until it printed what is expected (or 150 s), 2 s more, then SIGINT; its output and exit code. */
function runConsumer(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
  done: (stdout: string) => boolean = (stdout) => {
    const seen = parse(stdout);
    return seen.articles.length >= expected.articles.length && seen.invalid.length >= expected.invalid.length;
  },
): Promise<{ stdout: string; stderr: string; code: number | null; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      clearInterval(poll);
      // Whatever a broken filter or validator lets through comes with the records awaited.
      setTimeout(() => child.kill('SIGINT'), 2_000);
      setTimeout(() => child.kill('SIGKILL'), 45_000).unref();
    };
    const deadline = Date.now() + 150_000;
    const poll = setInterval(() => {
      if (done(stdout) || Date.now() > deadline) stop();
    }, 200);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      resolve({ stdout, stderr, code, signal });
    });
  });
}

async function publishThroughThePipeline(): Promise<void> {
  const feedDir = join(work, 'feeds');
  mkdirSync(feedDir);
  writeFileSync(
    join(feedDir, 'north.xml'),
    rss('North Wire', [
      item(
        'n-1',
        'EU widens sanctions on Russian shipping firms',
        'https://north.example/world/eu-shipping',
        EU,
      ),
      item(
        'n-2',
        'Washington imposes sanctions on Iranian drone makers',
        'https://north.example/world/iran-drones',
        US,
      ),
      item('n-3', 'Cup final won late', 'https://north.example/sport/cup-final', SPORT),
    ]),
  );
  // Another agency carries the EU story: a copy, on news.duplicates.v1 only.
  writeFileSync(
    join(feedDir, 'south.xml'),
    rss('South Wire', [
      item('s-1', 'EU widens sanctions on Russian shipping firms', 'https://south.example/eu', EU),
    ]),
  );
  feeds = await startFeedServer(feedDir);
  const sources: FeedSource[] = ['north', 'south'].map((id) => ({
    id,
    url: `${feeds.baseUrl}/${id}.xml`,
    agency: `${id} wire`,
    intervalSeconds: 300,
    fullText: 'never',
  }));
  pipeline = await openPipeline(config, createLogger('warn'), sources);
  await pipeline.enricher.start();
  await pipeline.fetcher.pollAll();
  expect(await waitForDrain(pipeline.kafka, config.enricher.groupId, 90_000)).toBe(true);
}

/** A record that breaks the contract, and two interleaved transactions aborted in the other order than begun. */
async function publishTraps(): Promise<void> {
  const kafka = createKafkaClient({ brokers: kafkaBrokers() });
  const [a, b] = ['a', 'b'].map((id) =>
    kafka.producer({ transactionalId: `${prefix}trap-${id}`, idempotent: true, maxInFlightRequests: 1 }),
  );
  await a!.connect();
  await b!.connect();
  const [real] = (await readTopics(kafkaBrokers(), [sanctionsTopic], { idleMs: 500 })).map(
    (r) => r.value as ArticleRecord,
  );
  const forged = (id: string): string => JSON.stringify({ ...real!, id, title: `ABORTED ${id}` });
  try {
    const broken = await a!.transaction();
    await broken.send({
      topic: sanctionsTopic,
      messages: [
        { key: 'broken', value: JSON.stringify({ schemaVersion: 1, id: 'broken', title: 'no body' }) },
      ],
    });
    await broken.commit();
    // Same key, same partition: a begins before b, b is aborted before a.
    const ta = await a!.transaction();
    await ta.send({ topic: sanctionsTopic, messages: [{ key: 'trap', value: forged('aborted-a') }] });
    const tb = await b!.transaction();
    await tb.send({ topic: sanctionsTopic, messages: [{ key: 'trap', value: forged('aborted-b') }] });
    await tb.abort();
    await ta.abort();
  } finally {
    await a!.disconnect();
    await b!.disconnect();
  }
}

async function expectedOutput(): Promise<typeof expected> {
  const records = await readTopics(kafkaBrokers(), [sanctionsTopic], { idleMs: 1_500 });
  const articles = records.filter((r) => r.key !== 'broken').map((r) => r.value as ArticleRecord);
  expect(articles.length).toBeGreaterThanOrEqual(1);
  expect(records.filter((r) => r.key === 'broken')).toHaveLength(1);
  return {
    articles: articles.map((a) => describeArticle(a).join('\n')).sort(),
    invalid: ['INVALID'],
    // What the README's example prints per article.
    keys: articles.map((a) => ({
      line: `${a.id}@${a.revision} ${a.title} ${a.entities.countries.map((c) => c.code).join(' ')}`,
    })),
  };
}

async function packAndInstallTheClient(): Promise<void> {
  const tarballs = join(work, 'tarballs');
  await run('pnpm', ['pack', '--pack-destination', tarballs], join(root, 'packages/client'));
  const tarball = join(
    tarballs,
    readdirSync(tarballs).find((f) => f.endsWith('.tgz'))!,
  );
  cpSync(join(root, 'examples/consumers/typescript'), tsProject, {
    recursive: true,
    filter: (src) => !/\/(node_modules|dist)(\/|$)/.test(src),
  });
  // As docs/consumers.md says (package.json keeps "^1.0.0"), with kafkajs from npm as released beside
  // it, for the comparison below.
  await run('npm', ['install', '--no-audit', '--no-fund', '--no-save', tarball, 'kafkajs@2.2.4'], tsProject);
  await run(
    process.execPath,
    [join(tsProject, 'node_modules/typescript/bin/tsc'), '-p', tsProject],
    tsProject,
  );
}

async function buildTheJavaExample(): Promise<void> {
  cpSync(join(root, 'examples/consumers/java'), javaProject, {
    recursive: true,
    filter: (src) => !/\/target(\/|$)/.test(src),
  });
  try {
    await run('mvn', ['-B', '-q', '-o', 'package'], javaProject);
  } catch {
    await run('mvn', ['-B', '-q', 'package'], javaProject); // first build on this machine: from Maven Central
  }
}

beforeAll(async () => {
  await packAndInstallTheClient();
  await buildTheJavaExample();
  await publishThroughThePipeline();
  await publishTraps();
  expected = await expectedOutput();
}, 900_000);

afterAll(async () => {
  await pipeline?.close();
  await feeds?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('example consumers against records the pipeline published', () => {
  it('a kafkajs reader without the fix shows an aborted record here (what the consumers must not)', async () => {
    const filter = readFileSync(
      join(tsProject, 'node_modules/kafkajs/src/consumer/filterAbortedMessages.js'),
      'utf8',
    );
    expect(filter).not.toContain('wirestream');
    writeFileSync(
      join(tsProject, 'plain-kafkajs.mjs'),
      `import { Kafka, logLevel } from 'kafkajs';
const kafka = new Kafka({ brokers: process.env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
const consumer = kafka.consumer({ groupId: process.env.GROUP_ID }); // read_committed is kafkajs' default
let last = Date.now();
await consumer.connect();
await consumer.subscribe({ topics: [process.env.TOPIC], fromBeginning: true });
await consumer.run({ eachMessage: async ({ message }) => { last = Date.now(); console.log(JSON.parse(message.value).id ?? ''); } });
while (Date.now() - last < 3000) await new Promise((r) => setTimeout(r, 200));
await consumer.disconnect();
`,
    );
    const out = await run(process.execPath, ['plain-kafkajs.mjs'], tsProject, {
      KAFKA_BROKERS: kafkaBrokers().join(','),
      GROUP_ID: `${prefix}plain`,
      TOPIC: sanctionsTopic,
    });
    expect(out.split('\n')).toContain('aborted-a');
  });

  it(
    'TypeScript (@wirestream/client from its tarball): the committed sanctions articles, the invalid record, a graceful stop',
    { timeout: 240_000 },
    async () => {
      const result = await runConsumer(process.execPath, ['dist/follow-sanctions.js'], tsProject, {
        KAFKA_BROKERS: kafkaBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        GROUP_ID: `${prefix}ts-example`,
      });
      const printed = parse(result.stdout);
      expect(printed.articles, result.stderr).toEqual(expected.articles);
      expect(printed.invalid).toHaveLength(1);
      expect(result.stdout).not.toContain('ABORTED');
      expect(printed.stopped).toBe(`STOPPED handled=${expected.articles.length} invalid=1`);
      expect(result.code, result.stderr).toBe(0);
    },
  );

  it(
    "the client README's five-line example, from the installed package, prints every article",
    { timeout: 240_000 },
    async () => {
      const readme = readFileSync(join(tsProject, 'node_modules/@wirestream/client/README.md'), 'utf8');
      const example = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
      expect(example.trim().split('\n')).toHaveLength(5);
      const local = example
        .replace(
          "{ brokers: ['localhost:9092'] }",
          `{ brokers: ${JSON.stringify(kafkaBrokers())}, topicPrefix: '${prefix}' }`,
        )
        .replace("groupId: 'my-app'", `groupId: '${prefix}readme'`);
      expect(local).toContain(prefix);
      writeFileSync(join(tsProject, 'readme-example.mjs'), local);
      const lines = expected.keys.map((k) => k.line);
      const result = await runConsumer(process.execPath, ['readme-example.mjs'], tsProject, {}, (stdout) =>
        lines.every((line) => stdout.includes(line)),
      );
      expect(result.stdout.split('\n').filter(Boolean).sort(), result.stderr).toEqual([...lines].sort());
      expect(result.stderr).toMatch(/invalid record .* skipped/);
      expect(result.code, result.stderr).toBe(0);
    },
  );

  it(
    'Java (kafka-clients, read_committed, JSON Schema): the same lines, the invalid record, a clean stop',
    { timeout: 240_000 },
    async () => {
      const result = await runConsumer('java', ['-jar', 'target/follow-sanctions.jar'], javaProject, {
        KAFKA_BROKERS: kafkaBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        GROUP_ID: `${prefix}java-example`,
        SCHEMA_FILE: join(root, 'packages/contract/json-schema/news.articles.v1.json'),
      });
      const printed = parse(result.stdout);
      expect(printed.articles, result.stderr).toEqual(expected.articles);
      expect(printed.invalid).toHaveLength(1);
      expect(result.stdout).not.toContain('ABORTED');
      expect(printed.stopped).toBe(`STOPPED handled=${expected.articles.length} invalid=1`);
      // The JVM ends with 130 after running its shutdown hooks on SIGINT; the hook committed and closed.
      expect([0, 130], result.stderr).toContain(result.code);
    },
  );
});
