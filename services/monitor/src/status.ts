import { z } from 'zod';
import { FEED_HEALTH } from '@wirestream/feeds';

/** One partition of one topic as a consumer group sees it. */
export const PartitionLag = z.object({
  group: z.string(),
  topic: z.string(),
  partition: z.number().int().nonnegative(),
  /** Next offset the group will read; null when it never committed on this partition. */
  committed: z.number().int().nullable(),
  end: z.number().int().nonnegative(),
  records: z.number().int().nonnegative(),
  /** Age of the oldest unconsumed record; 0 when caught up, estimated (see lag.ts). */
  seconds: z.number().nonnegative(),
});
export type PartitionLag = z.infer<typeof PartitionLag>;

export const GroupLag = z.object({
  group: z.string(),
  /** Kafka group state (Stable, Empty, ...): lag with state Empty means nobody is consuming. */
  state: z.string(),
  members: z.number().int().nonnegative(),
  records: z.number().int().nonnegative(),
  seconds: z.number().nonnegative(),
  /** Records committed per second over the rate window; null until two samples exist. */
  consumedPerSec: z.number().nullable(),
  partitions: z.array(PartitionLag),
});
export type GroupLag = z.infer<typeof GroupLag>;

export const FeedHealthState = z.enum(FEED_HEALTH);
export type FeedHealthState = z.infer<typeof FeedHealthState>;

export const FeedStatus = z.object({
  feed: z.string(),
  health: FeedHealthState,
  intervalSeconds: z.number().positive(),
  lastFetchAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  /** Seconds since the last success; null if there never was one. */
  sinceSuccessSeconds: z.number().nullable(),
  consecutiveFailures: z.number().int().nonnegative(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastDurationMs: z.number().nullable(),
});
export type FeedStatus = z.infer<typeof FeedStatus>;

export const TopicThroughput = z.object({
  topic: z.string(),
  /** Registry name without the deployment prefix, e.g. news.raw.v1. */
  name: z.string(),
  end: z.number().int().nonnegative(),
  /** Records appended per second over the rate window; null until two samples exist. */
  perSec: z.number().nullable(),
});
export type TopicThroughput = z.infer<typeof TopicThroughput>;

export const MonitorStatus = z.object({
  at: z.string(),
  prefix: z.string(),
  groups: z.array(GroupLag),
  feeds: z.array(FeedStatus),
  throughput: z.object({
    /** Records into the pipeline: appends to the raw topic. */
    inPerSec: z.number().nullable(),
    /** Records out of the enricher: appends to every other wirestream topic. */
    outPerSec: z.number().nullable(),
    topics: z.array(TopicThroughput),
  }),
  /** Sources that could not be read this round; the rest of the status is still current. */
  errors: z.array(z.object({ source: z.enum(['kafka', 'redis']), message: z.string() })),
});
export type MonitorStatus = z.infer<typeof MonitorStatus>;
