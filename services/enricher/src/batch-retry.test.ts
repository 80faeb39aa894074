import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '@wirestream/runtime';
import { isMembershipLost, isTransientKafkaError, retrying, type BatchControls } from './batch-retry.js';

const logger = createLogger('silent');
const protocolError = (type: string): Error => Object.assign(new Error(type), { type, retriable: true });

function controls(overrides: Partial<BatchControls> = {}): BatchControls & { beats: () => number } {
  let beats = 0;
  return {
    heartbeat: () => {
      beats++;
      return Promise.resolve();
    },
    isRunning: () => true,
    isStale: () => false,
    beats: () => beats,
    ...overrides,
  };
}

/** Work that fails `times` times with `error`, then answers `value`. */
function failing<T>(
  times: number,
  error: unknown,
  value: T,
): { work: () => Promise<T>; calls: () => number } {
  let calls = 0;
  return {
    work: () => (++calls <= times ? Promise.reject(error) : Promise.resolve(value)),
    calls: () => calls,
  };
}

describe('retrying', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('repeats transient failures with backoff, heartbeating meanwhile, until the work succeeds', async () => {
    vi.useFakeTimers();
    const c = controls();
    const { work, calls } = failing(3, new Error('redis away'), 'done');
    const result = retrying(logger, 'redis', c, work, () => true);
    // 0.3 s, 0.6 s and 1.2 s of backoff: one heartbeat every 3 s keeps the member in its group.
    await vi.advanceTimersByTimeAsync(3_100);
    expect(await result).toBe('done');
    expect(calls()).toBe(4);
    expect(c.beats()).toBe(1);
  });

  it('throws at once what is not transient', async () => {
    const { work, calls } = failing(1, new Error('schema'), 'never');
    await expect(retrying(logger, 'kafka', controls(), work, () => false)).rejects.toThrow('schema');
    expect(calls()).toBe(1);
  });

  it('gives up with null once the consumer stops or the partition is taken away', async () => {
    const { work, calls } = failing(0, null, 'never');
    expect(
      await retrying(logger, 'kafka', controls({ isRunning: () => false }), work, () => true),
    ).toBeNull();
    expect(await retrying(logger, 'kafka', controls({ isStale: () => true }), work, () => true)).toBeNull();
    expect(calls()).toBe(0);
  });

  it('stops retrying with the heartbeat error once the member lost its place in the group', async () => {
    vi.useFakeTimers();
    const lost = protocolError('REBALANCE_IN_PROGRESS');
    const c = controls({ heartbeat: () => Promise.reject(lost) });
    const { work } = failing(Infinity, new Error('kafka away'), 'never');
    const result = retrying(logger, 'kafka', c, work, () => true);
    const settled = result.catch((err: unknown) => err);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(await settled).toBe(lost);
  });
});

describe('Kafka error kinds', () => {
  it('tells lost membership from other protocol errors', () => {
    expect(isMembershipLost(protocolError('ILLEGAL_GENERATION'))).toBe(true);
    expect(isMembershipLost(protocolError('NOT_LEADER_FOR_PARTITION'))).toBe(false);
    expect(isMembershipLost(new Error('plain'))).toBe(false);
    expect(isMembershipLost(undefined)).toBe(false);
  });

  it('waits out whatever the client does not mark permanent', () => {
    expect(isTransientKafkaError(new Error('connection closed'))).toBe(true);
    expect(isTransientKafkaError(Object.assign(new Error('too large'), { retriable: false }))).toBe(false);
  });
});
