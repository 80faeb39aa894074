/**
 * One example record per topic schema, as the AsyncAPI contract shows them. Invented (the agency
 * and its URLs do not exist) but complete: each is a record as wirestream writes it, and the tests
 * check it against the zod schema, the generated JSON Schema and the AsyncAPI document.
 */
import type { ArticleRecord } from './article.js';
import type { DeadLetterRecord } from './dead-letter.js';
import type { DuplicateRecord } from './duplicate.js';
import type { FeedDocumentRecord } from './feed-document.js';
import { toNinjs } from './ninjs.js';
import type { PageDocumentRecord } from './page-document.js';
import type { RawItemRecord } from './raw-item.js';

export interface RecordExample {
  name: string;
  summary: string;
  key: string;
  headers: Record<string, string>;
  payload: unknown;
}

const FEED = {
  id: 'nordwire-world',
  agency: 'Nordwire',
  name: 'Nordwire World',
  url: 'https://nordwire.example/world/rss.xml',
};
const ITEM_KEY = 'i-5c0f2a9be1d34e7a86b1c0de';
const LINK = 'https://nordwire.example/world/eu-sanctions-shipping';
const TITLE = 'EU widens sanctions on Russian shipping firms';
const LEAD =
  'BRUSSELS (Nordwire) - The European Union on Tuesday added twelve shipping companies registered in Russia to its sanctions list, accusing them of carrying oil above the price cap.';
const SECOND = 'The foreign ministry in Moscow called the move unlawful and said it would respond.';

export const exampleRawItem: RawItemRecord = {
  schemaVersion: 1,
  itemKey: ITEM_KEY,
  change: 'new',
  itemHash: 'h-8d41c2aa0b7e95f3d6c1e402',
  feed: { ...FEED, format: 'rss', title: 'Nordwire World', languageHint: 'en' },
  item: {
    guid: 'nw-2026-12-01-0042',
    link: LINK,
    title: TITLE,
    summary: 'Brussels adds twelve companies to its sanctions list.',
    contentHtml: `<p>${LEAD}</p><p>${SECOND}</p>`,
    authors: ['Anna Berg'],
    categories: [{ term: 'World', scheme: null, label: null }],
    published: 'Tue, 01 Dec 2026 09:30:00 GMT',
    updated: null,
    language: null,
    media: [
      {
        url: 'https://nordwire.example/img/tanker.jpg',
        type: 'image/jpeg',
        title: 'A tanker off the coast',
        credit: 'Nordwire/J. Holm',
      },
    ],
  },
  fetchedAt: '2026-12-01T09:35:00.000Z',
  http: {
    status: 200,
    finalUrl: FEED.url,
    contentType: 'application/rss+xml; charset=utf-8',
    etag: '"5f1c-42"',
    lastModified: 'Tue, 01 Dec 2026 09:31:12 GMT',
  },
};

export const exampleFeedDocument: FeedDocumentRecord = {
  schemaVersion: 1,
  feed: { id: FEED.id, agency: FEED.agency, name: FEED.name, languageHint: 'en' },
  url: FEED.url,
  finalUrl: FEED.url,
  fetchedAt: '2026-12-01T09:35:00.000Z',
  http: {
    status: 200,
    headers: { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"5f1c-42"' },
  },
  body: {
    encoding: 'gzip+base64',
    data: 'H4sIAAAAAAACA0WPPU/DMBCG9/4Ky7tzjoUQQq47wdgBUTFH8ZGc6pwjn9P05yPaEtb3S8/rD9cpqQsWocx73TZWK+Q+R+Jhr0+f7+ZFH8LOF5H/lGusDr4fO2ZMwVeqCcMxl7hSQfWVS4oe7qqnilPww0Ix8Gqcdc+mdca2xton5+Fm+ER8DmOts7wC8GOowWs3zQlh/R0EXIx03FfKLEZGmmfiwcOt+kB4O6mVIrKoLakyq49FhDpWfyX1TWWSjRDuiLD9gSISdj9hqD8KGgEAAA==',
    bytes: 282,
    sha256: '37ad281aa5d29f782d754fb23e07316a8076ae2c62898f710e3fd96adb95bec8',
  },
};

export const examplePageDocument: PageDocumentRecord = {
  schemaVersion: 1,
  itemKey: ITEM_KEY,
  feedId: FEED.id,
  url: LINK,
  finalUrl: LINK,
  fetchedAt: '2026-12-01T09:35:01.000Z',
  http: { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } },
  body: {
    encoding: 'gzip+base64',
    data: 'H4sIAAAAAAACA5WQvU7FMAxGd57C3AkGiO5uMiB1Qwy3tw8QGtNYSp0odqn69qhU/KwsHiz5fD4f3sYy2lYJks3Z4z4hB5meTiQnj4lC9GhsmXw3wMqRREGDjMZFFIrAZVHlIKCJa2WZ4J3brOiOI3QH4q3EzWNoxuO+Tef/4tLZY/XPl6Hvu5ce7l5Liys3uocHuCaCbmmlUhAYhIvspOtCGsMGIUaKYCvlD/rFjmWuQZgUGk2sRo0i8Hc+WAG2v69lVntEVz26Hwt3WLmv7m4+ARySB+VMAQAA',
    bytes: 332,
    sha256: '144f39e6fc7d2c7515e33061beef3c1c33b6993c212b9377e075dbd38cbc86a3',
  },
};

