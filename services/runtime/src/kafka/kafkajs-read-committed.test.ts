import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

/*
 * kafkajs 2.2.4 is patched (patches/kafkajs@2.2.4.patch) so that a read_committed consumer drops the
 * records of every aborted transaction. These tests call the patched filter the consumer runs over
 * each fetched partition; test/integration/read-committed.test.ts shows the same against a broker.
 */
interface Message {
  offset: string;
  key: Buffer | null;
  value: string;
  batchContext: { producerId: string; inTransaction: boolean };
}
type Filter = (input: {
  messages: Message[];
  abortedTransactions: Array<{ producerId: string; firstOffset: string }>;
}) => Message[];

const require = createRequire(import.meta.url);
const filterAbortedMessages = require(
  require.resolve('kafkajs/src/consumer/filterAbortedMessages.js', {
    paths: [require.resolve('kafkajs')],
  }),
) as Filter;

const ABORT = Buffer.from([0, 0, 0, 0]);
const COMMIT = Buffer.from([0, 0, 0, 1]);
const record = (offset: number, producerId: string, value: string): Message => ({
  offset: String(offset),
  key: null,
  value,
  batchContext: { producerId, inTransaction: true },
});
const marker = (offset: number, producerId: string, key: Buffer): Message => ({
  offset: String(offset),
  key,
  value: key === ABORT ? 'abort' : 'commit',
  batchContext: { producerId, inTransaction: true },
});
const values = (messages: Message[]): string[] =>
  messages.filter((m) => m.value !== 'abort' && m.value !== 'commit').map((m) => m.value);

describe('read_committed filtering (kafkajs as patched)', () => {
  it('drops a transaction that began first but was aborted second', () => {
    // Producer 7 begins at 0, producer 9 at 1; 9 is aborted first (marker at 2), 7 second (marker at 3).
    // The broker lists aborted transactions in abort order: 9 before 7.
    const messages = [
      record(0, '7', 'a7'),
      record(1, '9', 'a9'),
      marker(2, '9', ABORT),
      marker(3, '7', ABORT),
    ];
    const kept = filterAbortedMessages({
      messages,
      abortedTransactions: [
        { producerId: '9', firstOffset: '1' },
        { producerId: '7', firstOffset: '0' },
      ],
    });
    expect(values(kept)).toEqual([]);
  });

  it('takes in every aborted transaction that has begun by a message, not one per message', () => {
    const messages = [
      record(0, '1', 'x1'),
      record(1, '2', 'x2'),
      record(2, '3', 'committed'),
      record(3, '2', 'y2'),
      marker(4, '1', ABORT),
      marker(5, '2', ABORT),
      marker(6, '3', COMMIT),
    ];
    const kept = filterAbortedMessages({
      messages,
      abortedTransactions: [
        { producerId: '1', firstOffset: '0' },
        { producerId: '2', firstOffset: '1' },
      ],
    });
    expect(values(kept)).toEqual(['committed']);
  });

  it('keeps a producer’s committed transaction that follows its aborted one', () => {
    const messages = [
      record(0, '5', 'aborted'),
      marker(1, '5', ABORT),
      record(2, '5', 'kept'),
      marker(3, '5', COMMIT),
    ];
    const kept = filterAbortedMessages({
      messages,
      abortedTransactions: [{ producerId: '5', firstOffset: '0' }],
    });
    expect(values(kept)).toEqual(['kept']);
  });

  it('keeps records written outside transactions by a producer whose transaction was aborted', () => {
    const messages = [
      record(0, '4', 'aborted'),
      { ...record(1, '8', 'plain'), batchContext: { producerId: '8', inTransaction: false } },
      marker(2, '4', ABORT),
    ];
    const kept = filterAbortedMessages({
      messages,
      abortedTransactions: [{ producerId: '4', firstOffset: '0' }],
    });
    expect(values(kept)).toEqual(['plain']);
  });
});
