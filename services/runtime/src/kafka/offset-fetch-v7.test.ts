import { describe, expect, it } from 'vitest';
import { ErrorCode, decodeStableOffsetFetch, encodeStableOffsetFetch } from './offset-fetch-v7.js';

const hex = (b: Buffer): string => b.toString('hex');

/** A response body built field by field, the way a broker lays it out. */
function responseBody(options: {
  headerTags?: Buffer;
  topics: Array<{
    name: string;
    partitions: Array<{ partition: number; offset: bigint; error: number; metadata?: string | null }>;
  }>;
  error?: number;
}): Buffer {
  const parts: Buffer[] = [options.headerTags ?? Buffer.from([0])];
  const int = (bytes: number, v: number | bigint): Buffer => {
    const b = Buffer.alloc(bytes);
    if (bytes === 8) b.writeBigInt64BE(BigInt(v));
    else if (bytes === 4) b.writeInt32BE(Number(v));
    else b.writeInt16BE(Number(v));
    return b;
  };
  const str = (s: string | null): Buffer =>
    s === null ? Buffer.from([0]) : Buffer.concat([Buffer.from([Buffer.byteLength(s) + 1]), Buffer.from(s)]);
  parts.push(int(4, 0), Buffer.from([options.topics.length + 1]));
  for (const t of options.topics) {
    parts.push(str(t.name), Buffer.from([t.partitions.length + 1]));
    for (const p of t.partitions)
      parts.push(
        int(4, p.partition),
        int(8, p.offset),
        int(4, -1),
        str(p.metadata ?? ''),
        int(2, p.error),
        Buffer.from([0]),
      );
    parts.push(Buffer.from([0]));
  }
  parts.push(int(2, options.error ?? 0), Buffer.from([0]));
  return Buffer.concat(parts);
}

describe('OffsetFetch v7 request', () => {
  it('lays out a request with require_stable set, in compact form', () => {
    const body = encodeStableOffsetFetch('g1', [{ topic: 'tp', partitions: [3, 300] }]);
    expect(hex(body)).toBe(
      [
        '00', // request header tagged fields
        '03',
        '6731', // group "g1": length 2 + 1
        '02', // one topic
        '03',
        '7470', // "tp"
        '03',
        '00000003',
        '0000012c', // partitions 3 and 300
        '00', // topic tagged fields
        '01', // require_stable
        '00', // request tagged fields
      ].join(''),
    );
  });

  it('writes lengths past 127 as multi-byte varints', () => {
    const group = 'g'.repeat(200);
    const body = encodeStableOffsetFetch(group, []);
    // 201 = 0b1_1001001: low seven bits with the continuation bit, then the rest.
    expect(hex(body.subarray(1, 3))).toBe('c901');
    expect(body.subarray(3, 203).toString()).toBe(group);
  });
});

describe('OffsetFetch v7 response', () => {
  it('reads each partition offset and error', () => {
    const decoded = decodeStableOffsetFetch(
      responseBody({
        topics: [
          {
            name: 'raw',
            partitions: [
              { partition: 0, offset: 42n, error: 0 },
              { partition: 1, offset: -1n, error: ErrorCode.UNSTABLE_OFFSET_COMMIT, metadata: null },
            ],
          },
        ],
      }),
    );
    expect(decoded).toEqual({
      errorCode: 0,
      topics: [
        {
          topic: 'raw',
          partitions: [
            { partition: 0, offset: 42n, errorCode: 0 },
            { partition: 1, offset: -1n, errorCode: 88 },
          ],
        },
      ],
    });
  });

  it('skips tagged fields it does not know', () => {
    // One tagged field in the response header: tag 5, three bytes.
    const tags = Buffer.from([1, 5, 3, 0xaa, 0xbb, 0xcc]);
    const decoded = decodeStableOffsetFetch(
      responseBody({
        headerTags: tags,
        topics: [{ name: 't', partitions: [{ partition: 2, offset: 7n, error: 0 }] }],
        error: 0,
      }),
    );
    expect(decoded.topics[0]!.partitions[0]).toEqual({ partition: 2, offset: 7n, errorCode: 0 });
  });

  it('reports a group-level error', () => {
    const decoded = decodeStableOffsetFetch(responseBody({ topics: [], error: ErrorCode.NOT_COORDINATOR }));
    expect(decoded).toEqual({ errorCode: 16, topics: [] });
  });

  it('rejects a truncated response instead of reading past its end', () => {
    const body = responseBody({
      topics: [{ name: 'raw', partitions: [{ partition: 0, offset: 1n, error: 0 }] }],
    });
    expect(() => decodeStableOffsetFetch(body.subarray(0, body.length - 5))).toThrow(/truncated/);
  });
});
