import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord } from '@wirestream/contract';
import { redisUrl, uniquePrefix } from '../harness/services.js';
import {
  FeedServer,
  OwnBroker,
  Worker,
  countByKey,
  describeRepeats,
  groupLag,
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

/** A broker of this test's own: restarting the shared one would disturb every other test. */
const PORT = Number(process.env.FAULTS_KAFKA_PORT ?? 23192);
const FEEDS = ['north-wire', 'south-wire', 'east-wire'];
const PER_FEED = 30;

describe('fault: the Kafka broker restarts while the fetcher and enricher run', () => {
  const broker = new OwnBroker(PORT);
  const server = new FeedServer();
  const prefix = uniquePrefix('fault-broker');
  const workers: Worker[] = [];
  // Each feed grows by one item at a time while the test runs, before, during and after the outage.
  const published = new Map<string, TestItem[]>(FEEDS.map((f) => [f, []]));
  let growth: NodeJS.Timeout | null = null;

  beforeAll(async () => {
    await broker.up({ fresh: true });
    await server.start();
    // Every item stays in its feed: an item that left the feed while the fetcher could not publish
    // would be lost to any fetcher, so it would not tell us anything about this one.
    for (const feed of FEEDS) server.feed(`/${feed}.xml`, feed, () => published.get(feed)!);
  });

  afterAll(async () => {
    if (growth) clearInterval(growth);
    for (const w of workers) await w.stop();
    await server.close();
    await broker.down();
  });

  it('loses no item and doubles none', { timeout: 200_000 }, async () => {
    const env = workerEnv({ brokers: broker.brokers, redisUrl: redisUrl(), prefix });
    const feedsFile = writeFeedList(
      FEEDS.map((id) => ({ id, url: `${server.baseUrl}/${id}.xml`, intervalSeconds: 1 })),
    );
    let added = 0;
    const add = (): void => {
      const feed = FEEDS[added % FEEDS.length]!;
      const n = Math.floor(added / FEEDS.length);
      published
        .get(feed)!
        .push({ guid: `${feed}-${n}`, title: `${feed} story ${n}`, body: storyText(1000 + added) });
      added++;
    };
    for (let i = 0; i < 15; i++) add();
    growth = setInterval(() => {
      if (added < FEEDS.length * PER_FEED) add();
    }, 250);

    const enricher = new Worker('enricher', env);
    const fetcher = new Worker('fetcher', env, ['--feeds', feedsFile]);
    workers.push(enricher, fetcher);
    const articlesTopic = `${prefix}news.articles.v1`;
    await waitFor(
      'the first articles',
      async () => {
        if (!enricher.alive || !fetcher.alive)
          throw new Error(`a worker exited:\n${enricher.tail()}\n${fetcher.tail()}`);
        return (await topicSize(broker.brokers, articlesTopic).catch(() => 0)) >= 10;
      },
      60_000,
    );

    await broker.down();
    const downAt = added;
    await sleep(3_000);
    await broker.up();

    await waitFor('every item to be added to the feeds', () => added >= FEEDS.length * PER_FEED, 60_000);
    const sent = FEEDS.flatMap((f) => published.get(f)!.map((i) => i.title));
    // Done when the fetcher has caught up (all raw records out) and the enricher has committed them all.
    let progress = '';
    await waitFor(
      'the pipeline to catch up after the restart',
      async () => {
        if (!enricher.alive || !fetcher.alive)
          throw new Error(`a worker exited:\n${enricher.tail()}\n${fetcher.tail()}`);
        const raw = await readValues(broker.brokers, [`${prefix}news.raw.v1`], {
          idleMs: 500,
          timeoutMs: 10_000,
        });
        const titles = new Set(raw.map((r) => (r.value as { item: { title: string } }).item.title));
        const lag = await groupLag(broker.brokers, `${prefix}enricher`, `${prefix}news.raw.v1`).catch(
          () => -1,
        );
        progress = `raw ${titles.size}/${sent.length}, enricher lag ${lag}`;
        return sent.every((t) => titles.has(t)) && lag === 0;
      },
      90_000,
      1000,
    ).catch((err: Error) => {
      throw new Error(
        `${err.message} (${progress})\nenricher:\n${enricher.tail()}\nfetcher:\n${fetcher.tail()}`,
      );
    });
    const raw = await readValues(broker.brokers, [`${prefix}news.raw.v1`], { atLeast: sent.length });
    const articleRecords = await readValues(broker.brokers, [articlesTopic], { atLeast: sent.length });
    const articles = articleRecords.map((r) => r.value as ArticleRecord);
    const idOf = new Map(articles.map((a) => [a.title, a.id]));
    const counts = countByKey(
      sent.map((t) => idOf.get(t) ?? `missing:${t}`),
      articles.map((a) => a.id),
    );
    // Read uncommitted, the records of transactions the restart aborted show up too: the reader above
    // must have skipped every one of them (see test/integration/read-committed.test.ts).
    const everything = await readValues(broker.brokers, [articlesTopic], {
      readUncommitted: true,
      atLeast: articleRecords.length,
    });
    reportFault(
      'kafka-broker-restart',
      counts,
      `broker down for 3 s after ${downAt} items; ${raw.length - sent.length} raw records sent twice by the fetcher, dropped by the enricher; ${everything.length - articleRecords.length} records of aborted transactions left unread`,
    );
    // A doubled article names where its copies sit and what the workers said, so a rare failure can be explained.
    if (counts.duplicated > 0)
      console.log(
        `doubled:\n${describeRepeats(articleRecords)}\nenricher:\n${enricher.tail(40)}\nfetcher:\n${fetcher.tail(40)}`,
      );
    expect(counts).toEqual({
      sent: FEEDS.length * PER_FEED,
      published: FEEDS.length * PER_FEED,
      duplicated: 0,
      lost: 0,
    });
    expect(articles).toHaveLength(sent.length);
    expect(enricher.alive && fetcher.alive).toBe(true);
  });
});
