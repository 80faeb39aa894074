import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createKafkaClient, type KafkaConsumer } from '@wirestream/runtime';

export interface CollectedRecord {
  topic: string;
  key: string | null;
  value: unknown;
}

/**
 * One consumer (read_committed) that keeps every record of some topics from the beginning, so each
 * test waits for the records it expects without joining a consumer group of its own.
 */
export class TopicCollector {
  readonly records: CollectedRecord[] = [];

  private constructor(private readonly consumer: KafkaConsumer) {}

  static async start(brokers: string[], topics: string[]): Promise<TopicCollector> {
    const kafka = createKafkaClient({ clientId: 'hostile-collector', brokers });
    const consumer = kafka.consumer({ groupId: `hostile-collector-${randomUUID()}`, readUncommitted: false });
    const collector = new TopicCollector(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, message }) => {
        const text = message.value?.toString('utf8') ?? 'null';
        let value: unknown = text;
        try {
          value = JSON.parse(text);
        } catch {
          // kept as text: poison records are not JSON on purpose
        }
        collector.records.push({ topic, key: message.key?.toString('utf8') ?? null, value });
      },
    });
    return collector;
  }

  /** The first value `pick` returns for the records collected so far, waiting for it up to the timeout. */
  async waitFor<T>(
    what: string,
    pick: (records: CollectedRecord[]) => T | undefined,
    timeoutMs = 60_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = pick(this.records);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

/** The value of a counter for the given labels (0 when it never counted them). */
/** The part of a prom-client counter a test reads. */
interface Readable {
  get(): Promise<{ values: { labels: Partial<Record<string, string | number>>; value: number }[] }>;
}

export async function counted(counter: Readable, labels: Record<string, string>): Promise<number> {
  const { values } = await counter.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want))
    .reduce((sum, v) => sum + v.value, 0);
}

/** A well-behaved RSS feed of `count` items, distinct per feed id so nothing dedupes across feeds. */
export function goodFeed(id: string, count: number): string {
  const items = Array.from(
    { length: count },
    (_, n) => `<item><guid>${id}-${n + 1}</guid><title>Harbour report ${n + 1} from ${id}</title>
<link>https://good.example/${id}/${n + 1}</link><pubDate>Mon, 03 Nov 2025 0${n}:15:00 GMT</pubDate>
<description>Dispatch ${n + 1} of feed ${id}: ferry timetables, cargo volumes and weather notes.</description></item>`,
  ).join('');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>${id}</title>${items}</channel></rss>`;
}

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

/** Sends `total` bytes of `chunk` with backpressure (never more in memory than the socket holds); counts what went out. */
export function streamBytes(
  res: ServerResponse,
  head: string,
  chunk: Buffer,
  total: number,
  sent: { bytes: number; closed: boolean },
): void {
  res.writeHead(200, { 'content-type': 'application/rss+xml' }); // no Content-Length: chunked
  res.write(head);
  sent.bytes += head.length;
  res.on('close', () => {
    sent.closed = true;
  });
  const pump = (): void => {
    while (sent.bytes < total && !sent.closed) {
      sent.bytes += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!sent.closed) res.end('</title></channel></rss>');
  };
  pump();
}

/**
 * The one line each hostile input class prints, from what was observed. Inner double quotes become
 * single ones and unprintable characters "?", so the reason stays one readable quoted string.
 */
export function reportLine(
  name: string,
  verdict: 'rejected' | 'repaired',
  reason: string,
  alive: boolean,
): void {
  const printable = reason
    .replace(/"/g, "'")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, '?');
  console.log(
    `hostile ${name}: ${verdict}, reason "${printable}", ${alive ? 'worker alive' : 'worker NOT alive'}`,
  );
}
