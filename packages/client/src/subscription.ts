/** What `subscribe` takes and returns; the consumer behind it is in kafka-subscription.ts. */
import type { InvalidRecord, WirestreamRecord } from './records.js';

/** What a handler gets besides the record. */
export interface HandlerContext {
  /** Aborted when the subscription stops: a long handler may give up (its record is then delivered again). */
  signal: AbortSignal;
  /** Tells the group this member is alive; call it in a handler that runs longer than `sessionTimeoutMs`. */
  heartbeat(): Promise<void>;
}

export type RecordHandler<T> = (record: WirestreamRecord<T>, context: HandlerContext) => unknown;

export interface SubscribeOptions {
  /** The consumer group: members of one group share the stream's partitions, and its offsets are committed. */
  groupId: string;
  /** Where a group without committed offsets starts: the oldest record kept (true) or new records only (default). */
  fromBeginning?: boolean;
  /**
   * Called with each record that fails validation (not JSON, or not matching the stream's schema),
   * in place of the handler; its offset is then committed like any other. Default: one line on stderr.
   * An error it throws is reported to `onError` and otherwise ignored: it never stops the loop.
   */
  onInvalid?: (record: InvalidRecord) => unknown;
  /**
   * Called when the handler throws; the record is then delivered to the handler again after a pause
   * (1 s, doubling up to 30 s), as its offset is not committed. Default: one line on stderr.
   */
  onError?: (error: unknown, record: WirestreamRecord<unknown> | InvalidRecord, attempt: number) => unknown;
  /** Commit the offsets of handled records at least this often while a fetch is being worked through (ms, default 1,000); always at the end of each fetch and on stop. */
  commitIntervalMs?: number;
  /** The group's session timeout (ms, default 30,000). */
  sessionTimeoutMs?: number;
  /** At most this many bytes per partition and fetch (default 1 MiB). */
  maxBytesPerPartition?: number;
}

export interface Subscription {
  /** The topic read, as named in the cluster. */
  readonly topic: string;
  readonly groupId: string;
  /** Records handed to the handler and records surfaced as invalid, since the start. */
  readonly stats: { handled: number; invalid: number; handlerErrors: number };
  /**
   * Stops gracefully: the handler in flight finishes (its signal is aborted), the offsets of every
   * record handled are committed, and the member leaves the group. Resolves when all that is done.
   */
  stop(): Promise<void>;
  /** Settles when the subscription has stopped: resolved by `stop()`, rejected if the consumer crashed for good. */
  readonly done: Promise<void>;
}
