import { TOPICS, type WirestreamConfig } from '@wirestream/contract';
import { KafkaGateway, createLogger } from '@wirestream/runtime';
import { table as makeTable } from '../table.js';

const days = (ms: number): string => `${Math.round(ms / 86_400_000)} d`;

/** `wirestream topics`: creates every topic that is missing (idempotent) and lists them all. */
export async function topicsCommand(config: WirestreamConfig): Promise<void> {
  const kafka = new KafkaGateway(config.kafka, createLogger(config.log.level));
  const { created } = await kafka.ensureTopics();
  const table = makeTable(['topic', 'partitions', 'retention', 'key', 'state']);
  for (const spec of TOPICS) {
    const name = kafka.topic(spec);
    table.push([
      name,
      spec.partitions,
      days(spec.retentionMs),
      spec.key,
      created.includes(name) ? 'created' : 'exists',
    ]);
  }
  process.stdout.write(
    `${table.toString()}\n${created.length} created, ${TOPICS.length - created.length} already there\n`,
  );
}
