/**
 * OffsetFetch version 7 on the wire: the first version with `require_stable` (KIP-447), which kafkajs
 * (it stops at version 4) does not speak. Pure encoding and decoding, so it is tested without a broker.
 *
 * Version 7 is a "flexible" version: compact strings and arrays (lengths as unsigned varints, plus
 * one) and a tagged-field section after every structure, the request and response headers included.
 */

export const OFFSET_FETCH_API_KEY = 9;
export const OFFSET_FETCH_STABLE_VERSION = 7;

/** Error codes this client acts on; any other non-zero code is reported as it is. */
export const ErrorCode = {
  NONE: 0,
  COORDINATOR_LOAD_IN_PROGRESS: 14,
  COORDINATOR_NOT_AVAILABLE: 15,
  NOT_COORDINATOR: 16,
  UNSTABLE_OFFSET_COMMIT: 88,
} as const;

export interface OffsetFetchPartition {
  partition: number;
  /** -1 when the group has committed nothing for the partition. */
  offset: bigint;
  errorCode: number;
}

export interface OffsetFetchResponse {
  errorCode: number;
  topics: Array<{ topic: string; partitions: OffsetFetchPartition[] }>;
}

function uvarint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return bytes;
}

function compactString(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  return Buffer.concat([Buffer.from(uvarint(bytes.length + 1)), bytes]);
}

function int32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(value);
  return b;
}

const NO_TAGGED_FIELDS = Buffer.from([0]);

/**
 * The request body as it follows the client id, which kafkajs writes as the last field of a version 1
 * request header. A version 2 header only adds an empty tagged-field section, which therefore comes
 * first here.
 */
export function encodeStableOffsetFetch(
  groupId: string,
  topics: ReadonlyArray<{ topic: string; partitions: number[] }>,
): Buffer {
  const parts: Buffer[] = [NO_TAGGED_FIELDS, compactString(groupId), Buffer.from(uvarint(topics.length + 1))];
  for (const t of topics) {
    parts.push(compactString(t.topic), Buffer.from(uvarint(t.partitions.length + 1)));
    for (const p of t.partitions) parts.push(int32(p));
    parts.push(NO_TAGGED_FIELDS);
  }
  parts.push(Buffer.from([1]) /* require_stable */, NO_TAGGED_FIELDS);
  return Buffer.concat(parts);
}

class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}

  uvarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.byte();
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
    throw new Error('OffsetFetch response: varint longer than 5 bytes');
  }

  byte(): number {
    this.need(1);
    return this.buf[this.at++]!;
  }

  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.at);
    this.at += 2;
    return v;
  }

  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.at);
    this.at += 4;
    return v;
  }

  int64(): bigint {
    this.need(8);
    const v = this.buf.readBigInt64BE(this.at);
    this.at += 8;
    return v;
  }

  /** Null for a compact nullable string sent as null. */
  compactString(): string | null {
    const length = this.uvarint() - 1;
    if (length < 0) return null;
    this.need(length);
    const s = this.buf.toString('utf8', this.at, this.at + length);
    this.at += length;
    return s;
  }

  compactArray<T>(item: () => T): T[] {
    const length = this.uvarint() - 1;
    const items: T[] = [];
    for (let i = 0; i < length; i++) items.push(item());
    return items;
  }

  /** Tagged fields this client has no use for are skipped, as the protocol allows. */
  skipTaggedFields(): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint(); // tag
      const size = this.uvarint();
      this.need(size);
      this.at += size;
    }
  }

  private need(bytes: number): void {
    if (this.at + bytes > this.buf.length)
      throw new Error(
        `OffsetFetch response: truncated (needed ${bytes} more bytes at ${this.at} of ${this.buf.length})`,
      );
  }
}

/** The response body as it follows the correlation id, starting with the version 1 response header's tagged fields. */
export function decodeStableOffsetFetch(payload: Buffer): OffsetFetchResponse {
  const r = new Reader(payload);
  r.skipTaggedFields();
  r.int32(); // throttle_time_ms
  const topics = r.compactArray(() => {
    const topic = r.compactString() ?? '';
    const partitions = r.compactArray(() => {
      const partition = r.int32();
      const offset = r.int64();
      r.int32(); // committed_leader_epoch
      r.compactString(); // metadata
      const errorCode = r.int16();
      r.skipTaggedFields();
      return { partition, offset, errorCode };
    });
    r.skipTaggedFields();
    return { topic, partitions };
  });
  const errorCode = r.int16();
  r.skipTaggedFields();
  return { errorCode, topics };
}
