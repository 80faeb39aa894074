import { describe, expect, it } from 'vitest';
import type { KafkaAdmin } from './client.js';
import { waitForLeaders } from './gateway.js';

type Metadata = Awaited<ReturnType<KafkaAdmin['fetchTopicMetadata']>>;
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

/**
 * An admin whose answers are scripted, one per call; the last one repeats. Metadata answers come
 * from `answers`, offset answers from `offsets` (an Error there fails one topic's request).
 */
function scriptedAdmin(
  answers: Array<Metadata | Error>,
  offsets: Array<Error | null> = [null],
): {
  admin: Pick<KafkaAdmin, 'fetchTopicMetadata' | 'fetchTopicOffsets'>;
  calls: () => number;
  offsetCalls: () => number;
} {
  let calls = 0;
  let offsetCalls = 0;
  const admin = {
    fetchTopicMetadata: async () => {
      const answer = answers[Math.min(calls++, answers.length - 1)]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    fetchTopicOffsets: async () => {
      const answer = offsets[Math.min(offsetCalls++, offsets.length - 1)];
      if (answer) throw answer;
      return [{ partition: 0, offset: '0', high: '0', low: '0' }];
    },
  };
  return { admin, calls: () => calls, offsetCalls: () => offsetCalls };
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

  it('waits until each leader serves its partitions, not only until metadata names it', async () => {
    const ready = { topics: [topic('a', [1]), topic('b', [1])] };
    const { admin, calls, offsetCalls } = scriptedAdmin(
      [ready],
      [
        protocolError('NOT_LEADER_FOR_PARTITION'),
        null,
        protocolError('NOT_LEADER_FOR_PARTITION'),
        null,
        null,
      ],
    );
    await waitForLeaders(admin, ['a', 'b'], 10_000);
    // a fails, then a passes and b fails, then both pass.
    expect(offsetCalls()).toBe(5);
    expect(calls()).toBe(3);
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
