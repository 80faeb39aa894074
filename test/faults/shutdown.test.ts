import { afterAll, describe, expect, it } from 'vitest';
import { kafkaBrokers, redisUrl, uniquePrefix } from '../harness/services.js';
import { FeedServer, Worker, sleep, waitFor, workerEnv, writeFeedList } from './support.js';

describe('fault: shutting down a worker that is stuck on a feed', () => {
  const server = new FeedServer();
  const workers: Worker[] = [];

  afterAll(async () => {
    for (const w of workers) await w.kill();
    await server.close();
  });

  it(
    'waits for the poll in flight on the first signal and exits at once on the second',
    { timeout: 60_000 },
    async () => {
      server.on('/hang.xml', () => undefined); // never answers
      await server.start();
      const prefix = uniquePrefix('fault-shutdown');
      const fetcher = new Worker(
        'fetcher',
        workerEnv({
          brokers: kafkaBrokers(),
          redisUrl: redisUrl(),
          prefix,
          extra: { FETCH_TIMEOUT_MS: '60000' },
        }),
        ['--feeds', writeFeedList([{ id: 'hang', url: `${server.baseUrl}/hang.xml`, intervalSeconds: 60 }])],
      );
      workers.push(fetcher);
      await waitFor('the fetcher to request the feed', () => (server.hits.get('/hang.xml') ?? 0) > 0, 30_000);

      fetcher.child.kill('SIGTERM');
      await sleep(1500);
      // Graceful: the poll in flight may still publish, so the worker waits for it.
      expect(fetcher.alive).toBe(true);
      const second = Date.now();
      fetcher.child.kill('SIGTERM');
      const code = await fetcher.exited;
      const tookMs = Date.now() - second;
      console.log(
        `fault second-signal: first SIGTERM waited for the poll in flight, second exited with ${code} after ${tookMs} ms`,
      );
      expect(code).toBe(130);
      expect(tookMs).toBeLessThan(3000);
    },
  );
});
