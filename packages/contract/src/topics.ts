import type { z } from 'zod';
import { ArticleRecord } from './article.js';
import { DeadLetterRecord } from './dead-letter.js';
import { DuplicateRecord } from './duplicate.js';
import { FeedDocumentRecord } from './feed-document.js';
import { PageDocumentRecord } from './page-document.js';
import { RawItemRecord } from './raw-item.js';

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

/**
 * The subject layer: the 17 top-level IPTC Media Topics, so every story has a place (a match
 * report goes to `sport`, not to a hard-news topic). Each has its own stream `news.subject.<slug>.v1`.
 */
export const SUBJECTS = [
  { slug: 'arts-culture', iptc: 'medtop:01000000', label: 'arts, culture, entertainment and media' },
  { slug: 'crime-law', iptc: 'medtop:02000000', label: 'crime, law and justice' },
  { slug: 'disaster-accident', iptc: 'medtop:03000000', label: 'disaster, accident and emergency incident' },
  { slug: 'economy-business', iptc: 'medtop:04000000', label: 'economy, business and finance' },
  { slug: 'education', iptc: 'medtop:05000000', label: 'education' },
  { slug: 'environment', iptc: 'medtop:06000000', label: 'environment' },
  { slug: 'health', iptc: 'medtop:07000000', label: 'health' },
  { slug: 'human-interest', iptc: 'medtop:08000000', label: 'human interest' },
  { slug: 'labour', iptc: 'medtop:09000000', label: 'labour' },
  { slug: 'lifestyle-leisure', iptc: 'medtop:10000000', label: 'lifestyle and leisure' },
  { slug: 'politics', iptc: 'medtop:11000000', label: 'politics and government' },
  { slug: 'religion', iptc: 'medtop:12000000', label: 'religion' },
  { slug: 'science-technology', iptc: 'medtop:13000000', label: 'science and technology' },
  { slug: 'society', iptc: 'medtop:14000000', label: 'society' },
  { slug: 'sport', iptc: 'medtop:15000000', label: 'sport' },
  { slug: 'conflict-war-peace', iptc: 'medtop:16000000', label: 'conflict, war and peace' },
  { slug: 'weather', iptc: 'medtop:17000000', label: 'weather' },
] as const;
export const SUBJECT_SLUGS = SUBJECTS.map((s) => s.slug);
export type SubjectSlug = (typeof SUBJECTS)[number]['slug'];

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
  partitions: 6,
  retentionMs: 30 * DAY_MS,
  maxMessageBytes: 4 * 1024 * 1024,
});

export const DUPLICATES_TOPIC = base({
  name: 'news.duplicates.v1',
  description: 'Each copy of an article already published, with the id it duplicates and why',
  key: 'article id of the copy',
  schema: DuplicateRecord,
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
  DUPLICATES_TOPIC,
  DLQ_TOPIC,
  ...TOPIC_STREAMS,
  ...SUBJECT_STREAMS,
];

/** Full topic name in a deployment: a prefix lets several environments (or test runs) share a cluster. */
export const qualifiedTopic = (prefix: string, name: string): string => `${prefix}${name}`;

export const findTopic = (name: string): TopicSpec | undefined => TOPICS.find((t) => t.name === name);