const evidence = (term: string, match: string, offset: number, sentence: string) => ({
  term,
  match,
  field: 'title' as const,
  offset,
  sentence,
});

export const exampleArticle: ArticleRecord = {
  schemaVersion: 1,
  id: 'a-b07fc4c3a40575efe34f5e0f',
  revision: 1,
  revisionReason: null,
  url: LINK,
  canonicalUrl: LINK,
  title: TITLE,
  summary: 'Brussels adds twelve companies to its sanctions list.',
  body: `${LEAD}\n\n${SECOND}`,
  credit: null,
  language: 'en',
  publishedAt: '2026-12-01T09:30:00.000Z',
  publishedAtSource: 'feed',
  publishedAtNote: null,
  fetchedAt: '2026-12-01T09:35:00.000Z',
  textSource: 'feed',
  pageStatus: null,
  pageReason: null,
  source: { feedId: FEED.id, agency: FEED.agency, name: FEED.name },
  authors: ['Anna Berg'],
  categories: ['World'],
  images: [
    {
      url: 'https://nordwire.example/img/tanker.jpg',
      caption: 'A tanker off the coast',
      credit: 'Nordwire/J. Holm',
      type: 'image/jpeg',
    },
  ],
  subjects: [
    {
      slug: 'politics',
      iptc: 'medtop:11000000',
      score: 0.59,
      evidence: [evidence('EU', 'EU', 0, TITLE)],
    },
    {
      slug: 'economy-business',
      iptc: 'medtop:04000000',
      score: 0.2,
      evidence: [evidence('shipping', 'shipping', 31, TITLE)],
    },
  ],
  topics: [
    {
      slug: 'sanctions',
      iptc: 'medtop:20000642',
      score: 0.91,
      evidence: [evidence('sanction', 'sanctions', 10, TITLE)],
    },
  ],
  entities: {
    countries: [
      {
        code: 'RU',
        name: 'Russia',
        mentions: 3,
        primary: true,
        evidence: [evidence('Russian', 'Russian', 23, TITLE)],
      },
    ],
    people: [],
    organizations: [{ id: 'eu', name: 'European Union', mentions: 4 }],
  },
  bilateral: [],
  dedupe: {
    status: 'unique',
    duplicateOf: null,
    reason: null,
    similarity: null,
    contentHash: 'c-3ab233475597afdba55eb34ae69d1f76',
    fingerprint: 'mh2:dBdawsOdIiQSJOuFYaqz57AwfEn/tkSrTj0NDe7TfgGFnW7T1CM3',
    evidence: null,
  },
  storyId: 's-b07fc4c3a40575efe34f5e0f',
  taxonomyVersion: '2026.12.5',
  pipelineVersion: '0.1.0',
};

const COPY_URL = 'https://southwire.example/europe/2026/12/01/eu-sanctions';

