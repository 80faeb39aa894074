import { z } from 'zod';

const Sasl = z.object({
  mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
  username: z.string().min(1),
  password: z.string().min(1),
});

/**
 * TLS settings shared by Kafka and Redis. Only file paths live here (key material stays in files);
 * a key's passphrase comes from the environment like every other secret.
 */
const Tls = z.object({
  /** PEM file of the CA(s) that signed the server certificate; without it the system CAs are trusted. */
  caFile: z.string().min(1).optional(),
  /** PEM client certificate and key, for servers that require mutual TLS. */
  certFile: z.string().min(1).optional(),
  keyFile: z.string().min(1).optional(),
  keyPassword: z.string().min(1).optional(),
  /** Name checked against the server certificate (and sent as SNI) when it differs from the host dialled. */
  servername: z.string().min(1).optional(),
  /** Turning this off accepts any certificate: for debugging only, never in production. */
  rejectUnauthorized: z.boolean().default(true),
});
export type TlsConfig = z.infer<typeof Tls>;

const clientPair = (tls: TlsConfig | undefined): boolean => !tls || !tls.certFile === !tls.keyFile;

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
        /** Certificate settings, used when `ssl` is on. */
        tls: Tls.optional(),
        sasl: Sasl.optional(),
        /** Replication factor for topics created by `wirestream topics`. */
        replicationFactor: z.number().int().positive().default(1),
      })
      // TLS settings without TLS would quietly connect in plain text: refuse that instead.
      .refine((k) => k.ssl || !k.tls, { message: 'kafka.tls is set but kafka.ssl is false', path: ['tls'] })
      .refine((k) => clientPair(k.tls), {
        message: 'a client certificate needs both certFile and keyFile',
        path: ['tls'],
      })
      .prefault({}),
    redis: z
      .object({
        /** `rediss://` turns TLS on; credentials in the URL are accepted, `username`/`password` win over them. */
        url: z.string().default('redis://127.0.0.1:6379'),
        /** ACL user (Redis 6+); without it the password authenticates the `default` user. */
        username: z.string().min(1).optional(),
        password: z.string().min(1).optional(),
        /** Certificate settings, used when the URL is `rediss://`. */
        tls: Tls.optional(),
        keyPrefix: z.string().default('ws:'),
      })
      .refine((r) => !r.tls || /^rediss:/i.test(r.url), {
        message: 'redis.tls is set but redis.url is not rediss://',
        path: ['tls'],
      })
      .refine((r) => clientPair(r.tls), {
        message: 'a client certificate needs both certFile and keyFile',
        path: ['tls'],
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
        /**
         * Development only: let every feed reach private, loopback and link-local addresses (cloud
         * metadata addresses stay refused). Production allows single feeds with allowPrivateNetwork.
         */
        allowPrivateNetworks: z.boolean().default(false),
        /** Article pages behind feed items (the feeds' `fullText` policy), fetched after each poll. */
        pages: z
          .object({
            enabled: z.boolean().default(true),
            timeoutMs: z.number().int().positive().default(10_000),
            maxBodyBytes: z
              .number()
              .int()
              .positive()
              .default(5 * 1024 * 1024),
            /** `auto` fetches the page when the feed's text is shorter than this (or reads like a teaser). */
            teaserChars: z.number().int().nonnegative().default(600),
            /** Pages of one poll in flight at once (each host is also held to fetcher.maxPerHost). */
            maxPerHost: z.number().int().positive().default(2),
            /** How long a host's robots.txt is believed before it is fetched again. */
            robotsTtlSeconds: z.number().int().positive().default(3_600),
            /**
             * Least time between the end of one page request to a host and the start of the next;
             * a longer robots.txt Crawl-delay wins. 0: only maxPerHost holds pages back.
             */
            minIntervalMs: z.number().int().nonnegative().default(250),
            /**
             * How long a page's validators (ETag, Last-Modified) and its extracted text are kept in
             * Redis, so that fetching it again (an updated item, another feed linking it) is a
             * conditional request and a 304 reuses the text.
             */
            stateTtlSeconds: z.number().int().positive().default(172_800),
          })
          .prefault({}),
      })
      .prefault({}),
    enricher: z
      .object({
        groupId: z.string().default('wirestream-enricher'),
        dedupeWindowDays: z.number().positive().default(7),
        /** A date more than this far ahead of fetch time is not believed. */
        futureToleranceMinutes: z.number().nonnegative().default(60),
        /** Taxonomy file of the tagger (WIRESTREAM_TAXONOMY); without it, the bundled one. */
        taxonomyFile: z.string().min(1).optional(),
        /** Estimated Jaccard similarity at or above which two texts are one story. */
        nearDuplicateThreshold: z.number().min(0).max(1).default(0.3),
        /**
         * exactly-once: outputs and consumed offsets in one Kafka transaction (readers must read
         * committed); at-least-once: offsets committed after the outputs are acknowledged.
         */
        delivery: z.enum(['exactly-once', 'at-least-once']).default('exactly-once'),
        /** A member silent this long leaves the group and its partitions move to the others. */
        sessionTimeoutMs: z.number().int().min(6_000).default(30_000),
        /** Also publish each unique article as an IPTC ninjs 3.1 item to news.articles.ninjs.v1, in the same transaction. */
        ninjs: z.boolean().default(false),
      })
      .prefault({}),
    replay: z
      .object({
        /** Records a replay, backfill or import job reads per second at most (0: no limit), so it does not crowd out the live pipeline. */
        maxRecordsPerSecond: z.number().nonnegative().default(200),
        /** Consumer groups of replay jobs are named `<prefix>-<job id>`; their offsets are the jobs' checkpoints. */
        groupIdPrefix: z.string().min(1).default('wirestream-replay'),
        /** Backfill: pause between two requests to the same feed host. */
        requestDelayMs: z.number().int().nonnegative().default(1_000),
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
