import type { Kafka } from 'kafkajs';
import { errorMessage, type Logger } from './logger.js';
import { retryUntilDeadline } from './retry.js';
import {
  ErrorCode,
  OFFSET_FETCH_API_KEY,
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
 * kafkajs has no public way to send a request it does not know, so this borrows its cluster (broker
 * discovery, TLS, SASL, reconnects) through one internal: the factory its client keeps under a symbol.
 * kafkajs is pinned to the exact version this was written against; if the internal moves, the read
 * fails with a message saying so, and test/integration/stable-offsets.test.ts with it.
 */

interface KafkajsConnectionPool {
  send(protocolRequest: unknown): Promise<unknown>;
}

interface KafkajsBroker {
  versions?: Record<number, { minVersion: number; maxVersion: number } | undefined>;
  connectionPool: KafkajsConnectionPool;
  offsetFetch(request: {
    groupId: string;
    topics: Array<{ topic: string; partitions: Array<{ partition: number }> }>;
  }): Promise<{
    responses: Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>;
  }>;
}

interface KafkajsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  findGroupCoordinator(request: { groupId: string }): Promise<KafkajsBroker>;
}

const CREATE_CLUSTER = 'private:Kafka:createCluster';

function createCluster(kafka: Kafka): KafkajsCluster {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === CREATE_CLUSTER);
  const factory = symbol && (kafka as unknown as Record<symbol, unknown>)[symbol];
  if (typeof factory !== 'function')
    throw new Error(
      `kafkajs no longer keeps "${CREATE_CLUSTER}": the stable offset read was written for kafkajs 2.2.4`,
    );
  return (factory as (options: object) => KafkajsCluster)({ allowAutoTopicCreation: false });
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
  private cluster: KafkajsCluster | null = null;
  private warnedUnstable = false;

  constructor(
    private readonly kafka: Kafka,
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
    this.cluster ??= createCluster(this.kafka);
    await this.cluster.connect();
    const coordinator = await this.cluster.findGroupCoordinator({ groupId });
    const supported = coordinator.versions?.[OFFSET_FETCH_API_KEY]?.maxVersion ?? 0;
    if (supported < OFFSET_FETCH_STABLE_VERSION)
      return this.fetchUnstable(coordinator, groupId, topic, partition);
    const body = encodeStableOffsetFetch(groupId, [{ topic, partitions: [partition] }]);
    const response = (await coordinator.connectionPool.send({
      request: {
        apiKey: OFFSET_FETCH_API_KEY,
        apiVersion: OFFSET_FETCH_STABLE_VERSION,
        apiName: 'OffsetFetch',
        // kafkajs accepts anything shaped like its Encoder: the bytes under `buf` and `buffer`.
        encode: () => Promise.resolve({ buf: body, buffer: body }),
      },
      response: {
        decode: (payload: Buffer) => Promise.resolve(decodeStableOffsetFetch(payload)),
        parse: (decoded: OffsetFetchResponse) => Promise.resolve(decoded),
      },
    })) as OffsetFetchResponse;
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
    coordinator: KafkajsBroker,
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
    const { responses } = await coordinator.offsetFetch({
      groupId,
      topics: [{ topic, partitions: [{ partition }] }],
    });
    const found = responses.find((t) => t.topic === topic)?.partitions.find((p) => p.partition === partition);
    return found ? BigInt(found.offset) : null;
  }

  async close(): Promise<void> {
    const cluster = this.cluster;
    this.cluster = null;
    await cluster?.disconnect().catch(() => undefined);
  }
}
