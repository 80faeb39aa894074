import { randomUUID } from 'node:crypto';
import { createKafkaClient } from '@wirestream/runtime';

/** Poison records are not JSON on purpose; they are returned as text. */
function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface ConsumedRecord {
  topic: string;
  key: string | null;
  value: unknown;
  headers: Record<string, string>;
}

/**
 * Reads topics from the beginning with a throw-away consumer group until `until` holds and no
 * record has arrived for `idleMs` (or the timeout). Returns everything read, in order per partition.
 */
export async function readTopics(
  brokers: string[],
  topics: string[],
  options: { idleMs?: number; timeoutMs?: number; until?: (records: ConsumedRecord[]) => boolean } = {},
): Promise<ConsumedRecord[]> {
  const kafka = createKafkaClient({ clientId: 'wirestream-test-reader', brokers });
  const consumer = kafka.consumer({ groupId: `test-reader-${randomUUID()}`, readUncommitted: false });
  const records: ConsumedRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  let last = Date.now();
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, message }) => {
      last = Date.now();
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = String(v);
      records.push({
        topic,
        key: message.key?.toString('utf8') ?? null,
        value: parseOrText(message.value?.toString('utf8') ?? 'null'),
        headers,
      });
    },
  });
  const idleMs = options.idleMs ?? 3000;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  // Done when the condition holds and nothing more arrived for idleMs (so extra records would be seen);
  // without records yet, a slow group join must not pass for an empty topic, hence the longer wait.
  await new Promise<void>((resolve) => {
    const t = setInterval(() => {
      const idle = Date.now() - last;
      const satisfied = options.until ? options.until(records) : records.length > 0 || idle > idleMs * 3;
      if (Date.now() > deadline || (satisfied && idle > idleMs)) {
        clearInterval(t);
        resolve();
      }
    }, 100);
  });
  await consumer.disconnect();
  return records;
}
