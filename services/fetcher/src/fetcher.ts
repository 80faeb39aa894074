import pLimit from 'p-limit';
import type { FeedSource, WirestreamConfig } from '@wirestream/contract';
import type { Logger, RecordProducer, Redis } from '@wirestream/runtime';
import { FeedStateStore, HostGate } from '@wirestream/runtime/feeds';
import { BatchSender } from './batch-sender.js';
import { FeedLeases, defaultReplicaId } from './lease.js';
import { feedLeaseSkips } from './metrics.js';
import { pollFeed, type FeedPollResult } from './poll-feed.js';
import { PageFetcher } from './poll-pages.js';
import { isDue } from './schedule.js';

export interface FetcherDeps {
  config: WirestreamConfig;
  logger: Logger;
  producer: RecordProducer;
  redis: Redis;
  now?: () => Date;
  rng?: () => number;
}

/** Why a feed was not polled when its turn came. */
type Skip = { skipped: 'leased' | 'not-due' | 'failed'; nextPollAt: number | null };

/** A leased-elsewhere or crashed poll is looked at again after this long. */
const RECHECK_MS = 5_000;

/**
 * Polls a set of feeds on the schedule stored in Redis (so replicas and restarts share it), a
 * bounded number at a time and at most `maxPerHost` per host, each feed under a lease so that of
 * several replicas only one fetches it.
 */
export class Fetcher {
  readonly state: FeedStateStore;
  readonly leases: FeedLeases;
  private readonly sender: BatchSender;
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly hosts: HostGate;
  private readonly pages: PageFetcher;
  private readonly now: () => Date;
  private feeds: FeedSource[] = [];
  /** Local copy of each feed's nextPollAt: only feeds that look due are re-read from Redis. */
  private readonly dueAt = new Map<string, number>();
  private readonly inFlight = new Set<string>();
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(private readonly deps: FetcherDeps) {
    const { config } = deps;
    this.state = new FeedStateStore(deps.redis, config.redis);
    this.leases = new FeedLeases(
      deps.redis,
      config.redis,
      config.fetcher.replicaId ?? defaultReplicaId(),
      config.fetcher.leaseMs,
    );
    this.sender = new BatchSender(deps.producer);
    this.limit = pLimit(config.fetcher.concurrency);
    this.hosts = new HostGate(config.fetcher.maxPerHost);
    this.pages = new PageFetcher(config);
    this.now = deps.now ?? (() => new Date());
  }

  get replicaId(): string {
    return this.leases.replicaId;
  }

  /** Replaces the feed list; takes effect at the next tick of run() (polls in flight finish). */
  setFeeds(feeds: FeedSource[]): void {
    this.feeds = feeds;
    const ids = new Set(feeds.map((f) => f.id));
    for (const id of this.dueAt.keys()) if (!ids.has(id)) this.dueAt.delete(id);
    this.wake?.();
  }

  /** Polls every feed once (or the ones given), whatever their schedule, and returns what happened. */
  async pollAll(feeds: FeedSource[] = this.feeds): Promise<FeedPollResult[]> {
    return this.pollMany(feeds, true);
  }

  /**
   * One scheduling cycle: polls the feeds whose nextPollAt (in Redis) has come and whose lease
   * this replica gets. Feeds another replica holds, or polled meanwhile, are left out.
   */
  async pollDue(feeds: FeedSource[] = this.feeds): Promise<FeedPollResult[]> {
    const now = this.now();
    const next = await this.state.nextPollTimes(feeds.map((f) => f.id));
    return this.pollMany(
      feeds.filter((f, i) => isDue(next[i] ?? null, now)),
      false,
    );
  }

  private async pollMany(feeds: FeedSource[], force: boolean): Promise<FeedPollResult[]> {
    const outcomes = await Promise.all(feeds.map((feed) => this.pollOne(feed, force)));
    return outcomes.filter((o): o is FeedPollResult => !('skipped' in o));
  }

  private async pollOne(feed: FeedSource, force: boolean): Promise<FeedPollResult | Skip> {
    if (this.inFlight.has(feed.id)) return { skipped: 'leased', nextPollAt: null };
    this.inFlight.add(feed.id);
    try {
      // Host gate outside the global limit: feeds queued for a busy host must not hold global slots.
      return await this.hosts.run(feed.url, () =>
        this.limit(async (): Promise<FeedPollResult | Skip> => {
          // The lease is taken only once a slot is free, so a queued feed holds nothing in Redis.
          const leased = await this.leases.withLease(feed.id, async () => {
            const state = await this.state.get(feed.id);
            // Read again under the lease: another replica may have polled it since the schedule was read.
            if (!force && !isDue(state.nextPollAt, this.now())) {
              return { skipped: 'not-due', nextPollAt: Date.parse(state.nextPollAt!) } satisfies Skip;
            }
            return pollFeed(
              feed,
              { ...this.deps, producer: this.sender, state: this.state, now: this.now, pages: this.pages },
              state,
            );
          });
          if (leased) return leased.value;
          feedLeaseSkips.inc();
          return { skipped: 'leased', nextPollAt: null };
        }),
      );
    } catch (err) {
      // pollFeed records its own failures; this is Redis failing around it. Try again later.
      this.deps.logger.error({ feed: feed.id, err: (err as Error).message }, 'feed poll not run');
      return { skipped: 'failed', nextPollAt: null };
    } finally {
      this.inFlight.delete(feed.id);
    }
  }

  /** Runs until stop(): each feed is polled when the schedule in Redis says it is due. */
  async run(onPoll?: (result: FeedPollResult) => void): Promise<void> {
    const running = new Set<Promise<void>>();
    while (!this.stopped) {
      const now = this.now().getTime();
      const candidates = this.feeds.filter(
        (f) => !this.inFlight.has(f.id) && (this.dueAt.get(f.id) ?? 0) <= now,
      );
      let next: (string | null)[] = [];
      try {
        next = await this.state.nextPollTimes(candidates.map((f) => f.id));
      } catch (err) {
        this.deps.logger.error({ err: (err as Error).message }, 'could not read the feed schedule');
      }
      candidates.forEach((feed, i) => {
        const stored = next[i];
        const due = stored ? Date.parse(stored) : stored === null ? 0 : now + RECHECK_MS;
        this.dueAt.set(feed.id, due);
        if (due > now) return;
        this.dueAt.set(feed.id, Number.POSITIVE_INFINITY); // not again until this poll is done
        const task = this.pollOne(feed, false).then((outcome) => {
          if ('skipped' in outcome) {
            this.dueAt.set(feed.id, outcome.nextPollAt ?? this.now().getTime() + RECHECK_MS);
            return;
          }
          this.dueAt.set(feed.id, Date.parse(outcome.nextPollAt));
          onPoll?.(outcome);
        });
        running.add(task);
        void task.finally(() => running.delete(task));
      });
      const upcoming = this.feeds
        .map((f) => this.dueAt.get(f.id) ?? 0)
        .reduce((a, b) => Math.min(a, b), this.now().getTime() + 1000);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(50, upcoming - this.now().getTime()));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
    await Promise.all(running);
  }

  /** Stops scheduling; run() resolves once the polls in flight are done. */
  stop(): void {
    this.stopped = true;
    this.wake?.();
  }
}
