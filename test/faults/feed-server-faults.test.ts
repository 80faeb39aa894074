import type { ServerResponse } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, FeedSource, RawItemRecord } from '@wirestream/contract';
import { openPipeline, waitForDrain, type Pipeline } from '@wirestream/cli';
import { Fetcher, type FeedPollResult } from '@wirestream/fetcher';
import { createLogger } from '@wirestream/runtime';
import { kafkaBrokers, uniquePrefix } from '../harness/services.js';
import { testConfig } from '../support/config.js';
import {
  FeedServer,
  countByKey,
  readValues,
  reportFault,
  rss,
  storyText,
  waitFor,
  type TestItem,
} from './support.js';

const items = (feed: string, count: number, seed: number): TestItem[] =>
  Array.from({ length: count }, (_, n) => ({
    guid: `${feed}-${n}`,
    title: `${feed} story ${n}`,
    body: storyText(seed + n),
  }));

function serve(res: ServerResponse, feed: string, list: readonly TestItem[]): void {
  res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
  res.end(rss(feed, list));
}

/** Writes the document a few bytes at a time; `pauseMs` between pieces decides whether it beats the timeout. */
function drip(res: ServerResponse, body: string, pieces: number, pauseMs: number): void {
  res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
  const bytes = Buffer.from(body, 'utf8');
  const size = Math.ceil(bytes.length / pieces);
  let at = 0;
  const next = (): void => {
    if (res.destroyed) return;
    if (at >= bytes.length) {
      res.end();
      return;
    }
    res.write(bytes.subarray(at, at + size));
    at += size;
    setTimeout(next, pauseMs);
  };
  next();
}

const gaps = (times: readonly number[]): number[] => times.slice(1).map((t, i) => t - times[i]!);