export const exampleDuplicate: DuplicateRecord = {
  schemaVersion: 1,
  id: 'a-41d09c7e2b8f6a15c3e0d972',
  duplicateOf: exampleArticle.id,
  storyId: exampleArticle.storyId,
  status: 'duplicate',
  reason: 'same-content',
  similarity: 1,
  occurrence: { feedId: 'southwire-europe', itemKey: 'i-0e6b3f1d9a2c48e57b13aa60', url: COPY_URL },
  detectedAt: '2026-12-01T09:41:07.000Z',
  article: {
    ...exampleArticle,
    id: 'a-41d09c7e2b8f6a15c3e0d972',
    url: COPY_URL,
    canonicalUrl: COPY_URL,
    fetchedAt: '2026-12-01T09:41:05.000Z',
    source: { feedId: 'southwire-europe', agency: 'Southwire', name: 'Southwire Europe' },
    authors: [],
    categories: [],
    images: [],
    dedupe: {
      status: 'duplicate',
      duplicateOf: exampleArticle.id,
      reason: 'same-content',
      similarity: 1,
      contentHash: exampleArticle.dedupe.contentHash,
      fingerprint: exampleArticle.dedupe.fingerprint,
      evidence: null,
    },
  },
};

export const exampleDeadLetter: DeadLetterRecord = {
  schemaVersion: 1,
  stage: 'validate',
  error: { name: 'ContractError', message: 'news.raw.v1: fetchedAt: Invalid ISO datetime' },
  source: {
    topic: 'news.raw.v1',
    partition: 2,
    offset: '18734',
    key: 'i-77a1e0c45b2d9f3861ce04ab',
    feedId: null,
    url: null,
  },
  payload: '{"schemaVersion":1,"itemKey":"i-77a1e0c45b2d9f3861ce04ab","fetchedAt":"yesterday"}',
  payloadEncoding: 'utf8',
  payloadTruncated: false,
  failedAt: '2026-12-01T09:35:02.000Z',
};

const plain = (schema: string) => ({ 'content-type': 'application/json', 'ws-schema': schema });
const enriched = (schema: string, revision: number, decision: string) => ({
  ...plain(schema),
  'ws-revision': String(revision),
  'ws-decision': decision,
});

/** Examples by schema id (the `id` of the zod schema's meta, as in json-schema/<id>.json). */
export const EXAMPLES: Record<string, RecordExample[]> = {
  'news.raw.v1': [
    {
      name: 'new-item',
      summary: 'A new item of an RSS feed',
      key: ITEM_KEY,
      headers: plain('news.raw.v1'),
      payload: exampleRawItem,
    },
  ],
  'news.feeds.raw.v1': [
    {
      name: 'feed-document',
      summary: 'A fetched RSS document',
      key: FEED.id,
      headers: plain('news.feeds.raw.v1'),
      payload: exampleFeedDocument,
    },
  ],
  'news.pages.v1': [
    {
      name: 'article-page',
      summary: 'The article page an item links to',
      key: ITEM_KEY,
      headers: plain('news.pages.v1'),
      payload: examplePageDocument,
    },
  ],
  'news.articles.v1': [
    {
      name: 'new-article',
      summary: 'A unique article, first publication',
      key: exampleArticle.id,
      headers: enriched('news.articles.v1', 1, 'new'),
      payload: exampleArticle,
    },
  ],
  'news.articles.ninjs.v1': [
    {
      name: 'ninjs-article',
      summary: 'The same article as a ninjs 3.1 news item',
      key: exampleArticle.id,
      headers: enriched('news.articles.ninjs.v1', 1, 'new'),
      payload: toNinjs(exampleArticle),
    },
  ],
  'news.duplicates.v1': [
    {
      name: 'copy',
      summary: 'Another agency carries the same text',
      key: exampleDuplicate.id,
      headers: enriched('news.duplicates.v1', 1, 'copy'),
      payload: exampleDuplicate,
    },
  ],
  'news.dlq.v1': [
    {
      name: 'invalid-raw-record',
      summary: 'A raw record that does not match its schema',
      key: 'i-77a1e0c45b2d9f3861ce04ab',
      headers: plain('news.dlq.v1'),
      payload: exampleDeadLetter,
    },
  ],
};
