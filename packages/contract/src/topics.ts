import type { z } from 'zod';
import { ArticleRecord } from './article.js';
import { DeadLetterRecord } from './dead-letter.js';
import { DuplicateRecord } from './duplicate.js';
import { FeedDocumentRecord } from './feed-document.js';
import { EnrichedHeaders, RecordHeaders } from './headers.js';
import { NinjsArticle } from './ninjs.js';
import { PageDocumentRecord } from './page-document.js';
import { RawItemRecord } from './raw-item.js';
import { SUBJECTS } from './subjects.js';

/** The topic slugs of the taxonomy; each has its own stream `news.topic.<slug>.v1`. */
export const TOPIC_SLUGS = [
  'sanctions',
  'bilateral-relations',
  'diplomacy',
  'energy',
  'trade',
  'transport-logistics',
  'aviation-accident',
  'arrest-detention',
  'armed-conflict',
  'elections',
  'economy-markets',
  'media-freedom',
  'justice-courts',
  'natural-disaster',
  'health',
  'cyber',
] as const;
export type TopicSlug = (typeof TOPIC_SLUGS)[number];

export { SUBJECTS, SUBJECT_SLUGS, type SubjectSlug } from './subjects.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface TopicSpec {
  /** Topic name without the deployment prefix. */
  name: string;
  description: string;
  key: string;
  schema: z.ZodType;
  partitions: number;
  retentionMs: number;
  /** Largest record the topic accepts, in bytes. */
  maxMessageBytes: number;
  /** The headers its records carry (documented in the AsyncAPI contract); RecordHeaders when left out. */
  headers?: z.ZodType;
  /**
   * How records get there. "transactional": in the enricher's transactions, each with the offsets of
   * the raw records it consumed (exactly once for readers that read committed, unless the enricher
   * runs with `enricher.delivery: at-least-once`). "at-least-once" (when left out): an idempotent
   * producer, so no duplicates from retries, but a record can be published again after a failure.
   */
  delivery?: 'transactional' | 'at-least-once';
}

/** One record to publish: its key, its value (validated against the topic's schema) and extra headers. */
export interface OutgoingRecord {
  key: string;
  value: unknown;
  headers?: Record<string, string>;
}

/** Records bound for one topic of the registry; what the Kafka module sends and the routing returns. */
export interface TopicBatch {
  spec: TopicSpec;
  records: OutgoingRecord[];
}

const base = (spec: TopicSpec): TopicSpec => spec;

export const RAW_TOPIC = base({
  name: 'news.raw.v1',
  description: 'One record per new or changed feed item',
  key: 'itemKey: hash of feed id and item guid (or link)',
  schema: RawItemRecord,
  partitions: 6,
  retentionMs: 14 * DAY_MS,
  maxMessageBytes: 4 * 1024 * 1024,
});

export const FEEDS_RAW_TOPIC = base({
  name: 'news.feeds.raw.v1',
  description: 'Every fetched feed document (compressed), so feeds can be re-parsed after a parser fix',
  key: 'feed id',
  schema: FeedDocumentRecord,
  partitions: 3,
  retentionMs: 90 * DAY_MS,
  maxMessageBytes: 16 * 1024 * 1024,
});

export const PAGES_TOPIC = base({
  name: 'news.pages.v1',
  description:
    'Every fetched article page (compressed HTML), so pages can be re-extracted after an extractor change',
  key: 'itemKey of the item that links to the page',
  schema: PageDocumentRecord,
  partitions: 3,
  retentionMs: 90 * DAY_MS,
  maxMessageBytes: 16 * 1024 * 1024,
});

export const ARTICLES_TOPIC = base({
  name: 'news.articles.v1',
  description: 'One enriched record per unique article (and per revision of it)',
  key: 'article id',
  schema: ArticleRecord,
  headers: EnrichedHeaders,
  delivery: 'transactional',
  partitions: 6,
  retentionMs: 30 * DAY_MS,
  maxMessageBytes: 4 * 1024 * 1024,
});

/**
 * Each unique article (and revision) as an IPTC ninjs 3.1 news item; published only when
 * `enricher.ninjs` is on, in the same transaction as the article.
 */
export const ARTICLES_NINJS_TOPIC = base({
  name: 'news.articles.ninjs.v1',
  description: 'Each unique article (and revision of it) as an IPTC ninjs 3.1 news item; off by default',
  key: 'article id',
  schema: NinjsArticle,
  headers: EnrichedHeaders,
  delivery: 'transactional',
  partitions: 6,
  retentionMs: 30 * DAY_MS,
  maxMessageBytes: 4 * 1024 * 1024,
});

export const DUPLICATES_TOPIC = base({
  name: 'news.duplicates.v1',
  description: 'Each copy of an article already published, with the id it duplicates and why',
  key: 'article id of the copy',
  schema: DuplicateRecord,
  headers: EnrichedHeaders,
  delivery: 'transactional',
  partitions: 3,
  retentionMs: 30 * DAY_MS,
  maxMessageBytes: 8 * 1024 * 1024,
});

export const DLQ_TOPIC = base({
  name: 'news.dlq.v1',
  description:
    'Every record or feed document that failed, with the stage, the error and the original payload',
  key: 'the original key, or the feed id',
  schema: DeadLetterRecord,
  partitions: 1,
  retentionMs: 90 * DAY_MS,
  maxMessageBytes: 8 * 1024 * 1024,
});

export const topicStreamName = (slug: string): string => `news.topic.${slug}.v1`;

/** Subject streams: `news.subject.<slug>.v1`, one per top-level IPTC subject. */
export const subjectStreamName = (slug: string): string => `news.subject.${slug}.v1`;

/** A stream of enriched articles (topic or subject): the same key, schema and settings for every one. */
const articleStream = (name: string, description: string): TopicSpec =>
  base({
    name,
    description,
    key: 'article id',
    schema: ArticleRecord,
    headers: EnrichedHeaders,
    delivery: 'transactional',
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    maxMessageBytes: 4 * 1024 * 1024,
  });

export const TOPIC_STREAMS: readonly TopicSpec[] = TOPIC_SLUGS.map((slug) =>
  articleStream(topicStreamName(slug), `Enriched articles tagged ${slug}`),
);

export const SUBJECT_STREAMS: readonly TopicSpec[] = SUBJECTS.map((subject) =>
  articleStream(
    subjectStreamName(subject.slug),
    `Enriched articles with the subject ${subject.slug} (${subject.iptc}, ${subject.label})`,
  ),
);

/** Every topic wirestream owns, in the order `wirestream topics` lists them. */
export const TOPICS: readonly TopicSpec[] = [
  RAW_TOPIC,
  FEEDS_RAW_TOPIC,
  PAGES_TOPIC,
  ARTICLES_TOPIC,
  ARTICLES_NINJS_TOPIC,
  DUPLICATES_TOPIC,
  DLQ_TOPIC,
  ...TOPIC_STREAMS,
  ...SUBJECT_STREAMS,
];

/** Full topic name in a deployment: a prefix lets several environments (or test runs) share a cluster. */
export const qualifiedTopic = (prefix: string, name: string): string => `${prefix}${name}`;

export const findTopic = (name: string): TopicSpec | undefined => TOPICS.find((t) => t.name === name);

/** The headers a topic's records carry. */
export const topicHeaders = (spec: TopicSpec): z.ZodType => spec.headers ?? RecordHeaders;
