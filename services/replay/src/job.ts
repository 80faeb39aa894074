import { randomUUID } from 'node:crypto';
import {
  ARTICLES_TOPIC,
  DUPLICATES_TOPIC,
  type ArticleRecord,
  type DuplicateRecord,
  type TopicSpec,
  type WirestreamConfig,
} from '@wirestream/contract';
import {
  KafkaGateway,
  createRedis,
  decodeRecord,
  type ConsumedMessage,
  type Logger,
  type RecordProducer,
  type Redis,
} from '@wirestream/runtime';
import { createEnrichmentDeps, type ReloadingTagger } from '@wirestream/runtime/enrichment';
import { DryRunIndex, HeldSaveIndex } from './dedupe-views.js';
import { JobStore } from './job-state.js';
import { ItemProcessor, type ChangeReport } from './processor.js';
import { silentProgress, type ProgressReporter } from './progress.js';
import { PublishedIndex } from './published-index.js';
import { rangeOfTimes, readRange } from './range-reader.js';
import { RateLimiter } from './rate-limit.js';
import { emptyCounts, type JobCounts, type JobKind, type JobSummary } from './summary.js';

/** What every job accepts besides its own source. */
export interface JobOptions {
  /** Publish everything in range again (marked `ws-replay`), not only what is new or changed. */
  reissue?: boolean;
  /** Report what would be published; publish nothing and store nothing. */
  dryRun?: boolean;
  /** Only articles tagged, before or now, with one of these topic slugs. */
  topics?: readonly string[];
  /** Taxonomy file; default config.enricher.taxonomyFile (WIRESTREAM_TAXONOMY), else the bundled one, as the live enricher. */
  taxonomyPath?: string;
  /** Overrides replay.maxRecordsPerSecond. */
  maxRecordsPerSecond?: number;
  /** How far before the job's range to read what was published (default: 1 day before a replay's range, the dedupe window before now otherwise). */
  lookbackMs?: number;
  /** Name the job instead of deriving its id from its definition. */
  jobId?: string;
  signal?: AbortSignal;
  /** Makes the job's progress reporter once its id is known; default: none. */
  progress?: (job: { id: string; kind: JobKind }) => ProgressReporter;
  onChange?: (change: ChangeReport) => void;
}

/** The connections a job works with. */
export interface JobServices {
  config: WirestreamConfig;
  logger: Logger;
  kafka: KafkaGateway;
  redis: Redis;
  producer: RecordProducer;
  jobs: JobStore;
  close(): Promise<void>;
}

export async function openJobServices(config: WirestreamConfig, logger: Logger): Promise<JobServices> {
  const kafka = new KafkaGateway(config.kafka, logger);
  await kafka.ensureTopics();
  const redis = createRedis(config.redis, logger);
  await redis.connect();
  const producer = await kafka.connectProducer();
  return {
    config,
    logger,
    kafka,
    redis,
    producer,
    jobs: new JobStore(redis, config.redis),
    async close() {
      await producer.disconnect();
      redis.disconnect();
    },
  };
}

/**
 * Reads a topic's records from `since` up to `to` (null: the end of the log now) in a throw-away
 * consumer group, handing each to `onRecord`: the look-ups a job makes before it starts (what was
 * published, which pages are kept), never checkpointed.
 */
export async function scanTopic(
  services: JobServices,
  spec: TopicSpec,
  range: { since: Date; to: Date | null },
  onRecord: (message: ConsumedMessage) => void,
  signal?: AbortSignal,
): Promise<void> {
  const { kafka } = services;
  const topic = kafka.topic(spec);
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `${services.config.replay.groupIdPrefix}-scan-${randomUUID()}`;
  try {
    const ranges = await rangeOfTimes(admin, topic, range.since, range.to);
    await readRange({
      kafka,
      topic,
      groupId,
      ranges,
      fromStart: true,
      commit: false,
      chunkSize: 500,
      signal,
      onChunk: async (messages) => {
        for (const message of messages) onRecord(message);
      },
    });
    await admin.deleteGroups([groupId]).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads what consumers already have: every article and copy published from `since` up to the end
 * of the topics now (later revisions, including an earlier replay's, are what counts).
 */
export async function scanPublished(
  services: JobServices,
  since: Date,
  signal?: AbortSignal,
): Promise<PublishedIndex> {
  const index = new PublishedIndex();
  for (const spec of [ARTICLES_TOPIC, DUPLICATES_TOPIC]) {
    await scanTopic(
      services,
      spec,
      { since, to: null },
      (message) => {
        try {
          const value = decodeRecord(spec, message.value);
          if (spec === ARTICLES_TOPIC) index.noteArticle(value as ArticleRecord);
          else index.noteCopy(value as DuplicateRecord);
        } catch {
          // A record that does not read was never delivered to a validating consumer either.
        }
      },
      signal,
    );
  }
  return index;
}

/** One job's working parts: the processor on the live enrichment, counts, progress and the summary. */
export class RunningJob {
  readonly counts: JobCounts = emptyCounts();
  readonly processor: ItemProcessor;
  readonly progress: ProgressReporter;
  readonly chunkSize: number;
  private readonly started = Date.now();
  private readonly tagger: ReloadingTagger;
  done = 0;
  total: number | null = null;

  constructor(
    readonly services: JobServices,
    readonly kind: JobKind,
    readonly jobId: string,
    readonly options: JobOptions,
    readonly published: PublishedIndex,
  ) {
    const { config, redis, logger } = services;
    const deps = createEnrichmentDeps(config, redis, {
      ...(options.taxonomyPath ? { taxonomyPath: options.taxonomyPath } : {}),
      logger: logger.child({ component: 'tagger' }),
    });
    this.tagger = deps.tagger;
    const index = options.dryRun ? new DryRunIndex(deps.dedupe) : new HeldSaveIndex(deps.dedupe);
    const perSecond = options.maxRecordsPerSecond ?? config.replay.maxRecordsPerSecond;
    // Small chunks under a rate limit, so a stop request is honoured within a fraction of a second.
    this.chunkSize = perSecond > 0 ? Math.max(1, Math.min(64, Math.floor(perSecond / 4))) : 64;
    this.progress = options.progress?.({ id: jobId, kind }) ?? silentProgress;
    this.processor = new ItemProcessor(
      {
        enrichment: { ...deps, dedupe: index },
        index,
        live: deps.dedupe,
        published,
        producer: options.dryRun ? null : services.producer,
        limiter: new RateLimiter(perSecond),
        counts: this.counts,
        logger: logger.child({ job: jobId }),
        routing: { ninjs: config.enricher.ninjs },
        ...(options.onChange ? { onChange: options.onChange } : {}),
      },
      {
        jobId,
        kind,
        reissue: options.reissue ?? false,
        dryRun: options.dryRun ?? false,
        topics: options.topics && options.topics.length > 0 ? new Set(options.topics) : null,
      },
    );
  }

  tick(): void {
    this.progress.update({ done: this.done, total: this.total, counts: this.counts });
  }

  finish(outcome: { completed: boolean; resumed: boolean }): JobSummary {
    this.tagger.close();
    this.progress.stop({ done: this.done, total: this.total, counts: this.counts });
    return {
      job: this.jobId,
      kind: this.kind,
      mode: this.options.reissue ? 'reissue' : 'changes',
      dryRun: this.options.dryRun ?? false,
      ...this.counts,
      resumed: outcome.resumed,
      stopped: !outcome.completed,
      seconds: Math.round((Date.now() - this.started) / 100) / 10,
    };
  }
}

export const DAY_MS = 86_400_000;
