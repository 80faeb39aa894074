/**
 * Waiting out an outage inside a batch handler: work that fails for a transient reason (Redis or
 * Kafka away) is repeated with backoff while the member keeps its place in the consumer group, and
 * given up as soon as the member stops or its partition is being taken away.
 */
import { kafkaErrorType, sleep, type Logger } from '@wirestream/runtime';
import { transientRetries } from './metrics.js';

/** Waits between attempts while Redis or Kafka is away: 0.3 s doubling up to 10 s. */
const backoffMs = (attempt: number): number => Math.min(300 * 2 ** Math.min(attempt, 6), 10_000);

/** Heartbeat errors that mean this member may no longer own its partitions: stop and rejoin. */
const MEMBERSHIP_LOST = new Set([
  'REBALANCE_IN_PROGRESS',
  'UNKNOWN_MEMBER_ID',
  'ILLEGAL_GENERATION',
  'FENCED_INSTANCE_ID',
]);

export const isMembershipLost = (err: unknown): boolean => {
  const type = kafkaErrorType(err);
  return type !== undefined && MEMBERSHIP_LOST.has(type);
};

/** Errors worth waiting out rather than failing the batch over: anything the client does not mark permanent. */
export function isTransientKafkaError(err: unknown): boolean {
  return (err as { retriable?: boolean }).retriable !== false;
}

/** What a batch handler asks of its consumer while it works. */
export interface BatchControls {
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  /** True once the batch's partition is no longer this member's, or its records are out of date. */
  isStale(): boolean;
}

/**
 * Runs `work` while keeping this member's place in the group (a Redis or Kafka outage must not look
 * like a dead worker), and repeats it with backoff while it fails for a transient reason. Gives up
 * with null when the consumer stops or the partition is being taken away.
 */
export async function retrying<T>(
  logger: Logger,
  what: 'redis' | 'kafka',
  controls: BatchControls,
  work: () => Promise<T>,
  transient: (err: unknown) => boolean,
): Promise<T | null> {
  let membershipLost: unknown = null;
  const keepAlive = setInterval(() => {
    controls.heartbeat().catch((err: unknown) => {
      if (isMembershipLost(err)) membershipLost = err;
    });
  }, 3_000);
  try {
    for (let attempt = 0; ; attempt++) {
      if (!controls.isRunning() || controls.isStale()) return null;
      try {
        return await work();
      } catch (err) {
        if (!transient(err)) throw err;
        transientRetries.inc({ dependency: what });
        const waitMs = backoffMs(attempt);
        logger.warn(
          { dependency: what, err: (err as Error).message, attempt, waitMs },
          `${what} unavailable: retrying`,
        );
        await sleep(waitMs);
        if (membershipLost) throw membershipLost;
      }
    }
  } finally {
    clearInterval(keepAlive);
  }
}