describe('fault: feed servers that time out, reset, drip, fail, rate-limit, loop and flip', () => {
  const server = new FeedServer();
  const prefix = uniquePrefix('fault-feeds');
  const config = testConfig(prefix, {
    enricher: { groupId: `${prefix}enricher` },
    fetcher: { timeoutMs: 1500, maxBackoffSeconds: 2, maxRedirects: 3, parkAfterFailures: 50 },
    log: { level: 'error' },
  });
  let pipeline: Pipeline | null = null;
  let fetcher: Fetcher | null = null;

  afterAll(async () => {
    fetcher?.stop();
    await pipeline?.close();
    await server.close();
  });

  it(
    'survives, backs off, honours Retry-After and publishes every distinct item exactly once',
    { timeout: 120_000 },
    async () => {
      const lists = {
        timeout: items('timeout', 3, 100),
        reset: items('reset', 3, 200),
        drip: items('drip', 3, 300),
        storm: items('storm', 3, 400),
        limited: items('limited', 3, 500),
        loop: items('loop', 3, 600),
        flip: items('flip', 7, 700),
      };
      // The first requests misbehave, later ones are answered: each feed fails before it succeeds.
      server.on('/timeout.xml', (_req, res, hit) =>
        hit < 2 ? undefined : serve(res, 'timeout', lists.timeout),
      );
      server.on('/reset.xml', (req, res, hit) =>
        hit < 2 ? req.socket.destroy() : serve(res, 'reset', lists.reset),
      );
      server.on('/drip.xml', (_req, res, hit) =>
        hit < 1 ? drip(res, rss('drip', lists.drip), 200, 50) : drip(res, rss('drip', lists.drip), 8, 40),
      );
      server.on('/storm.xml', (_req, res, hit) =>
        hit < 5 ? res.writeHead(500).end('upstream exploded') : serve(res, 'storm', lists.storm),
      );
      server.on('/limited.xml', (_req, res, hit) =>
        hit < 1
          ? res.writeHead(429, { 'retry-after': '3' }).end('slow down')
          : serve(res, 'limited', lists.limited),
      );
      server.on('/loop.xml', (_req, res, hit) =>
        hit < 4 ? res.writeHead(302, { location: '/loop-back.xml' }).end() : serve(res, 'loop', lists.loop),
      );
      server.on('/loop-back.xml', (_req, res) => res.writeHead(302, { location: '/loop.xml' }).end());
      // Two caches of one feed answering in turn: the stale one lacks the two newest items.
      server.on('/flip.xml', (_req, res, hit) =>
        serve(res, 'flip', hit % 2 === 0 ? lists.flip.slice(0, 5) : lists.flip),
      );
      await server.start();

      const feeds: FeedSource[] = Object.keys(lists).map((id) => ({
        id,
        url: `${server.baseUrl}/${id}.xml`,
        agency: `${id} agency`,
        language: 'en',
        intervalSeconds: 1,
      }));
      const logger = createLogger('error');
      pipeline = await openPipeline(config, logger, []);
      await pipeline.enricher.start();
      // Jitter pinned to its top, so the backoff delays are exact: 1 s, then 2 s (the cap) per failure.
      fetcher = new Fetcher({
        config,
        logger,
        producer: pipeline.producer,
        redis: pipeline.redis,
        rng: () => 1,
      });
      fetcher.setFeeds(feeds);
      const polls = new Map<string, FeedPollResult[]>(feeds.map((f) => [f.id, []]));
      const running = fetcher.run((result) => polls.get(result.feedId)!.push(result));
      const succeeded = (id: string): boolean => polls.get(id)!.some((p) => p.outcome === 'ok');
      await waitFor(
        'every feed to be fetched after its faults, and the flipping feed six times',
        () => feeds.every((f) => succeeded(f.id)) && polls.get('flip')!.length >= 6,
        60_000,
      );
      fetcher.stop();
      await running;
      expect(await waitForDrain(pipeline.kafka, config.enricher.groupId, 60_000)).toBe(true);

      const errorsOf = (id: string): string[] =>
        polls
          .get(id)!
          .filter((p) => p.outcome === 'error')
          .map((p) => p.error!.split(':')[0]!);
      expect(errorsOf('timeout')).toEqual(['timeout', 'timeout']);
      // Two resets, each a failed poll, unless a reset hit a kept-alive socket: that GET is sent
      // again at once on a fresh one (as Node advises), so two resets may cost only one poll.
      const resets = errorsOf('reset');
      expect(resets.length).toBeGreaterThanOrEqual(1);
      expect(resets.length).toBeLessThanOrEqual(2);
      expect(new Set(resets)).toEqual(new Set(['network']));
      expect(server.times.get('/reset.xml')!.length).toBeGreaterThanOrEqual(3);
      expect(errorsOf('drip')).toEqual(['timeout']);
      expect(errorsOf('storm')).toEqual(Array(5).fill('http-status'));
      expect(errorsOf('limited')).toEqual(['http-status']);
      expect(errorsOf('loop')[0]).toBe('too-many-redirects');
      // Backoff: 1 s after the first failure, then the 2 s cap; Retry-After: 3 s wins over the 1 s backoff.
      // (Gaps between arrivals: a margin for the time a loaded machine takes to send each request.)
      const storm = gaps(server.times.get('/storm.xml')!);
      expect(storm[0]).toBeGreaterThanOrEqual(850);
      for (const gap of storm.slice(1, 5)) expect(gap).toBeGreaterThanOrEqual(1700);
      expect(gaps(server.times.get('/limited.xml')!)[0]).toBeGreaterThanOrEqual(2700);

      const rawTopic = `${prefix}news.raw.v1`;
      const articlesTopic = `${prefix}news.articles.v1`;
      const sent = Object.values(lists).flatMap((list) => list.map((i) => i.title));
      const records = await readValues(kafkaBrokers(), [rawTopic, articlesTopic], {
        atLeast: sent.length * 2,
      });
      const raw = records
        .filter((r) => r.topic === rawTopic)
        .map((r) => (r.value as RawItemRecord).item.title!);
      const articles = records.filter((r) => r.topic === articlesTopic).map((r) => r.value as ArticleRecord);
      const rawCounts = countByKey(sent, raw);
      const counts = countByKey(
        sent,
        articles.map((a) => a.title),
      );
      reportFault(
        'feed-server',
        counts,
        `${[...server.hits.values()].reduce((a, b) => a + b, 0)} requests; raw records ${raw.length} for ${sent.length} items; Retry-After gap ${Math.round(gaps(server.times.get('/limited.xml')!)[0]! / 100) / 10} s`,
      );
      expect(rawCounts).toEqual({ sent: sent.length, published: sent.length, duplicated: 0, lost: 0 });
      expect(counts).toEqual({ sent: sent.length, published: sent.length, duplicated: 0, lost: 0 });
    },
  );
});
