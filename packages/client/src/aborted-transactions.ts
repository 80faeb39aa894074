/**
 * Skipping the records of aborted transactions, as a read_committed consumer must.
 *
 * A read_committed fetch returns every record below the last stable offset, aborted ones included,
 * together with the list of transactions aborted in that range (producer id and first offset). The
 * reader drops a transactional record when its producer has an aborted transaction that has begun by
 * then and has not yet reached its abort marker. The broker lists aborted transactions in the order
 * they were *aborted*; when the transactions of several producers interleave in a partition (what
 * wirestream's per-partition transactional producers leave behind after a crash or a restart), that is
 * not the order they *began* in. So the list is sorted by first offset, and every transaction that has
 * begun by a record is taken in before the record is judged, as the Java client's fetcher does.
 *
 * kafkajs 2.2.4 takes the list as it comes and takes in at most one transaction per record, so it shows
 * the records of a transaction that began before another one but was aborted after it. Its filter runs
 * inside the fetch, before any hook a consumer gets (a fetch whose records were all filtered out never
 * reaches `eachBatch`, so a filter applied afterwards cannot even see the abort markers). The client's
 * build therefore bundles kafkajs with this function in place of kafkajs' own filter
 * (`scripts/build.mjs`): the installed package needs no patch, and a kafkajs the application itself
 * uses is left as it is.
 */

/** An aborted transaction as the fetch response lists it. */
export interface AbortedTransaction {
  producerId: string;
  firstOffset: string;
}

/** What the filter needs of a fetched record (kafkajs' decoded message has these fields). */
export interface FetchedRecord {
  offset: string;
  key: Buffer | Uint8Array | null;
  isControlRecord?: boolean;
  batchContext: { producerId: string; inTransaction: boolean; isControlBatch?: boolean };
}

/** A control record's key: version (int16) and type (int16); type 0 is ABORT, 1 is COMMIT. */
const isAbortMarker = (key: FetchedRecord['key']): boolean =>
  key !== null && key !== undefined && key.length >= 4 && key[2] === 0 && key[3] === 0;

/**
 * The records of `records` (one partition's fetch, in offset order) that are not part of an aborted
 * transaction. Control records are kept (the caller drops them), so that the consumer's position
 * moves past commit and abort markers.
 */
export function withoutAbortedTransactions<R extends FetchedRecord>(
  records: readonly R[],
  abortedTransactions: readonly AbortedTransaction[] | null | undefined,
): R[] {
  if (!abortedTransactions || abortedTransactions.length === 0) return [...records];
  const pending = abortedTransactions
    .map((t) => ({ producerId: String(t.producerId), firstOffset: BigInt(t.firstOffset) }))
    .sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0));
  const aborting = new Set<string>();
  let next = 0;
  return records.filter((record) => {
    const offset = BigInt(record.offset);
    while (next < pending.length && pending[next]!.firstOffset <= offset) {
      aborting.add(pending[next]!.producerId);
      next += 1;
    }
    const producerId = String(record.batchContext.producerId);
    if (record.isControlRecord || record.batchContext.isControlBatch) {
      // The abort marker ends the producer's aborted transaction; what it writes next is judged anew.
      if (isAbortMarker(record.key)) aborting.delete(producerId);
      return true;
    }
    return !(record.batchContext.inTransaction && aborting.has(producerId));
  });
}

/** kafkajs' calling convention for its `filterAbortedMessages` module, which the bundle replaces. */
export function kafkajsFilterAbortedMessages<R extends FetchedRecord>({
  messages,
  abortedTransactions,
}: {
  messages: readonly R[];
  abortedTransactions?: readonly AbortedTransaction[] | null;
}): R[] {
  return withoutAbortedTransactions(messages, abortedTransactions);
}
