import { z } from 'zod';
import { ArticleRecord } from './article.js';
import { WirestreamConfig } from './config.js';
import { DeadLetterRecord } from './dead-letter.js';
import { DuplicateRecord } from './duplicate.js';
import { EnrichInput } from './enrich-input.js';
import { FeedDocumentRecord } from './feed-document.js';
import { FeedList } from './feed-source.js';
import { NinjsArticle } from './ninjs.js';
import { PageDocumentRecord } from './page-document.js';
import { RawItemRecord } from './raw-item.js';

/** Each published JSON Schema document: file name → zod source. */
export const JSON_SCHEMA_SOURCES = {
  'news.raw.v1.json': RawItemRecord,
  'news.feeds.raw.v1.json': FeedDocumentRecord,
  'news.pages.v1.json': PageDocumentRecord,
  'news.articles.v1.json': ArticleRecord,
  'news.articles.ninjs.v1.json': NinjsArticle,
  'news.duplicates.v1.json': DuplicateRecord,
  'news.dlq.v1.json': DeadLetterRecord,
  'feed-list.json': FeedList,
  'enrich-input.json': EnrichInput,
  'config.json': WirestreamConfig,
} as const;

/** JSON Schema (draft 2020-12) text for every contract document, as checked in under json-schema/. */
export function renderJsonSchemas(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(JSON_SCHEMA_SOURCES).map(([file, schema]) => [
      file,
      `${JSON.stringify(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }), null, 2)}\n`,
    ]),
  );
}
