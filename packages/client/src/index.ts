/**
 * @wirestream/client: read wirestream's Kafka topics correctly.
 *
 * - subscribe to the articles, a topic or subject stream, the duplicates or the dead letters by name;
 * - every record decoded and validated against the contract (the zod schemas are part of this
 *   package's build); one that fails goes to `onInvalid`, never into your handler or your loop;
 * - read_committed always, with the records of aborted transactions skipped correctly whatever order
 *   several producers aborted them in (no kafkajs patch needed);
 * - at-least-once: a record's offset is committed after your handler returned for it; make the
 *   handler idempotent with `record.idempotenceKey` (`<id>@<revision>` for articles);
 * - `StoryIndex` and `findArticle` / `followDuplicate` to follow a copy to its original and to group
 *   a story by `storyId`; graceful `stop()`.
 */
export { WirestreamClient, type ClientOptions, type FindArticleOptions } from './client.js';
export type { HandlerContext, RecordHandler, SubscribeOptions, Subscription } from './subscription.js';
export {
  idempotenceKey,
  decodeRecord,
  type Decoded,
  type InvalidRecord,
  type RecordMeta,
  type WirestreamRecord,
} from './records.js';
export {
  resolveStream,
  streamNames,
  type ArticleStreamName,
  type DeadLetterStreamName,
  type DuplicateStreamName,
  type RecordKind,
  type RecordOf,
  type StreamName,
  type StreamSpec,
} from './streams.js';
export { StoryIndex, groupByStory, isDuplicate, type Story, type StoryIndexOptions } from './stories.js';
export {
  withoutAbortedTransactions,
  type AbortedTransaction,
  type FetchedRecord,
} from './aborted-transactions.js';
// The contract: zod schemas (and their types) of the records the client delivers, and the topic registry's slugs.
export {
  ArticleRecord,
  DuplicateRecord,
  DeadLetterRecord,
  Evidence,
  CountryMention,
  TopicTag,
  SubjectTag,
  TOPIC_SLUGS,
  SUBJECTS,
  SUBJECT_SLUGS,
  type TopicSlug,
  type SubjectSlug,
} from '@wirestream/contract';
