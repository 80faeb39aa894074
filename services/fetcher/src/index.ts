export * from './http-fetch.js';
export * from './feed-state.js';
export * from './feed-list.js';
export * from './poll-feed.js';
export * from './fetcher.js';
export * from './worker.js';
