import { afterAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, RawItemRecord } from '@wirestream/contract';
import { KafkaGateway, createLogger, loadConfig } from '@wirestream/runtime';
import { kafkaBrokers, redisUrl, uniquePrefix } from '../harness/services.js';
import { readTopics } from '../support/topics.js';
import {
  Worker,
  countByKey,
  groupLag,
  produceRaw,
  rawRecord,
  readValues,
  reportFault,
  storyText,
  topicSize,
  waitFor,
  workerEnv,
} from './support.js';

const N = 1200;

const rawItem = (i: number): RawItemRecord =>
  rawRecord('kill-wire', `kill-${i}`, `Kill test story ${i}`, storyText(i));

describe('fault: the enricher is killed with SIGKILL in the middle of a batch', () => {
  const prefix = uniquePrefix('fault-kill');
  const env = workerEnv({ brokers: kafkaBrokers(), redisUrl: redisUrl(), prefix });
  const rawTopic = `${prefix}news.raw.v1`;
  const articlesTopic = `${prefix}news.articles.v1`;
  const groupId = `${prefix}enricher`;
  const workers: Worker[] = [];

  afterAll(async () => {
    for (const w of workers) await w.stop();
  });

  it('publishes every input article exactly once on news.articles.v1 (read_committed) after a restart', async () => {
    const config = loadConfig({
      env: {},
      overrides: { kafka: { brokers: kafkaBrokers(), topicPrefix: prefix } },
    });
    await new KafkaGateway(config.kafka, createLogger('warn')).ensureTopics();
    const items = Array.from({ length: N }, (_, i) => rawItem(i));
    await produceRaw(kafkaBrokers(), rawTopic, items);

    const first = new Worker('enricher', env);
    workers.push(first);
    // Killed once part of the input is committed and the rest is not: somewhere inside a batch.
    await waitFor(
      'the first enricher to commit part of the input',
      async () => {
        if (!first.alive) throw new Error(`enricher exited early:\n${first.tail()}`);
        const lag = await groupLag(kafkaBrokers(), groupId, rawTopic).catch(() => N);
        return lag < N * 0.8;
      },
      90_000,
      100,
    );
    await first.kill();
    const lagAtKill = await groupLag(kafkaBrokers(), groupId, rawTopic);
    const writtenAtKill = await topicSize(kafkaBrokers(), articlesTopic);
    expect(lagAtKill).toBeGreaterThan(0);

    const second = new Worker('enricher', env);
    workers.push(second);
    await waitFor(
      'the restarted enricher to drain the raw topic',
      async () => {
        if (!second.alive) throw new Error(`restarted enricher exited:\n${second.tail()}`);
        return (await groupLag(kafkaBrokers(), groupId, rawTopic).catch(() => 1)) === 0;
      },
      120_000,
    );

    const records = await readTopics(kafkaBrokers(), [articlesTopic], {
      until: (rs) => rs.length >= N,
      idleMs: 2000,
    });
    const articles = records.map((r) => r.value as ArticleRecord);
    const byTitle = new Map(articles.map((a) => [a.title, a.id]));
    const counts = countByKey(
      items.map((r) => byTitle.get(r.item.title!) ?? `missing:${r.item.guid}`),
      articles.map((a) => a.id),
    );
    // Read uncommitted, the records the killed enricher wrote in its open transaction show up too.
    const everything = await readValues(kafkaBrokers(), [articlesTopic], {
      readUncommitted: true,
      atLeast: N,
    });
    reportFault(
      'enricher-sigkill',
      counts,
      `killed with ${lagAtKill} of ${N} raw records uncommitted (${writtenAtKill} offsets written on the articles topic); ${everything.length - records.length} records of aborted transactions left unread`,
    );
    expect(counts).toEqual({ sent: N, published: N, duplicated: 0, lost: 0 });
    expect(records).toHaveLength(N);
  });
});
