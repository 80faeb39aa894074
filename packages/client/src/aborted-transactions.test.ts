import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withoutAbortedTransactions, type FetchedRecord } from './aborted-transactions.js';

interface Rec extends FetchedRecord {
  value: string;
}

const ABORT = Buffer.from([0, 0, 0, 0]);
const COMMIT = Buffer.from([0, 0, 0, 1]);
const data = (offset: number, producerId: string, value: string, inTransaction = true): Rec => ({
  offset: String(offset),
  key: null,
  value,
  batchContext: { producerId, inTransaction, isControlBatch: false },
});
const marker = (offset: number, producerId: string, key: Buffer): Rec => ({
  offset: String(offset),
  key,
  value: key === ABORT ? 'abort' : 'commit',
  isControlRecord: true,
  batchContext: { producerId, inTransaction: true, isControlBatch: true },
});
const values = (records: Rec[]): string[] => records.filter((r) => !r.isControlRecord).map((r) => r.value);

describe('skipping aborted transactions', () => {
  it('drops a transaction that began first but was aborted second (the broker lists them in abort order)', () => {
    const records = [data(0, '7', 'a7'), data(1, '9', 'a9'), marker(2, '9', ABORT), marker(3, '7', ABORT)];
    const kept = withoutAbortedTransactions(records, [
      { producerId: '9', firstOffset: '1' },
      { producerId: '7', firstOffset: '0' },
    ]);
    expect(values(kept)).toEqual([]);
  });

  it('takes in every aborted transaction that has begun by a record, not one per record', () => {
    const records = [
      data(0, '1', 'x1'),
      data(1, '2', 'x2'),
      data(2, '3', 'committed'),
      data(3, '2', 'y2'),
      marker(4, '1', ABORT),
      marker(5, '2', ABORT),
      marker(6, '3', COMMIT),
    ];
    const kept = withoutAbortedTransactions(records, [
      { producerId: '1', firstOffset: '0' },
      { producerId: '2', firstOffset: '1' },
    ]);
    expect(values(kept)).toEqual(['committed']);
  });

  it("keeps a producer's committed transaction after its aborted one, and two aborts of one producer", () => {
    const records = [
      data(0, '5', 'x'),
      marker(1, '5', ABORT),
      data(2, '5', 'kept'),
      marker(3, '5', COMMIT),
      data(4, '5', 'y'),
      marker(5, '5', ABORT),
    ];
    const kept = withoutAbortedTransactions(records, [
      { producerId: '5', firstOffset: '4' },
      { producerId: '5', firstOffset: '0' },
    ]);
    expect(values(kept)).toEqual(['kept']);
  });

  it('keeps records outside transactions, and control records (the caller drops them)', () => {
    const records = [data(0, '4', 'aborted'), data(1, '8', 'plain', false), marker(2, '4', ABORT)];
    const kept = withoutAbortedTransactions(records, [{ producerId: '4', firstOffset: '0' }]);
    expect(kept.map((r) => r.value)).toEqual(['plain', 'abort']);
  });

  it('judges a fetch that starts inside an aborted transaction whose marker comes in a later fetch', () => {
    // The broker lists the transaction because it overlaps the fetched range; its marker is beyond it.
    const kept = withoutAbortedTransactions(
      [data(10, '3', 'x2'), data(11, '3', 'x3')],
      [{ producerId: '3', firstOffset: '9' }],
    );
    expect(values(kept)).toEqual([]);
  });

  it('matches a model of the log for any interleaving of producers, commits and aborts', () => {
    // A log: each step, one of four producers writes a record in its open transaction, or ends it.
    const step = fc.record({
      producer: fc.integer({ min: 0, max: 3 }),
      action: fc.constantFrom('write', 'write', 'write', 'commit', 'abort', 'plain'),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), fc.nat(), (steps, cut) => {
        const log: Rec[] = [];
        const open = new Map<number, { firstOffset: number; values: string[] }>();
        const aborted: Array<{ producerId: string; firstOffset: string }> = [];
        const committed = new Set<string>();
        for (const { producer, action } of steps) {
          const offset = log.length;
          const pid = String(100 + producer);
          if (action === 'write') {
            const txn = open.get(producer) ?? { firstOffset: offset, values: [] };
            open.set(producer, txn);
            txn.values.push(`v${offset}`);
            log.push(data(offset, pid, `v${offset}`));
          } else if (action === 'plain') {
            log.push(data(offset, pid, `v${offset}`, false));
            committed.add(`v${offset}`);
          } else if (open.has(producer)) {
            const txn = open.get(producer)!;
            open.delete(producer);
            log.push(marker(offset, pid, action === 'abort' ? ABORT : COMMIT));
            if (action === 'abort') aborted.push({ producerId: pid, firstOffset: String(txn.firstOffset) });
            else for (const v of txn.values) committed.add(v);
          }
        }
        // A read_committed fetch ends before the first open transaction (the last stable offset).
        const lso = Math.min(log.length, ...[...open.values()].map((t) => t.firstOffset));
        // It may start anywhere before that; the broker lists the aborted transactions not ended before the start.
        const start = lso === 0 ? 0 : cut % lso;
        const endOf = (t: { producerId: string; firstOffset: string }): number =>
          log.findIndex(
            (r, i) =>
              i > Number(t.firstOffset) && r.isControlRecord && r.batchContext.producerId === t.producerId,
          );
        const listed = aborted.filter((t) => endOf(t) >= start && Number(t.firstOffset) < lso);
        const fetched = log.slice(start, lso);
        const expected = fetched
          .filter((r) => !r.isControlRecord && committed.has(r.value))
          .map((r) => r.value);
        expect(values(withoutAbortedTransactions(fetched, listed))).toEqual(expected);
      }),
      { numRuns: 3000, seed: 17 },
    );
  });
});
