import { describe, expect, it } from 'vitest';
import { FeedDocumentRecord, keptHeaders } from './feed-document.js';

describe('feed documents', () => {
  it('keep response headers but nothing that can carry a session or a credential', () => {
    const kept = keptHeaders([
      ['Content-Type', 'application/rss+xml'],
      ['ETag', '"abc"'],
      ['Set-Cookie', 'session=1'],
      ['WWW-Authenticate', 'Basic'],
      ['X-Api-Key', 'k'],
      ['X-Amz-Security-Token', 't'],
      ['Last-Modified', 'Thu, 01 May 2025 08:00:00 GMT'],
    ]);
    expect(kept).toEqual({
      'content-type': 'application/rss+xml',
      etag: '"abc"',
      'last-modified': 'Thu, 01 May 2025 08:00:00 GMT',
    });
  });

  it('validate a stored document', () => {
    const doc = {
      schemaVersion: 1,
      feed: { id: 'a', agency: 'A', name: 'A', languageHint: null },
      url: 'https://a.example/feed.xml',
      finalUrl: 'https://a.example/feed.xml',
      fetchedAt: '2026-01-01T00:00:00.000Z',
      http: { status: 200, headers: { 'content-type': 'application/rss+xml' } },
      body: { encoding: 'gzip+base64', data: 'H4sIAAAAAAAAAwMAAAAAAAAAAAA=', bytes: 0, sha256: 'e3b0' },
    };
    expect(FeedDocumentRecord.safeParse(doc).success).toBe(true);
    expect(FeedDocumentRecord.safeParse({ ...doc, body: { ...doc.body, encoding: 'raw' } }).success).toBe(
      false,
    );
  });
});
