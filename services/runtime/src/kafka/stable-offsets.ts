import { errorMessage, type Logger } from '../logger.js';
import { retryUntilDeadline } from '../retry.js';
import {
  ErrorCode,
  OFFSET_FETCH_STABLE_VERSION,
  decodeStableOffsetFetch,
  encodeStableOffsetFetch,
  type OffsetFetchResponse,
} from './offset-fetch-v7.js';

/*
 * Why this exists: the group coordinator applies the offsets of a committed transaction a moment after
 * the transaction's commit marker, on a thread of its own. An ordinary OffsetFetch (all kafkajs sends)
 * answers in that moment with the offset from before the transaction, so an enricher that takes a
 * partition over would enrich and publish that transaction's records a second time. With
 * `require_stable` the coordinator answers UNSTABLE_OFFSET_COMMIT instead while a transactional offset
 * of the group for that partition is pending, and the read is repeated until it is final (what the Java consumer
 * does in read_committed mode since Kafka 2.5).
 *
 * The request is encoded and decoded here (offset-fetch-v7.ts); a client adapter only carries its
 * bytes to the group coordinator (GroupCoordinatorLink), since kafkajs has no public way to send a
 * request it does not know (see kafkajs.ts for how its connections are borrowed).
 */

/**
 * How the stable read reaches a group's coordinator. Each client adapter provides one; the kafkajs
 * one borrows kafkajs' own connections (kafkajs.ts).
 */
export interface GroupCoordinatorLink {
  /** The coordinator of `groupId`, asked for anew on each call (it moves when brokers do). */
  coordinator(groupId: string): Promise<GroupCoordinator>;
  close(): Promise<void>;
}

export interface GroupCoordinator {
  /** The highest OffsetFetch version the coordinator speaks; 0 when unknown. */
  offsetFetchMaxVersion: number;
  /** Sends an OffsetFetch request body of `version` as it is and resolves with the response body. */
  sendOffsetFetch(version: number, body: Buffer): Promise<Buffer>;
  /** The ordinary OffsetFetch the client itself sends: the next offset to read, or null. */
  fetchUnstable(groupId: string, topic: string, partition: number): Promise<bigint | null>;
}

/** Error codes after which the same question is asked again, of the coordinator found anew. */
const RETRIED: ReadonlySet<number> = new Set([
  ErrorCode.UNSTABLE_OFFSET_COMMIT,
  ErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
  ErrorCode.COORDINATOR_NOT_AVAILABLE,
  ErrorCode.NOT_COORDINATOR,
]);

const codeName = (code: number): string =>
  Object.entries(ErrorCode).find(([, value]) => value === code)?.[0] ?? `error code ${code}`;

export class OffsetFetchError extends Error {
  constructor(
    message: string,
    readonly errorCode: number,
  ) {
    super(message);
    this.name = 'OffsetFetchError';
  }
}

/** The first error a response carries, top level or per partition; 0 when there is none. */
function responseError(response: OffsetFetchResponse): number {
  if (response.errorCode !== ErrorCode.NONE) return response.errorCode;
  for (const t of response.topics)
    for (const p of t.partitions) if (p.errorCode !== ErrorCode.NONE) return p.errorCode;
  return ErrorCode.NONE;
}

/**
 * Reads a consumer group's committed offsets such that no transaction of the group's is still
 * being applied: the offset returned is the one the last finished transaction left.
 */
export class StableOffsetReader {
  private warnedUnstable = false;

  constructor(
    private readonly link: GroupCoordinatorLink,
    private readonly logger: Logger,
  ) {}

  /** The next offset to read of `topic`/`partition` for `groupId`, or null when it has none committed. */
  async committedOffset(
    groupId: string,
    topic: string,
    partition: number,
    options: { timeoutMs?: number } = {},
  ): Promise<bigint | null> {
    const timeoutMs = options.timeoutMs ?? 60_000;
    const offset = await retryUntilDeadline(
      {
        timeoutMs,
        firstPauseMs: 20,
        maxPauseMs: 500,
        retriable: (err) =>
          err instanceof OffsetFetchError
            ? RETRIED.has(err.errorCode)
            : (err as { retriable?: boolean }).retriable === true,
        giveUp: (last) =>
          new Error(
            `committed offset of ${groupId} on ${topic}[${partition}] not final after ${timeoutMs} ms: ${errorMessage(last)}`,
          ),
      },
      () => this.fetchOnce(groupId, topic, partition),
    );
    return offset !== null && offset >= 0n ? offset : null;
  }

  /** The offset (-1n: none); throws OffsetFetchError while a transaction is still being applied. */
  private async fetchOnce(groupId: string, topic: string, partition: number): Promise<bigint | null> {
    const coordinator = await this.link.coordinator(groupId);
    if (coordinator.offsetFetchMaxVersion < OFFSET_FETCH_STABLE_VERSION)
      return this.fetchUnstable(coordinator, groupId, topic, partition);
    const body = encodeStableOffsetFetch(groupId, [{ topic, partitions: [partition] }]);
    const response = decodeStableOffsetFetch(
      await coordinator.sendOffsetFetch(OFFSET_FETCH_STABLE_VERSION, body),
    );
    const code = responseError(response);
    if (code === ErrorCode.UNSTABLE_OFFSET_COMMIT)
      throw new OffsetFetchError(
        'a transaction of the group is still being applied (UNSTABLE_OFFSET_COMMIT)',
        code,
      );
    if (code !== ErrorCode.NONE)
      throw new OffsetFetchError(`OffsetFetch for ${groupId} failed: ${codeName(code)}`, code);
    const found = response.topics
      .find((t) => t.topic === topic)
      ?.partitions.find((p) => p.partition === partition);
    return found ? found.offset : null;
  }

  /** Brokers older than Kafka 2.5 have no stable read; the ordinary one is the best they offer. */
  private async fetchUnstable(
    coordinator: GroupCoordinator,
    groupId: string,
    topic: string,
    partition: number,
  ): Promise<bigint | null> {
    if (!this.warnedUnstable) {
      this.warnedUnstable = true;
      this.logger.warn(
        { groupId },
        'the broker has no stable OffsetFetch (Kafka 2.5 or newer has): an offset read right after a transaction may be stale',
      );
    }
    return coordinator.fetchUnstable(groupId, topic, partition);
  }

  async close(): Promise<void> {
    await this.link.close();
  }
}
