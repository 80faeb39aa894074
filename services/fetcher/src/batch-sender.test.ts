import { describe, expect, it } from 'vitest';
import { RAW_TOPIC, type RawItemRecord, type TopicBatch } from '@wirestream/contract';
import type { RecordProducer } from '@wirestream/runtime';
import { BatchSender } from './batch-sender.js';

const record = (key: string): RawItemRecord => ({
  schemaVersion: 1,
  itemKey: key,
  change: 'new',
  itemHash: 'h',
  feed: {
    id: 'f',
    agency: 'A',
    name: 'A',
    url: 'http://a.test/',
    format: 'rss',
    title: null,
    languageHint: null,
  },
  item: {
    guid: key,
    link: null,
    title: 't',
    summary: null,
    contentHtml: null,
    authors: [],
    categories: [],
    published: null,
    updated: null,
    language: null,
    media: [],
  },
  fetchedAt: '2026-11-27T12:00:00.000Z',
  http: { status: 200, finalUrl: 'http://a.test/', contentType: null, etag: null, lastModified: null },
});
const batch = (...keys: string[]): TopicBatch[] => [
  { spec: RAW_TOPIC, records: keys.map((k) => ({ key: k, value: record(k) })) },
];

/** A producer whose sends complete only when the test says so. */
function fakeProducer(): { producer: RecordProducer; calls: string[][]; ack: (err?: Error) => void } {
  const calls: string[][] = [];
  const pending: Array<(err?: Error) => void> = [];
  const producer = {
    send: (batches: readonly TopicBatch[]) => {
      calls.push(batches.flatMap((b) => b.records.map((r) => r.key)));
      return new Promise<void>((resolve, reject) => pending.push((err) => (err ? reject(err) : resolve())));
    },
  } as unknown as RecordProducer;
  return { producer, calls, ack: (err) => pending.shift()?.(err) };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('BatchSender', () => {
  it('sends at once when idle and gathers what arrives meanwhile into the next request', async () => {
    const { producer, calls, ack } = fakeProducer();
    const sender = new BatchSender(producer);
    const done: string[] = [];
    const first = sender.send(batch('a')).then(() => done.push('a'));
    const second = sender.send(batch('b1', 'b2')).then(() => done.push('b'));
    const third = sender.send(batch('c')).then(() => done.push('c'));
    await tick();
    expect(calls).toEqual([['a']]);
    ack();
    await first;
    await tick();
    // Nobody's promise resolves before the request carrying its records is acknowledged.
    expect(done).toEqual(['a']);
    expect(calls).toEqual([['a'], ['b1', 'b2', 'c']]);
    ack();
    await Promise.all([second, third]);
    expect(done).toEqual(['a', 'b', 'c']);
  });

  it('fails every caller of a failed request, and only the caller of an invalid record', async () => {
    const { producer, calls, ack } = fakeProducer();
    const sender = new BatchSender(producer);
    const invalid: TopicBatch[] = [{ spec: RAW_TOPIC, records: [{ key: 'x', value: { nope: true } }] }];
    await expect(sender.send(invalid)).rejects.toThrow();
    const a = sender.send(batch('a'));
    await tick();
    ack(new Error('broker said no'));
    await expect(a).rejects.toThrow('broker said no');
    expect(calls).toEqual([['a']]);
    await expect(sender.send([{ spec: RAW_TOPIC, records: [] }])).resolves.toBeUndefined();
  });

  it('keeps each request under a byte bound: one large feed is split, its promise waits for every part', async () => {
    const { producer, calls, ack } = fakeProducer();
    const size = Buffer.byteLength(JSON.stringify(record('k1'))) + 2;
    // Room for two records per request.
    const sender = new BatchSender(producer, 1_000, size * 2 + 1);
    let settled = false;
    const big = sender.send(batch('k1', 'k2', 'k3', 'k4', 'k5')).then(() => (settled = true));
    const other = sender.send(batch('o1'));
    await tick();
    expect(calls).toEqual([['k1', 'k2']]);
    ack();
    await tick();
    ack();
    await tick();
    expect(settled).toBe(false);
    ack();
    await Promise.all([big, other]);
    // The other caller's record shares the last request, within the bound.
    expect(calls).toEqual([
      ['k1', 'k2'],
      ['k3', 'k4'],
      ['k5', 'o1'],
    ]);
  });

  it('drops the remaining parts of a caller whose part failed, and fails only its request mates', async () => {
    const { producer, calls, ack } = fakeProducer();
    const size = Buffer.byteLength(JSON.stringify(record('k1'))) + 2;
    const sender = new BatchSender(producer, 1_000, size);
    const big = sender.send(batch('k1', 'k2', 'k3'));
    const later = sender.send(batch('l1'));
    await tick();
    ack(new Error('too large'));
    await expect(big).rejects.toThrow('too large');
    await tick();
    ack();
    await expect(later).resolves.toBeUndefined();
    expect(calls).toEqual([['k1'], ['l1']]);
  });
});
