/**
 * pnpm bench:fetch [--feeds N] [--concurrency C] [--per-host K] [--hosts H]
 *
 * Serves N synthetic feeds (default 5000) from a local HTTP server in a child process, spread over H
 * "hosts" (one listening port each, so per-host politeness applies as it would across agencies), and
 * runs ONE fetcher poll cycle over all of them against the real broker and Redis. The mix, by feed
 * number modulo 20: 10 unchanged (the stored ETag matches: 304), 5 changed (200, 20 new items),
 * 2 slow (200 after 0.3–1.5 s), 2 failing (HTTP 500, a malformed document that is dead-lettered, or a
 * connection reset), 1 rate-limited (429 with Retry-After). The last line is one JSON object.
 *
 * The child also makes sure Kafka and Redis answer (ensureKafka/ensureRedis from @wirestream/cli):
 * importing the CLI loads the enricher's tagging lexicons (~160 MB), which is not the fetcher's
 * memory and would swamp the peak RSS this measures.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { FeedSource } from '@wirestream/contract';
import { Fetcher, type FeedPollResult } from '@wirestream/fetcher';
import { KafkaGateway, createLogger, createRedis, loadConfig, type Redis } from '@wirestream/runtime';
import { FeedStateStore } from '@wirestream/runtime/feeds';

const { values } = parseArgs({
  options: {
    feeds: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '32' },
    'per-host': { type: 'string', default: '2' },
    hosts: { type: 'string', default: '250' },
    serve: { type: 'boolean', default: false },
  },
});
const N = Number(values.feeds);
const HOSTS = Math.min(Number(values.hosts), N);
const ITEMS = 20;
const ETAG = '"bench-v1"';

type Kind = 'unchanged' | 'changed' | 'slow' | 'failing' | 'rate-limited';
function kindOf(i: number): Kind {
  const k = i % 20;
  return k < 10 ? 'unchanged' : k < 15 ? 'changed' : k < 17 ? 'slow' : k < 19 ? 'failing' : 'rate-limited';
}

function rss(i: number): string {
  const items = Array.from(
    { length: ITEMS },
    (_, j) => `<item><guid>https://bench.example/${i}/${j}</guid><link>https://bench.example/${i}/${j}</link>
<title>Story ${j} of feed ${i}</title><pubDate>Fri, 27 Nov 2026 10:${String(j).padStart(2, '0')}:00 GMT</pubDate>
<description>${`Paragraph ${j} of a synthetic agency story in feed ${i}, long enough to look like a teaser. `.repeat(4)}</description></item>`,
  ).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench feed ${i}</title>
<link>https://bench.example/${i}</link><description>synthetic</description>${items}</channel></rss>`;
}

/** The feed server: runs in its own process so its work does not count against the fetcher. */
async function serve(): Promise<void> {
  const { ensureKafka, ensureRedis } = await import('@wirestream/cli');
  const config = loadConfig({ overrides: { log: { level: 'error' } } });
  await ensureKafka(config, Boolean(process.env.KAFKA_BROKERS));
  await ensureRedis(config, createLogger('error'));

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const i = Number(/^\/feed\/(\d+)/.exec(req.url ?? '')?.[1] ?? -1);
    const kind = kindOf(i);
    const ok = (): void => {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: `"bench-v2-${i}"` });
      res.end(rss(i));
    };
    if (i < 0) return void res.writeHead(404).end();
    if (kind === 'unchanged' && req.headers['if-none-match'] === ETAG) return void res.writeHead(304).end();
    if (kind === 'unchanged' || kind === 'changed') return ok();
    if (kind === 'slow') return void setTimeout(ok, 300 + (i % 13) * 100);
    if (kind === 'rate-limited') return void res.writeHead(429, { 'retry-after': '120' }).end();
    if (i % 3 === 0) return void res.writeHead(500).end('oops');
    if (i % 3 === 1) {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return void res.end('<rss version="2.0"><channel><title>cut off<item><title>half');
    }
    req.socket.destroy();
  };
  const servers: Server[] = [];
  const ports: number[] = [];
  for (let h = 0; h < HOSTS; h++) {
    const server = createServer({ keepAliveTimeout: 30_000 }, handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    ports.push(typeof address === 'object' && address ? address.port : 0);
    servers.push(server);
  }
  process.send?.({ ports });
  process.on('disconnect', () => process.exit(0));
}

const say = (text: string): void => void process.stderr.write(`${text}\n`);

/** Starts the feed server process; resolves with the ports of its hosts. */
async function startFeedServer(): Promise<{ child: ChildProcess; ports: number[] }> {
  const child = fork(
    fileURLToPath(import.meta.url),
    ['--serve', '--feeds', String(N), '--hosts', String(HOSTS)],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const ports = await new Promise<number[]>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { ports: number[] }).ports));
    child.once('exit', (code) => reject(new Error(`feed server exited ${code}`)));
  });
  return { child, ports };
}

