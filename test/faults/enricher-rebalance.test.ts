import { afterAll, describe, expect, it } from 'vitest';
import type { ArticleRecord } from '@wirestream/contract';
import { KafkaGateway, createLogger, loadConfig } from '@wirestream/runtime';
import { kafkaBrokers, redisUrl, uniquePrefix } from '../harness/services.js';
import {
  Worker,
  countByKey,
  groupLag,
  produceRaw,
  rawRecord,
  readValues,
  reportFault,
  sleep,
  storyText,
  waitFor,
  workerEnv,
} from './support.js';

// Enough that both members still have work when the second joins and when the first leaves, on the
// 2-core CI machine (about 700 articles/s per member); the test asserts that they did.
const N = 12_000;

describe('fault: enrichers join and leave the group while a backlog is processed', () => {
  const prefix = uniquePrefix('fault-rebalance');
  const env = workerEnv({ brokers: kafkaBrokers(), redisUrl: redisUrl(), prefix });
  const rawTopic = `${prefix}news.raw.v1`;
  const groupId = `${prefix}enricher`;
  const workers: Worker[] = [];

  afterAll(async () => {
    for (const w of workers) await w.stop();
  });

  it(
    'moves partitions between members without doubling or losing an article',
    { timeout: 150_000 },
    async () => {
      const config = loadConfig({
        env: {},
        overrides: { kafka: { brokers: kafkaBrokers(), topicPrefix: prefix } },
      });
      await new KafkaGateway(config.kafka, createLogger('warn')).ensureTopics();
      const items = Array.from({ length: N }, (_, i) =>
        rawRecord('rebalance-wire', `rb-${i}`, `Rebalance story ${i}`, storyText(20_000 + i)),
      );
      await produceRaw(kafkaBrokers(), rawTopic, items);
      const lag = (): Promise<number> => groupLag(kafkaBrokers(), groupId, rawTopic).catch(() => N);
      const running = (w: Worker): boolean => {
        if (!w.alive) throw new Error(`an enricher exited with ${w.child.exitCode}:\n${w.tail()}`);
        return true;
      };

      const first = new Worker('enricher', env);
      workers.push(first);
      await waitFor(
        'the first member to start',
        async () => running(first) && (await lag()) < N * 0.95,
        90_000,
        100,
      );
      // A second member joins: the partitions are split, and the producers of the moved ones are fenced.
      const second = new Worker('enricher', { ...env, LOG_LEVEL: 'info' });
      workers.push(second);
      await waitFor(
        'the second member to start',
        () => running(second) && second.log.some((l) => l.includes('enricher running')),
        60_000,
      );
      const lagAtJoin = await lag();
      await sleep(1_500); // long enough for the join to start a rebalance the first member takes part in
      const lagAtLeave = await lag();
      // Otherwise the partitions would move with nothing left to process, and the test would prove nothing.
      expect(lagAtJoin).toBeGreaterThan(0);
      expect(lagAtLeave).toBeGreaterThan(0);
      // The first member leaves gracefully mid-stream; the second takes every partition over.
      expect(await first.stop()).toBe(0);
      await waitFor('the rest of the backlog', async () => running(second) && (await lag()) === 0, 90_000);

      const articlesTopic = `${prefix}news.articles.v1`;
      const articles = (await readValues(kafkaBrokers(), [articlesTopic], { atLeast: N })).map(
        (r) => r.value as ArticleRecord,
      );
      const byTitle = new Map(articles.map((a) => [a.title, a.id]));
      const counts = countByKey(
        items.map((r) => byTitle.get(r.item.title!) ?? `missing:${r.item.guid}`),
        articles.map((a) => a.id),
      );
      reportFault(
        'enricher-rebalance',
        counts,
        `second member joined with ${lagAtJoin} and the first left with ${lagAtLeave} of ${N} records to go`,
      );
      expect(counts).toEqual({ sent: N, published: N, duplicated: 0, lost: 0 });
      expect(second.alive).toBe(true);
    },
  );
});
