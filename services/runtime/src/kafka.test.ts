import { describe, expect, it } from 'vitest';
import type { Admin } from 'kafkajs';
import { waitForLeaders } from './kafka.js';

type Metadata = Awaited<ReturnType<Admin['fetchTopicMetadata']>>;
const protocolError = (type: string): Error =>
  Object.assign(new Error(`broker says ${type}`), { type, retriable: true });
const topic = (name: string, leaders: number[]): Metadata['topics'][number] => ({
  name,
  partitions: leaders.map((leader, partitionId) => ({
    partitionId,
    leader,
    partitionErrorCode: 0,
    replicas: [1],
    isr: [1],
  })),
});

/** An admin whose metadata answers are scripted, one per call; the last one repeats. */
function scriptedAdmin(answers: Array<Metadata | Error>): {
  admin: Pick<Admin, 'fetchTopicMetadata'>;
  calls: () => number;
} {
  let calls = 0;
  const admin = {
    fetchTopicMetadata: async () => {
      const answer = answers[Math.min(calls++, answers.length - 1)]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  return { admin, calls: () => calls };
}

describe('waitForLeaders', () => {
  it('waits through the answers of a broker still setting a new topic up', async () => {
    const { admin, calls } = scriptedAdmin([
      protocolError('UNKNOWN_TOPIC_OR_PARTITION'),
      protocolError('LEADER_NOT_AVAILABLE'),
      { topics: [topic('a', [1, -1]), topic('b', [])] },
      { topics: [topic('a', [1, 1]), topic('b', [1])] },
    ]);
    await waitForLeaders(admin, ['a', 'b'], 10_000);
    expect(calls()).toBe(4);
  });

  it('fails at once on an error that waiting does not cure', async () => {
    const { admin, calls } = scriptedAdmin([protocolError('TOPIC_AUTHORIZATION_FAILED')]);
    await expect(waitForLeaders(admin, ['a'], 10_000)).rejects.toThrow('TOPIC_AUTHORIZATION_FAILED');
    expect(calls()).toBe(1);
  });

  it('gives up after its deadline and says what it was waiting for', async () => {
    const { admin } = scriptedAdmin([{ topics: [topic('a', [-1])] }]);
    await expect(waitForLeaders(admin, ['a'], 300)).rejects.toThrow(
      /not ready after 300 ms \(no leader yet for a\)/,
    );
  });
});