/** The per-kind lines on stderr; returns the summary (the last line). */
function report(results: readonly FeedPollResult[], seconds: number, rawAcknowledged: number) {
  const count = (outcome: string): number => results.filter((r) => r.outcome === outcome).length;
  const published = results.reduce((n, r) => n + r.published.new + r.published.updated, 0);
  const parsedItems = results.reduce((n, r) => n + r.items, 0);
  say(
    `polled ${results.length} feeds in ${seconds.toFixed(2)} s: ${count('ok')} ok, ${count('not-modified')} not modified, ${count('error')} failed; ${parsedItems} items parsed, ${published} published; raw records acknowledged: ${rawAcknowledged}`,
  );
  for (const kind of ['unchanged', 'changed', 'slow', 'failing', 'rate-limited'] as const) {
    const ms = results.filter((r) => kindOf(Number(r.feedId.slice(6))) === kind).map((r) => r.durationMs);
    ms.sort((a, b) => a - b);
    say(
      `  ${kind}: ${ms.length} feeds, median ${ms[ms.length >> 1] ?? 0} ms, max ${ms[ms.length - 1] ?? 0} ms`,
    );
  }
  return { published, feedsPerSec: Math.round(results.length / seconds) };
}

/** Leaves nothing behind in a shared Redis and broker: the run's keys and topics go. */
async function cleanUp(prefix: string, redis: Redis, kafka: KafkaGateway): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: (await admin.listTopics()).filter((t) => t.startsWith(prefix)) });
  await admin.disconnect();
}

async function bench(): Promise<void> {
  const prefix = `bench-fetch-${randomUUID().slice(0, 8)}.`;
  const config = loadConfig({
    overrides: {
      kafka: { topicPrefix: prefix },
      redis: { keyPrefix: prefix },
      fetcher: {
        concurrency: Number(values.concurrency),
        maxPerHost: Number(values['per-host']),
        timeoutMs: 10_000,
      },
      log: { level: 'error' },
    },
  });
  const logger = createLogger('error');
  const { child, ports } = await startFeedServer();

  const feeds: FeedSource[] = Array.from({ length: N }, (_, i) => ({
    id: `bench-${i}`,
    url: `http://127.0.0.1:${ports[i % HOSTS]}/feed/${i}`,
    agency: 'Bench Wire',
    intervalSeconds: 300,
    // The bench feeds are served from 127.0.0.1, which the fetcher refuses unless a feed is allowed.
    allowPrivateNetwork: true,
  }));

  const kafka = new KafkaGateway(config.kafka, logger);
  await kafka.ensureTopics();
  const redis = createRedis(config.redis, logger);
  await redis.connect();
  const producer = await kafka.connectProducer();
  // The unchanged half was fetched before: their stored ETag gets a 304.
  const store = new FeedStateStore(redis, config.redis);
  await Promise.all(
    feeds.filter((_, i) => kindOf(i) === 'unchanged').map((f) => store.update(f.id, { etag: ETAG })),
  );
  const fetcher = new Fetcher({ config, logger, producer, redis });
  fetcher.setFeeds(feeds);

  let peakRss = process.memoryUsage().rss;
  say(`rss before the cycle: ${Math.round(peakRss / 1048576)} MB`);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  say(
    `bench:fetch: ${N} feeds on ${HOSTS} hosts, concurrency ${config.fetcher.concurrency}, ${config.fetcher.maxPerHost} per host`,
  );
  loop.enable();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const results = await fetcher.pollDue();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const mem = (): string =>
    Object.entries(process.memoryUsage())
      .map(([k, v]) => `${k} ${Math.round(v / 1048576)}`)
      .join(', ');
  say(`memory after the cycle (MB): ${mem()}`);
  say(`fetcher process CPU: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s over ${seconds.toFixed(1)} s`);
  loop.disable();
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  const { published, feedsPerSec } = report(results, seconds, producer.sent.get('news.raw.v1') ?? 0);
  const summary = {
    feeds: N,
    seconds: Number(seconds.toFixed(2)),
    feedsPerSec,
    itemsPerSec: Math.round(published / seconds),
    peakRssMB: Math.round(peakRss / 1024 / 1024),
    maxEventLoopDelayMs: Number((loop.max / 1e6).toFixed(1)),
  };

  child.disconnect();
  await producer.disconnect();
  await cleanUp(prefix, redis, kafka);
  console.log(JSON.stringify(summary));
}

await (values.serve ? serve() : bench());
