import type { FeedSource, TopicBatch, WirestreamConfig } from '@wirestream/contract';
import type { FeedState } from '@wirestream/feeds';
import type { Logger } from '@wirestream/runtime';
import type { FeedStateStore, HostResolver } from '@wirestream/runtime/feeds';
import type { PageFetcher } from './poll-pages.js';

/** Where raw records and dead letters go: the producer itself, or a BatchSender in front of it. */
export interface RecordSink {
  send(batches: readonly TopicBatch[]): Promise<void>;
}

export interface PollDeps {
  config: WirestreamConfig;
  logger: Logger;
  producer: RecordSink;
  state: FeedStateStore;
  now?: () => Date;
  /** Jitter source for backoff; Math.random unless a test pins it. */
  rng?: () => number;
  /** Name resolution for feed hosts (checked against the address policy); the system's unless a test maps names. */
  resolve?: HostResolver;
  /** Article page fetching (its host gate and robots.txt cache); one per configuration unless given. */
  pages?: PageFetcher;
}

/** What every stage of one poll (fetch, parse, publish, store) shares. */
export interface PollContext {
  feed: FeedSource;
  deps: PollDeps;
  /** The feed's state as the poll began. */
  state: FeedState;
  /** Where the feed is fetched from: its list URL, or where a permanent redirect moved it. */
  url: string;
  fetchedAt: Date;
  /** Date.now() when the poll began: durations are measured from here. */
  started: number;
  rng: () => number;
  /** The feed's logger. */
  log: () => Logger;
}

export async function pollContext(feed: FeedSource, deps: PollDeps, known?: FeedState): Promise<PollContext> {
  const started = Date.now();
  const now = deps.now ?? (() => new Date());
  // Made on first use: most polls log nothing, and a child logger per poll is measurable garbage.
  let child: Logger | null = null;
  const log = (): Logger => (child ??= deps.logger.child({ feed: feed.id }));
  const state = known ?? (await deps.state.get(feed.id));
  return {
    feed,
    deps,
    state,
    url: state.url ?? feed.url,
    fetchedAt: now(),
    started,
    rng: deps.rng ?? Math.random,
    log,
  };
}
