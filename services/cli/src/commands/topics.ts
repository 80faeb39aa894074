import { TOPICS, type WirestreamConfig } from '@wirestream/contract';
import { KafkaGateway, createLogger } from '@wirestream/runtime';
import Table from 'cli-table3';

const days = (ms: number): string => `${Math.round(ms / 86_400_000)} d`;

/** `wirestream topics`: creates every topic that is missing (idempotent) and lists them all. */
export async function topicsCommand(config: WirestreamConfig): Promise<void> {
  const kafka = new KafkaGateway(config.kafka, createLogger(config.log.level));
  const { created } = await kafka.ensureTopics();
  const table = new Table({ head: ['topic', 'partitions', 'retention', 'key', 'state'], style: { head: [] } });
  for (const spec of TOPICS) {
    const name = kafka.topic(spec);
    table.push([name, spec.partitions, days(spec.retentionMs), spec.key, created.includes(name) ? 'created' : 'exists']);
  }
  process.stdout.write(`${table.toString()}\n${created.length} created, ${TOPICS.length - created.length} already there\n`);
}
