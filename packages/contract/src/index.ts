// The record contract, the topic registry and the configuration schema: everything here is public.
export { UtcInstant, CountryCode, TextField, Evidence } from './common.js';
export {
  FeedFormat,
  ItemCategory,
  ItemMedia,
  FeedItem,
  ItemPage,
  PageStatus,
  RawItemRecord,
} from './raw-item.js';
export { PageDocumentRecord } from './page-document.js';
export { FeedDocumentRecord, keptHeaders } from './feed-document.js';
export {
  TopicTag,
  SubjectTag,
  CountryMention,
  PersonMention,
  OrganizationMention,
  BilateralRelation,
  DedupeStatus,
  DedupeReason,
  DedupeVerdict,
  SharedFact,
  StoryEvidence,
  ArticleImage,
  PublishedAtNote,
  RevisionReason,
  ArticleRecord,
} from './article.js';
export { DuplicateRecord } from './duplicate.js';
export { RecordHeaders, EnrichedHeaders } from './headers.js';
export { NinjsArticle, NINJS_SCHEMA_URI, mediaTopicUri, toNinjs, webUri } from './ninjs.js';
export { FailureStage, DeadLetterRecord } from './dead-letter.js';
export {
  TOPIC_SLUGS,
  SUBJECTS,
  SUBJECT_SLUGS,
  RAW_TOPIC,
  FEEDS_RAW_TOPIC,
  PAGES_TOPIC,
  ARTICLES_TOPIC,
  ARTICLES_NINJS_TOPIC,
  DUPLICATES_TOPIC,
  DLQ_TOPIC,
  TOPIC_STREAMS,
  SUBJECT_STREAMS,
  TOPICS,
  topicStreamName,
  subjectStreamName,
  qualifiedTopic,
  findTopic,
  topicHeaders,
  type TopicSlug,
  type SubjectSlug,
  type TopicSpec,
  type OutgoingRecord,
  type TopicBatch,
} from './topics.js';
export { FeedSource, FeedListEntry, FeedList, FullTextPolicy } from './feed-source.js';
export { EnrichInput } from './enrich-input.js';
export { WirestreamConfig, type TlsConfig } from './config.js';
export { JSON_SCHEMA_SOURCES, renderJsonSchemas } from './json-schema.js';
export { ContractError, validate } from './validate.js';
