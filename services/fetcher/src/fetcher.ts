import pLimit from 'p-limit';
import type { FeedSource, WirestreamConfig } from '@wirestream/contract';
import type { Logger, RecordProducer, Redis } from '@wirestream/runtime';
import { FeedStateStore } from './feed-state.js';
import { pollFeed, type FeedPollResult } from './poll-feed.js';

export interface FetcherDeps {
  config: WirestreamConfig;
  logger: Logger;
  producer: RecordProducer;
  redis: Redis;
}

/** Polls a set of feeds, each on its own interval, a bounded number at a time. */
export class Fetcher {
  readonly state: FeedStateStore;
  private feeds: FeedSource[] = [];
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly dueAt = new Map<string, number>();
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(private readonly deps: FetcherDeps) {
    this.state = new FeedStateStore(deps.redis, deps.config.redis);
    this.limit = pLimit(deps.config.fetcher.concurrency);
  }

  setFeeds(feeds: FeedSource[]): void {
    this.feeds = feeds;
    for (const id of this.dueAt.keys()) if (!feeds.some((f) => f.id === id)) this.dueAt.delete(id);
  }

  /** Polls every feed once (or the ones given) and returns what happened to each. */
  async pollAll(feeds: FeedSource[] = this.feeds): Promise<FeedPollResult[]> {
    return Promise.all(
      feeds.map((feed) => this.limit(() => pollFeed(feed, { ...this.deps, state: this.state }))),
    );
  }

  /** Runs until stop(): each feed is polled when its interval has passed since its last poll. */
  async run(onPoll?: (result: FeedPollResult) => void): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    while (!this.stopped) {
      const now = Date.now();
      for (const feed of this.feeds) {
        const due = this.dueAt.get(feed.id) ?? 0;
        if (due > now) continue;
        this.dueAt.set(feed.id, Number.POSITIVE_INFINITY); // not again until this poll is done
        const task = this.limit(() => pollFeed(feed, { ...this.deps, state: this.state })).then((result) => {
          this.dueAt.set(feed.id, Date.now() + feed.intervalSeconds * 1000);
          onPoll?.(result);
        });
        inFlight.add(task);
        void task.finally(() => inFlight.delete(task));
      }
      const next = Math.min(...[...this.dueAt.values()].filter(Number.isFinite), Date.now() + 1000);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(50, next - Date.now()));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    await Promise.all(inFlight);
  }

  /** Stops scheduling; run() resolves once the polls in flight are done. */
  stop(): void {
    this.stopped = true;
    this.wake?.();
  }
}
