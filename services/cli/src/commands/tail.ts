import { randomUUID } from 'node:crypto';
import { TOPICS, subjectStreamName, topicStreamName, type WirestreamConfig } from '@wirestream/contract';
import { KafkaGateway, createLogger } from '@wirestream/runtime';

export interface TailOptions {
  fromBeginning?: boolean;
  max?: string;
  idleExit?: string;
}

/**
 * Accepts a registry name (news.articles.v1), a short one (articles, dlq, subject.health) or a topic
 * or subject slug (sanctions, sport). A slug that names both a topic and a subject (health) is the
 * topic stream; `subject.<slug>` names the subject stream.
 */
export function resolveTopicName(name: string): string {
  if (TOPICS.some((t) => t.name === name)) return name;
  for (const candidate of [`news.${name}.v1`, topicStreamName(name), subjectStreamName(name)])
    if (TOPICS.some((t) => t.name === candidate)) return candidate;
  throw new Error(`unknown topic "${name}"; \`wirestream topics\` lists them`);
}

/** `wirestream tail <topic>`: prints records as JSON lines, without joining any real consumer group's offsets. */
export async function tailCommand(
  config: WirestreamConfig,
  topic: string,
  options: TailOptions,
): Promise<void> {
  const kafka = new KafkaGateway(
    config.kafka,
    createLogger(config.log.level === 'info' ? 'warn' : config.log.level),
  );
  const max = options.max ? Number(options.max) : Number.POSITIVE_INFINITY;
  const idleMs = options.idleExit ? Number(options.idleExit) * 1000 : null;
  const consumer = kafka.consumer({ groupId: `wirestream-tail-${randomUUID()}` });
  let printed = 0;
  let lastSeen = Date.now();
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  await consumer.connect();
  await consumer.subscribe({
    topics: [kafka.topic(resolveTopicName(topic))],
    fromBeginning: options.fromBeginning ?? false,
  });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message }) => {
      if (printed >= max) return;
      lastSeen = Date.now();
      process.stdout.write(`${message.value?.toString('utf8') ?? 'null'}\n`);
      if (++printed >= max) finish();
    },
  });
  const idle = idleMs ? setInterval(() => Date.now() - lastSeen > idleMs && finish(), 200) : null;
  const onSignal = (): void => finish();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  await finished;
  if (idle) clearInterval(idle);
  await consumer.disconnect();
}
