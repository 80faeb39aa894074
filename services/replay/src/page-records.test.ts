import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ItemPage, PageDocumentRecord, RawItemRecord } from '@wirestream/contract';
import { pageDocumentRefs, pageRefOf, reextractPage, withFreshPage } from './page-records.js';

const HTML = Buffer.from(
  '<html lang="en"><body><nav><a href="/">Home</a></nav><article><h1>Bridge</h1>' +
    '<p>The old bridge over the river reopened on Monday after eight months of repairs to its deck and railings.</p>' +
    '<p>Cyclists get a lane of their own; lorries heavier than twelve tonnes stay on the ring road.</p></article></body></html>',
);
const SHA = createHash('sha256').update(HTML).digest('hex');

const doc: PageDocumentRecord = {
  schemaVersion: 1,
  itemKey: 'item-a',
  feedId: 'desk',
  url: 'https://desk.example/bridge',
  finalUrl: 'https://desk.example/news/bridge',
  fetchedAt: '2026-11-01T10:00:00.000Z',
  http: { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } },
  body: { encoding: 'gzip+base64', data: gzipSync(HTML).toString('base64'), bytes: HTML.length, sha256: SHA },
};

const page = (over: Partial<ItemPage>): ItemPage => ({
  url: 'https://desk.example/bridge',
  finalUrl: 'https://desk.example/news/bridge',
  status: 'ok',
  reason: null,
  fetchedAt: '2026-11-01T10:00:00.000Z',
  text: 'old text',
  title: null,
  author: null,
  publishedAt: null,
  language: null,
  paywalled: false,
  extraction: null,
  ...over,
});
const raw = (p: ItemPage | undefined, itemKey = 'item-a'): RawItemRecord =>
  ({ itemKey, page: p }) as unknown as RawItemRecord;

describe('kept pages for replay', () => {
  it('names the kept page by its hash, or by item key and fetch time on older records', () => {
    expect(pageRefOf(raw(page({ sha256: SHA })))).toBe(SHA);
    expect(pageRefOf(raw(page({})))).toBe('item-a 2026-11-01T10:00:00.000Z');
    expect(pageRefOf(raw(page({ status: 'walled' })))).toBe('item-a 2026-11-01T10:00:00.000Z');
    expect(pageRefOf(raw(page({ status: 'failed', reason: 'no-article: nothing' })))).toBe(
      'item-a 2026-11-01T10:00:00.000Z',
    );
    // Nothing kept: no page, a failed fetch, a page that was not HTML.
    expect(pageRefOf(raw(undefined))).toBeNull();
    expect(
      pageRefOf(raw(page({ status: 'failed', reason: 'http-status: HTTP 404', sha256: null }))),
    ).toBeNull();
    expect(
      pageRefOf(raw(page({ status: 'skipped', reason: 'robots-disallowed', fetchedAt: null }))),
    ).toBeNull();
    expect(pageDocumentRefs(doc)).toEqual([SHA, 'item-a 2026-11-01T10:00:00.000Z']);
  });

  it('extracts a kept page again and puts it on the item, keeping what the fetch established', () => {
    const fresh = reextractPage(doc);
    expect(fresh).toMatchObject({ status: 'ok', sha256: SHA, finalUrl: 'https://desk.example/news/bridge' });
    expect(fresh.text).toMatch(/^The old bridge.*\n\nCyclists get a lane/s);
    // After a 304 the item names the HTML another item kept, and was confirmed later.
    const confirmed = page({
      url: 'https://desk.example/bridge?ref=rss',
      fetchedAt: '2026-11-02T09:00:00.000Z',
      sha256: SHA,
    });
    const merged = withFreshPage(raw(confirmed, 'item-b'), fresh).page!;
    expect(merged).toMatchObject({
      url: 'https://desk.example/bridge?ref=rss',
      fetchedAt: '2026-11-02T09:00:00.000Z',
      sha256: SHA,
      text: fresh.text,
    });
  });

  it('refuses a kept page whose body does not match its hash', () => {
    expect(() => reextractPage({ ...doc, body: { ...doc.body, sha256: 'f'.repeat(64) } })).toThrow(
      /page of item item-a: body does not match its hash/,
    );
  });
});
