/**
 * Follows wirestream's sanctions stream (news.topic.sanctions.v1) with @wirestream/client and prints
 * each article's headline, countries and the evidence that tagged it sanctions.
 *
 * The client reads committed (aborted transactions skipped), validates every record against the
 * contract (a record that fails goes to onInvalid, printed as INVALID), and commits a record's offset
 * after the handler returned: at-least-once, so the handler skips a repeat by its idempotence key
 * (`<id>@<revision>`). A real consumer keeps those keys where it keeps what it did (a database row, an
 * upsert by id and revision); a Set is enough to show it.
 *
 * Environment: KAFKA_BROKERS (default 127.0.0.1:9092), KAFKA_TOPIC_PREFIX (default none), GROUP_ID
 * (default ts-sanctions-follower), TOPIC_SLUG (default sanctions). Ctrl-C stops it gracefully.
 */
import { WirestreamClient, type ArticleRecord, type TopicSlug } from '@wirestream/client';

const slug = (process.env.TOPIC_SLUG ?? 'sanctions') as TopicSlug;
const client = new WirestreamClient({
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  topicPrefix: process.env.KAFKA_TOPIC_PREFIX ?? '',
});

/** The lines printed for one article (the Java example prints the same). */
function describe(article: ArticleRecord): string[] {
  const countries = article.entities.countries.map(
    (c) => `${c.code} ${c.name}${c.primary ? ' (primary)' : ''}`,
  );
  const evidence = article.topics
    .filter((tag) => tag.slug === slug)
    .flatMap((tag) => tag.evidence)
    .map((e) => `  evidence: ${e.field} "${e.match}" (${e.term}): ${e.sentence ?? '-'}`);
  return [
    `ARTICLE ${article.id}@${article.revision} ${article.title}`,
    `  countries: ${countries.length > 0 ? countries.join(', ') : 'none'}`,
    ...evidence,
  ];
}

const seen = new Set<string>();
let handled = 0;
let invalid = 0;

const subscription = await client.subscribe(
  `topic.${slug}`,
  {
    groupId: process.env.GROUP_ID ?? 'ts-sanctions-follower',
    fromBeginning: true,
    onInvalid: (record) => {
      invalid += 1;
      console.log(`INVALID ${record.partition}@${record.offset}: ${record.message}`);
    },
  },
  ({ value: article, idempotenceKey }) => {
    handled += 1;
    if (seen.has(idempotenceKey)) return; // delivered again after a restart: already printed
    seen.add(idempotenceKey);
    console.log(describe(article).join('\n'));
  },
);
console.error(`following ${subscription.topic}`);

const stop = async (): Promise<void> => {
  await subscription.stop();
  console.log(`STOPPED handled=${handled} invalid=${invalid}`);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
