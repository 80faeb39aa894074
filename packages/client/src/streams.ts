/**
 * The streams a consumer can subscribe to, by name, from the contract's topic registry: the articles,
 * a topic or subject stream, the duplicates and the dead letters. Each resolves to its topic (without
 * the deployment's prefix), the kind of record it carries and the zod schema every record is checked
 * against.
 */
import {
  ARTICLES_TOPIC,
  ArticleRecord,
  DLQ_TOPIC,
  DUPLICATES_TOPIC,
  DeadLetterRecord,
  DuplicateRecord,
  SUBJECT_SLUGS,
  TOPIC_SLUGS,
  subjectStreamName,
  topicStreamName,
  type SubjectSlug,
  type TopicSlug,
} from '@wirestream/contract';
import type { z } from 'zod';

/** Names of the streams of enriched articles: `articles`, `topic.<slug>`, `subject.<slug>`, a bare slug or the topic name. */
export type ArticleStreamName =
  | 'articles'
  | 'news.articles.v1'
  | TopicSlug
  | SubjectSlug
  | `topic.${TopicSlug}`
  | `subject.${SubjectSlug}`
  | `news.topic.${TopicSlug}.v1`
  | `news.subject.${SubjectSlug}.v1`;
export type DuplicateStreamName = 'duplicates' | 'news.duplicates.v1';
export type DeadLetterStreamName = 'dlq' | 'dead-letters' | 'news.dlq.v1';

/** Every name `subscribe` takes. A bare slug that is both a topic and a subject (`health`) is the topic. */
export type StreamName = ArticleStreamName | DuplicateStreamName | DeadLetterStreamName;

export type RecordKind = 'article' | 'duplicate' | 'dead-letter';

/** The record type a stream carries. */
export type RecordOf<S extends StreamName> = S extends DuplicateStreamName
  ? DuplicateRecord
  : S extends DeadLetterStreamName
    ? DeadLetterRecord
    : ArticleRecord;

export interface StreamSpec {
  /** The topic name in the registry (`news.topic.sanctions.v1`), without the deployment's prefix. */
  topic: string;
  kind: RecordKind;
  schema: z.ZodType;
}

const topicSlugs = new Set<string>(TOPIC_SLUGS);
const subjectSlugs = new Set<string>(SUBJECT_SLUGS);

const article = (topic: string): StreamSpec => ({ topic, kind: 'article', schema: ArticleRecord });

/** The stream a name stands for; throws (at subscribe time, never in the loop) on a name it does not know. */
export function resolveStream(name: string): StreamSpec {
  if (name === 'articles' || name === ARTICLES_TOPIC.name) return article(ARTICLES_TOPIC.name);
  if (name === 'duplicates' || name === DUPLICATES_TOPIC.name)
    return { topic: DUPLICATES_TOPIC.name, kind: 'duplicate', schema: DuplicateRecord };
  if (name === 'dlq' || name === 'dead-letters' || name === DLQ_TOPIC.name)
    return { topic: DLQ_TOPIC.name, kind: 'dead-letter', schema: DeadLetterRecord };
  const full = /^news\.(topic|subject)\.([a-z0-9-]+)\.v1$/.exec(name);
  const short = /^(topic|subject)\.([a-z0-9-]+)$/.exec(name);
  const [, layer, slug] = full ?? short ?? [name, topicSlugs.has(name) ? 'topic' : 'subject', name];
  if (layer === 'topic' && topicSlugs.has(slug!)) return article(topicStreamName(slug!));
  if (layer === 'subject' && subjectSlugs.has(slug!)) return article(subjectStreamName(slug!));
  throw new Error(
    `unknown stream "${name}": use articles, duplicates, dlq, topic.<slug> (${TOPIC_SLUGS.join(', ')}), ` +
      `subject.<slug> (${SUBJECT_SLUGS.join(', ')}), a bare slug or a full topic name`,
  );
}

/** Every stream name a consumer may use, in the registry's order (bare slugs left out). */
export function streamNames(): string[] {
  return [
    'articles',
    ...TOPIC_SLUGS.map((slug) => `topic.${slug}`),
    ...SUBJECT_SLUGS.map((slug) => `subject.${slug}`),
    'duplicates',
    'dlq',
  ];
}
