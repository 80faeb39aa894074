import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SUBJECT_STREAMS, TOPICS } from '@wirestream/contract';
import { kafkaBrokers, uniquePrefix } from '../harness/services.js';
import { createKafkaClient } from '@wirestream/runtime';

const root = new URL('../../', import.meta.url).pathname;
const prefix = uniquePrefix('cli');

function wirestream(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(
    'node',
    ['--conditions=source', '--import', 'tsx', 'services/cli/src/bin.ts', ...args],
    {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        KAFKA_BROKERS: kafkaBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        LOG_LEVEL: 'warn',
      },
      timeout: 60_000,
    },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('wirestream topics and tail against the real broker', () => {
  it('creates every topic once and is idempotent', async () => {
    const first = wirestream(['topics']);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`${TOPICS.length} created, 0 already there`);
    for (const spec of SUBJECT_STREAMS) expect(first.stdout).toContain(`${prefix}${spec.name}`);
    const second = wirestream(['topics']);
    expect(second.stdout).toContain(`0 created, ${TOPICS.length} already there`);
    const admin = createKafkaClient({ brokers: kafkaBrokers() }).admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [`${prefix}news.articles.v1`] });
    await admin.disconnect();
    expect(metadata.topics[0]?.partitions).toHaveLength(6);
  });

  it('tails a topic by its slug from the beginning, stopping after --max records', async () => {
    const producer = createKafkaClient({ brokers: kafkaBrokers() }).producer();
    await producer.connect();
    await producer.send({
      topic: `${prefix}news.topic.sanctions.v1`,
      messages: [1, 2, 3].map((n) => ({ key: `k${n}`, value: JSON.stringify({ n }) })),
    });
    await producer.disconnect();
    const run = wirestream(['tail', 'sanctions', '--from-beginning', '--max', '2']);
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('n');
  });

  it('tails a subject stream by its slug, or as subject.<slug> for the slug a topic shares', async () => {
    const producer = createKafkaClient({ brokers: kafkaBrokers() }).producer();
    await producer.connect();
    await producer.send({
      topic: `${prefix}news.subject.sport.v1`,
      messages: [{ key: 'k1', value: JSON.stringify({ stream: 'sport' }) }],
    });
    await producer.send({
      topic: `${prefix}news.subject.health.v1`,
      messages: [{ key: 'k2', value: JSON.stringify({ stream: 'subject-health' }) }],
    });
    await producer.disconnect();
    const sport = wirestream(['tail', 'sport', '--from-beginning', '--max', '1']);
    expect(sport.status).toBe(0);
    expect(JSON.parse(sport.stdout.trim())).toEqual({ stream: 'sport' });
    const health = wirestream(['tail', 'subject.health', '--from-beginning', '--max', '1']);
    expect(health.status).toBe(0);
    expect(JSON.parse(health.stdout.trim())).toEqual({ stream: 'subject-health' });
  });

  it('rejects an unknown topic with a clear message', () => {
    const run = wirestream(['tail', 'no-such-topic', '--max', '1']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/unknown topic "no-such-topic"/);
  });
});
