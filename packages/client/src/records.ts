/**
 * From a fetched Kafka record to a validated wirestream record, or to a description of why it is not
 * one. Nothing here throws: a record that is not JSON or does not match its schema becomes an
 * `InvalidRecord` for the subscription's `onInvalid`.
 */
import type { ArticleRecord, DeadLetterRecord, DuplicateRecord } from '@wirestream/contract';
import type { RecordKind, StreamSpec } from './streams.js';

/** Where a record sits in Kafka, and what came with it. */
export interface RecordMeta {
  /** The topic as named in the cluster (with the deployment's prefix, if any). */
  topic: string;
  partition: number;
  /** Decimal string, as Kafka offsets exceed 2^53 in principle. */
  offset: string;
  key: string | null;
  /** Header values as UTF-8 text (`ws-schema`, `ws-revision`, `ws-decision`, …); a repeated header keeps its last value. */
  headers: Record<string, string>;
  /** The record's timestamp, in milliseconds since the epoch (decimal string). */
  timestamp: string;
}

/** A record that passed validation against its stream's schema. */
export interface WirestreamRecord<T> extends RecordMeta {
  value: T;
  /**
   * The key to make processing idempotent with: the same key means the same content, delivered again
   * (see `idempotenceKey`). Store it with what the handler did, and skip a record whose key is there.
   */
  idempotenceKey: string;
}

/** A record that is not what its stream promises: surfaced to `onInvalid`, never to the handler. */
export interface InvalidRecord extends RecordMeta {
  /** `empty`: no value (a tombstone); `not-json`: the value does not parse; `schema`: it parses but does not match. */
  reason: 'empty' | 'not-json' | 'schema';
  /** One line saying what is wrong, naming the first offending fields. */
  message: string;
  /** Each schema violation, path joined with dots (empty for `empty` and `not-json`). */
  issues: Array<{ path: string; message: string }>;
  /** The value as received. */
  raw: Buffer | null;
}

/** What kafkajs hands over for one record (the fields used here). */
export interface KafkaMessage {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: string;
  headers?: Record<string, Buffer | string | Array<Buffer | string> | undefined>;
}

function headersOf(message: KafkaMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) headers[name] = Buffer.isBuffer(last) ? last.toString('utf8') : String(last);
  }
  return headers;
}

/**
 * The idempotence key of a record:
 * - article (articles, topic and subject streams): `<id>@<revision>`. The same article revision can
 *   reach a consumer more than once (this consumer redelivered after a crash before its commit, an
 *   enricher redelivery, a re-publication after a Redis data loss, a replay), always with the same id
 *   and revision; a new revision is a new key.
 * - duplicate: `<id>@<revision>/<feedId>/<itemKey or url>`, as a same-url copy shares its original's id.
 * - dead letter: `<stage>:<topic>/<partition>/<offset>` of the record that failed, or
 *   `<stage>:<feedId>:<url>@<failedAt>` for a feed that failed.
 */
export function idempotenceKey(kind: RecordKind, value: unknown): string {
  if (kind === 'article') {
    const a = value as ArticleRecord;
    return `${a.id}@${a.revision}`;
  }
  if (kind === 'duplicate') {
    const d = value as DuplicateRecord;
    return `${d.id}@${d.article.revision}/${d.occurrence.feedId}/${d.occurrence.itemKey ?? d.occurrence.url}`;
  }
  const l = value as DeadLetterRecord;
  return l.source.topic !== null
    ? `${l.stage}:${l.source.topic}/${l.source.partition}/${l.source.offset}`
    : `${l.stage}:${l.source.feedId}:${l.source.url}@${l.failedAt}`;
}

export type Decoded<T> = { ok: true; record: WirestreamRecord<T> } | { ok: false; invalid: InvalidRecord };

/** Parse and validate one fetched record against its stream's schema. */
export function decodeRecord<T>(
  stream: StreamSpec,
  topic: string,
  partition: number,
  message: KafkaMessage,
): Decoded<T> {
  const meta: RecordMeta = {
    topic,
    partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString('utf8'),
    headers: headersOf(message),
    timestamp: message.timestamp,
  };
  const invalid = (reason: InvalidRecord['reason'], text: string, issues: InvalidRecord['issues'] = []) => ({
    ok: false as const,
    invalid: { ...meta, reason, message: `${stream.topic}: ${text}`, issues, raw: message.value },
  });
  if (message.value === null || message.value.length === 0)
    return invalid('empty', 'the record has no value');
  let json: unknown;
  try {
    json = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    return invalid('not-json', `not JSON (${(error as Error).message})`);
  }
  const result = stream.schema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({
      path: i.path.map(String).join('.'),
      message: i.message,
    }));
    const named = issues.slice(0, 5).map((i) => `${i.path || '(root)'}: ${i.message}`);
    const more = issues.length > 5 ? `; and ${issues.length - 5} more` : '';
    return invalid('schema', `${named.join('; ')}${more}`, issues);
  }
  const value = result.data as T;
  return { ok: true, record: { ...meta, value, idempotenceKey: idempotenceKey(stream.kind, value) } };
}
