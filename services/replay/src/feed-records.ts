import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { FeedDocumentRecord, PageDocumentRecord, RawItemRecord } from '@wirestream/contract';
import { keyedItems, parseFeed, rawItemRecord, type FeedOrigin, type ParsedFeed } from '@wirestream/feeds';

/** The body of a stored feed document or article page, checked against the hash stored with it. */
export function documentBody(doc: FeedDocumentRecord | PageDocumentRecord): Buffer {
  const body = gunzipSync(Buffer.from(doc.body.data, 'base64'));
  const sha = createHash('sha256').update(body).digest('hex');
  if (sha !== doc.body.sha256) {
    const what = 'feed' in doc ? `feed document of ${doc.feed.id}` : `page of item ${doc.itemKey}`;
    throw new Error(`${what}: body does not match its hash`);
  }
  return body;
}

/**
 * Feed bytes → the raw items the fetcher would have published for them, keyed and hashed the same
 * way. Every item counts as new here: what changed is decided after enrichment, against what was
 * published.
 */
export async function rawItemsFromFeed(
  body: Buffer,
  origin: FeedOrigin,
): Promise<{ parsed: ParsedFeed; items: RawItemRecord[] }> {
  const parsed = await parseFeed(body, { contentType: origin.http.contentType, url: origin.http.finalUrl });
  const items = keyedItems(origin.feed.id, parsed.items).map((keyed) =>
    rawItemRecord(parsed, origin, keyed, 'new'),
  );
  return { parsed, items };
}

/** The raw items of a stored feed document. */
export function rawItemsFromDocument(
  doc: FeedDocumentRecord,
): Promise<{ parsed: ParsedFeed; items: RawItemRecord[] }> {
  return rawItemsFromFeed(documentBody(doc), {
    feed: { ...doc.feed, url: doc.url },
    fetchedAt: doc.fetchedAt,
    http: {
      status: doc.http.status,
      finalUrl: doc.finalUrl,
      contentType: doc.http.headers['content-type'] ?? null,
      etag: doc.http.headers['etag'] ?? null,
      lastModified: doc.http.headers['last-modified'] ?? null,
    },
  });
}
