export { Fetcher, type FetcherDeps } from './fetcher.js';
export { pollFeed, type FeedPollResult, type PollDeps, type PollOutcome } from './poll-feed.js';
export { FeedLeases } from './lease.js';
export { watchFeedList } from './watch-feed-list.js';
export { runFetcherWorker } from './worker.js';
export { fetcherRegistry, feedErrors, inputRepairs } from './metrics.js';
