import { describe, expect, it } from 'vitest';
import { DeadLetterRecord, validate } from '@wirestream/contract';
import { MAX_DEAD_LETTER_MESSAGE, MAX_DEAD_LETTER_PAYLOAD, deadLetter } from './dead-letter.js';

const at = new Date('2026-01-01T12:00:00Z');

describe('deadLetter', () => {
  it('keeps a text payload as text, names the source and redacts its URL', () => {
    const letter = deadLetter({
      stage: 'parse',
      error: { name: 'FeedParseError:malformed', message: 'unexpected end of input' },
      source: { key: 'f', feedId: 'f', url: 'https://user:secret@feeds.example/rss' },
      payload: Buffer.from('<rss>Cut off'),
      failedAt: at,
    });
    expect(validate(DeadLetterRecord, letter)).toEqual(letter);
    expect(letter).toMatchObject({
      source: { topic: null, partition: null, offset: null, key: 'f', feedId: 'f' },
      payload: '<rss>Cut off',
      payloadEncoding: 'utf8',
      payloadTruncated: false,
      failedAt: '2026-01-01T12:00:00.000Z',
    });
    expect(letter.source.url).not.toContain('secret');
  });

  it('keeps bytes that are not text as base64, and an empty payload as empty text', () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    const letter = deadLetter({
      stage: 'validate',
      error: { name: 'SyntaxError', message: 'bad' },
      source: { topic: 'news.raw.v1', partition: 2, offset: '7', key: 'k' },
      payload: bytes,
      failedAt: at,
    });
    expect(letter).toMatchObject({ payload: bytes.toString('base64'), payloadEncoding: 'base64' });
    expect(letter.source).toMatchObject({ topic: 'news.raw.v1', partition: 2, offset: '7', url: null });
    const empty = deadLetter({ ...letterInput(), payload: null });
    expect(empty).toMatchObject({ payload: '', payloadEncoding: 'utf8', payloadTruncated: false });
  });

  it('cuts the payload and the error message at their limits, for every stage', () => {
    const letter = deadLetter({
      ...letterInput(),
      error: { name: 'Error', message: 'x'.repeat(MAX_DEAD_LETTER_MESSAGE + 10) },
      payload: Buffer.alloc(MAX_DEAD_LETTER_PAYLOAD + 1, 'a'),
    });
    expect(letter.payload).toHaveLength(MAX_DEAD_LETTER_PAYLOAD);
    expect(letter.payloadTruncated).toBe(true);
    expect(letter.error.message).toHaveLength(MAX_DEAD_LETTER_MESSAGE);
  });
});

function letterInput(): Parameters<typeof deadLetter>[0] {
  return {
    stage: 'enrich',
    error: { name: 'Error', message: 'failed' },
    source: {},
    payload: null,
    failedAt: at,
  };
}
