import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, DuplicateRecord } from '@wirestream/contract';
import { kafkaBrokers, uniquePrefix } from '../harness/services.js';
import {
  FeedServer,
  Worker,
  countByKey,
  groupLag,
  produceRaw,
  rawRecord,
  readValues,
  reportFault,
  sleep,
  storyText,
  topicSize,
  waitFor,
  workerEnv,
  writeFeedList,
  type TestItem,
} from './support.js';

/** A Redis of this test's own that keeps nothing on disk: restarting it loses everything. */
const REDIS_PORT = Number(process.env.FAULTS_REDIS_PORT ?? 6391);

function startRedis(): ChildProcess {
  return spawn('redis-server', ['--port', String(REDIS_PORT), '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
}

async function stopRedis(redis: ChildProcess): Promise<void> {
  if (redis.exitCode !== null || redis.signalCode !== null) return;
  const exited = new Promise((resolve) => redis.once('exit', resolve));
  redis.kill('SIGKILL');
  await exited;
}

const item = (feed: string, n: number, text: string): TestItem => ({
  guid: `${feed}-${n}`,
  title: `${feed} story ${n}`,
  body: text,
});

describe('fault: Redis restarts and loses its data while the fetcher and enricher run', () => {
  const server = new FeedServer();
  const prefix = uniquePrefix('fault-redis');
  const workers: Worker[] = [];
  let redis: ChildProcess;
  const wireA = Array.from({ length: 10 }, (_, n) => item('wire-a', n, storyText(5000 + n)));
  let feedA = wireA;
  let feedB: TestItem[] = [];

  beforeAll(async () => {
    redis = startRedis();
    await sleep(500);
    await server.start();
    server.feed('/wire-a.xml', 'wire-a', () => feedA);
    server.feed('/wire-b.xml', 'wire-b', () => feedB);
  });

  afterAll(async () => {
    for (const w of workers) await w.stop();
    await server.close();
    await stopRedis(redis);
  });

  it(
    'keeps both workers up and loses no article; what the index forgot is decided afresh',
    { timeout: 150_000 },
    async () => {
      const env = workerEnv({ brokers: kafkaBrokers(), redisUrl: `redis://127.0.0.1:${REDIS_PORT}`, prefix });
      const feedsFile = writeFeedList(
        ['wire-a', 'wire-b'].map((id) => ({ id, url: `${server.baseUrl}/${id}.xml`, intervalSeconds: 1 })),
      );
      const rawTopic = `${prefix}news.raw.v1`;
      const caughtUp = (rawRecords: number) => async (): Promise<boolean> => {
        for (const w of workers) if (!w.alive) throw new Error(`a worker exited:\n${w.tail()}`);
        if ((await topicSize(kafkaBrokers(), rawTopic).catch(() => 0)) < rawRecords) return false;
        return (await groupLag(kafkaBrokers(), `${prefix}enricher`, rawTopic).catch(() => 1)) === 0;
      };
      const enricher = new Worker('enricher', env);
      const fetcher = new Worker('fetcher', env, ['--feeds', feedsFile]);
      workers.push(enricher, fetcher);
      await waitFor('the first ten articles', caughtUp(10), 60_000);

      // Stories 0-4 leave wire-a; 5-9 stay. Then Redis goes away and comes back empty.
      feedA = wireA.slice(5);
      await sleep(1500);
      await stopRedis(redis);
      // Raw records arriving while Redis is away: the enricher waits for Redis, it does not dead-letter them.
      const duringOutage = [0, 1, 2].map((n) =>
        rawRecord('wire-c', `wire-c-${n}`, `wire-c story ${n}`, storyText(7000 + n)),
      );
      await produceRaw(kafkaBrokers(), rawTopic, duringOutage);
      await sleep(3000);
      for (const w of workers) expect(w.alive).toBe(true);
      redis = startRedis();

      // With its state gone, the fetcher sees wire-a's five remaining items as new and sends them again.
      await waitFor('the items still in wire-a to be sent again', caughtUp(18), 60_000);
      // Copies under wire-b: of a story re-sent after the restart, and of one that left its feed before.
      const copyOfKept = { ...wireA[7]!, guid: 'wire-b-copy-7', link: 'https://wire-b.example/news/copy-7' };
      const copyOfGone = { ...wireA[2]!, guid: 'wire-b-copy-2', link: 'https://wire-b.example/news/copy-2' };
      const fresh = [0, 1].map((n) => item('wire-b', n, storyText(6000 + n)));
      feedB = [copyOfKept, copyOfGone, ...fresh];
      await waitFor('wire-b to be published', caughtUp(22), 60_000);

      const articlesTopic = `${prefix}news.articles.v1`;
      const duplicatesTopic = `${prefix}news.duplicates.v1`;
      const records = await readValues(kafkaBrokers(), [articlesTopic, duplicatesTopic], { atLeast: 22 });
      const articles = records.filter((r) => r.topic === articlesTopic).map((r) => r.value as ArticleRecord);
      const duplicates = records
        .filter((r) => r.topic === duplicatesTopic)
        .map((r) => r.value as DuplicateRecord);
      const urlOf = (i: TestItem, feed: string): string => i.link ?? `https://${feed}.example/news/${i.guid}`;
      const sent = [
        ...wireA.map((i) => urlOf(i, 'wire-a')),
        ...feedB.map((i) => urlOf(i, 'wire-b')),
        ...duringOutage.map((r) => r.item.link!),
      ];
      const counts = countByKey(sent, [
        ...articles.map((a) => a.url),
        ...duplicates.map((d) => d.article.url),
      ]);
      const byUrl = (url: string): ArticleRecord[] => articles.filter((a) => a.url === url);

      // The five stories still in wire-a were published twice: same id, same revision 1, decided "new"
      // both times, because neither the fetcher's seen-items nor the dedupe index survived.
      const reEmitted = wireA.slice(5).map((i) => byUrl(urlOf(i, 'wire-a')));
      for (const copies of reEmitted) {
        expect(copies).toHaveLength(2);
        expect(copies[1]!.id).toBe(copies[0]!.id);
        expect(copies.map((c) => c.revision)).toEqual([1, 1]);
      }
      for (const gone of wireA.slice(0, 5)) expect(byUrl(urlOf(gone, 'wire-a'))).toHaveLength(1);
      // A copy of a re-sent story is recognised: the re-sent original rebuilt its entry.
      const kept = byUrl(urlOf(wireA[7]!, 'wire-a'))[0]!;
      const copyRecord = duplicates.find((d) => d.article.url === copyOfKept.link);
      expect(copyRecord).toMatchObject({ duplicateOf: kept.id, storyId: kept.storyId });
      // A copy of a story that left its feed before the restart is not: it is published as a new story.
      const goneOriginal = byUrl(urlOf(wireA[2]!, 'wire-a'))[0]!;
      const unrecognised = byUrl(copyOfGone.link);
      expect(unrecognised).toHaveLength(1);
      expect(unrecognised[0]!.dedupe.status).toBe('unique');
      expect(unrecognised[0]!.storyId).not.toBe(goneOriginal.storyId);
      expect(duplicates.some((d) => d.article.url === copyOfGone.link)).toBe(false);
      for (const n of fresh) expect(byUrl(urlOf(n, 'wire-b'))).toHaveLength(1);
      for (const r of duringOutage) expect(byUrl(r.item.link!)).toHaveLength(1);
      expect(await topicSize(kafkaBrokers(), `${prefix}news.dlq.v1`)).toBe(0);

      reportFault(
        'redis-restart',
        counts,
        `${duringOutage.length} records sent while Redis was down enriched once it was back, none dead-lettered; after the data loss: ${reEmitted.length} stories still in their feed re-published (same id and revision), 1 copy of a story gone from its feed not recognised as a copy, 1 copy of a re-published story recognised`,
      );
      expect(counts).toEqual({ sent: 17, published: 17, duplicated: 5, lost: 0 });
      expect(enricher.alive && fetcher.alive).toBe(true);
    },
  );
});
