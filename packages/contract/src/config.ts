import { z } from 'zod';

const Sasl = z.object({
  mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
  username: z.string().min(1),
  password: z.string().min(1),
});

/**
 * The whole runtime configuration of every worker. Loaded from an optional YAML file and the
 * environment (which wins), then validated here; secrets come from the environment only.
 */
export const WirestreamConfig = z
  .object({
    kafka: z
      .object({
        brokers: z.array(z.string().min(1)).min(1).default(['127.0.0.1:9092']),
        clientId: z.string().default('wirestream'),
        topicPrefix: z.string().default(''),
        ssl: z.boolean().default(false),
        sasl: Sasl.optional(),
        /** Replication factor for topics created by `wirestream topics`. */
        replicationFactor: z.number().int().positive().default(1),
      })
      .prefault({}),
    redis: z
      .object({
        url: z.string().default('redis://127.0.0.1:6379'),
        keyPrefix: z.string().default('ws:'),
      })
      .prefault({}),
    fetcher: z
      .object({
        feedsFile: z.string().optional(),
        concurrency: z.number().int().positive().default(16),
        timeoutMs: z.number().int().positive().default(15_000),
        maxBodyBytes: z
          .number()
          .int()
          .positive()
          .default(10 * 1024 * 1024),
        maxRedirects: z.number().int().nonnegative().default(5),
        userAgent: z.string().default('wirestream/0.1 (+https://github.com/wirestream)'),
        /** Politeness: requests in flight at once to one host, across this replica's feeds. */
        maxPerHost: z.number().int().positive().default(2),
        /** Publisher hints (ttl, max-age, Expires, Retry-After) never push a poll further out than this. */
        maxIntervalSeconds: z.number().int().positive().default(86_400),
        /** Exponential backoff on failures grows from the feed's interval up to this. */
        maxBackoffSeconds: z.number().int().positive().default(3_600),
        /** After this many consecutive failures a feed is parked: retried only every parkedIntervalSeconds. */
        parkAfterFailures: z.number().int().positive().default(10),
        parkedIntervalSeconds: z.number().int().positive().default(21_600),
        /** A successful fetch slower than this shows as "slow" in `wirestream feeds`. */
        slowFetchMs: z.number().int().positive().default(5_000),
        /** How long a replica holds a feed; renewed while a fetch runs, lost by expiry when the replica dies. */
        leaseMs: z.number().int().positive().default(60_000),
        /** Names this replica in feed leases; defaults to host name, pid and a random suffix. */
        replicaId: z.string().min(1).optional(),
      })
      .prefault({}),
    enricher: z
      .object({
        groupId: z.string().default('wirestream-enricher'),
        dedupeWindowDays: z.number().positive().default(7),
        /** A date more than this far ahead of fetch time is not believed. */
        futureToleranceMinutes: z.number().nonnegative().default(60),
        /** Estimated Jaccard similarity at or above which two texts are one story. */
        nearDuplicateThreshold: z.number().min(0).max(1).default(0.3),
      })
      .prefault({}),
    log: z
      .object({
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
      })
      .prefault({}),
    metrics: z.object({ port: z.number().int().nonnegative().default(0) }).prefault({}),
  })
  .prefault({})
  .meta({ id: 'config', title: 'wirestream configuration' });
export type WirestreamConfig = z.infer<typeof WirestreamConfig>;
