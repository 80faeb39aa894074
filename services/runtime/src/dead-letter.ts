import type { DeadLetterRecord, FailureStage } from '@wirestream/contract';
import { redactUrl, scrubSecrets } from './logger.js';

/**
 * The one builder of news.dlq.v1 records, for the fetcher (a feed document that would not parse) and
 * the enricher (a raw record that would not read or enrich) alike: error messages are scrubbed of
 * secrets and bounded, URLs lose their credentials, and the payload is cut at MAX_DEAD_LETTER_PAYLOAD
 * (the record says so), kept as UTF-8 text when it is text and as base64 otherwise.
 */

/** The largest payload kept in a dead letter; the rest is cut and the record says so. */
export const MAX_DEAD_LETTER_PAYLOAD = 1024 * 1024;

/** The longest error message kept (a parser can quote much of its input in one). */
export const MAX_DEAD_LETTER_MESSAGE = 4000;

export interface DeadLetterInput {
  stage: FailureStage;
  error: { name: string; message: string };
  /** Where the failed input came from; what is left out is null. The URL is redacted here. */
  source: Partial<DeadLetterRecord['source']>;
  /** The input that failed, as received; null when there was none. */
  payload: Buffer | null;
  failedAt: Date;
}

export function deadLetter(input: DeadLetterInput): DeadLetterRecord {
  const payload = input.payload ?? Buffer.alloc(0);
  const truncated = payload.length > MAX_DEAD_LETTER_PAYLOAD;
  const kept = truncated ? payload.subarray(0, MAX_DEAD_LETTER_PAYLOAD) : payload;
  const asText = kept.toString('utf8');
  const isText = !asText.includes('\uFFFD') && !asText.includes('\u0000');
  const { source } = input;
  return {
    schemaVersion: 1,
    stage: input.stage,
    error: {
      name: input.error.name,
      message: scrubSecrets(input.error.message).slice(0, MAX_DEAD_LETTER_MESSAGE),
    },
    source: {
      topic: source.topic ?? null,
      partition: source.partition ?? null,
      offset: source.offset ?? null,
      key: source.key ?? null,
      feedId: source.feedId ?? null,
      url: source.url ? redactUrl(source.url) : null,
    },
    payload: isText ? asText : kept.toString('base64'),
    payloadEncoding: isText ? 'utf8' : 'base64',
    payloadTruncated: truncated,
    failedAt: input.failedAt.toISOString(),
  };
}
