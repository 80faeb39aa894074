import { randomUUID } from 'node:crypto';
import {
  FEEDS_RAW_TOPIC,
  PAGES_TOPIC,
  RAW_TOPIC,
  type FeedDocumentRecord,
  type ItemPage,
  type PageDocumentRecord,
  type RawItemRecord,
  type TopicSpec,
} from '@wirestream/contract';
import { rawRecordPosition } from '@wirestream/enrichment';
import { decodeRecord, type ConsumedMessage } from '@wirestream/runtime';
import { DAY_MS, RunningJob, scanPublished, scanTopic, type JobOptions, type JobServices } from './job.js';
import { jobIdFor } from './job-state.js';
import { rawItemsFromDocument } from './feed-records.js';
import { pageDocumentRefs, pageRefOf, reextractPage, withFreshPage } from './page-records.js';
import { committedPositions, rangeOfTimes, readRange, type PartitionRange } from './range-reader.js';
import type { JobKind, JobSummary } from './summary.js';

export interface ReplayOptions extends JobOptions {
  from: Date;
  to: Date;
  /** Only these feed ids. */
  feeds?: readonly string[];
}

const sum = (values: Iterable<number>): number => [...values].reduce((a, b) => a + b, 0);

type ItemsOf = (message: ConsumedMessage) => Promise<RawItemRecord[]>;
/** What the job does to each raw item before the processor sees it; null leaves the item out (skipped). */
type Rework = (raw: RawItemRecord) => RawItemRecord | null;

/** What a replay reads and where it stands: fresh, or resumed from a stopped run's checkpoint. */
interface ReplayPlan {
  jobId: string;
  /** Full topic name. */
  topic: string;
  groupId: string;
  resumed: boolean;
  ranges: PartitionRange[];
  /** Per partition, the next offset to read. */
  position: Map<number, number>;
  startedAt: string;
}

async function planReplay(
  services: JobServices,
  kind: JobKind,
  spec: TopicSpec,
  options: ReplayOptions,
): Promise<ReplayPlan> {
  const { kafka, jobs, config } = services;
  const dryRun = options.dryRun ?? false;
  const jobId =
    options.jobId ??
    jobIdFor(kind, {
      from: options.from.toISOString(),
      to: options.to.toISOString(),
      feeds: options.feeds ?? [],
      topics: options.topics ?? [],
      reissue: options.reissue ?? false,
      dryRun,
    });
  const topic = kafka.topic(spec);
  const state = dryRun ? null : await jobs.get(jobId);
  const resumed = state?.status === 'running' && Array.isArray(state.ranges);
  // A dry run must leave no checkpoint behind: it reads in a group that is thrown away.
  const groupId = dryRun
    ? `${config.replay.groupIdPrefix}-${jobId}-dry-${randomUUID()}`
    : `${config.replay.groupIdPrefix}-${jobId}`;
  const admin = kafka.admin();
  await admin.connect();
  let ranges: PartitionRange[];
  let position: Map<number, number>;
  try {
    ranges = resumed ? state.ranges! : await rangeOfTimes(admin, topic, options.from, options.to);
    position = resumed
      ? await committedPositions(admin, groupId, topic, ranges)
      : new Map(ranges.map((r) => [r.partition, r.start]));
  } finally {
    await admin.disconnect();
  }
  const startedAt = resumed ? state.startedAt : new Date().toISOString();
  return { jobId, topic, groupId, resumed, ranges, position, startedAt };
}

/**
 * Turns each chunk of records into raw items for the processor: records outside the time range or of
 * other feeds are skipped, records that cannot be read are counted as failed.
 */
function chunkHandler(
  services: JobServices,
  job: RunningJob,
  spec: TopicSpec,
  options: ReplayOptions,
  itemsOf: ItemsOf,
  rework: Rework,
): (messages: ConsumedMessage[], partition: number) => Promise<void> {
  // Items read from the raw topic itself keep their position there; items parsed from a feed
  // document have none.
  const positioned = spec === RAW_TOPIC;
  const feeds = options.feeds && options.feeds.length > 0 ? new Set(options.feeds) : null;
  const from = options.from.getTime();
  const to = options.to.getTime();
  return async (messages, partition) => {
    const raws: RawItemRecord[] = [];
    const positions = new Map<RawItemRecord, string>();
    for (const message of messages) {
      job.done++;
      const at = Number(message.timestamp);
      if (at < from || at >= to) {
        job.counts.read++;
        job.counts.skipped++;
        continue;
      }
      let items: RawItemRecord[];
      try {
        items = await itemsOf(message);
      } catch (err) {
        job.counts.read++;
        job.counts.failed++;
        services.logger.warn(
          { offset: message.offset, err: (err as Error).message },
          'record could not be read',
        );
        continue;
      }
      for (const item of items) {
        job.counts.read++;
        const raw = feeds && !feeds.has(item.feed.id) ? null : rework(item);
        if (!raw) {
          job.counts.skipped++;
          continue;
        }
        raws.push(raw);
        if (positioned) positions.set(raw, rawRecordPosition(partition, message.offset));
      }
    }
    await job.processor.process(raws, positions);
    job.tick();
  };
}

/**
 * Reads one topic's records of a time range (offsets found by timestamp) in a consumer group of the
 * job's own and feeds the raw items they yield to the processor. The group's committed offsets are
 * the checkpoint: a stopped job, run again with the same arguments, goes on from them; a finished
 * one starts over (and finds nothing to change).
 */
async function replayRange(
  services: JobServices,
  kind: JobKind,
  spec: TopicSpec,
  options: ReplayOptions,
  itemsOf: ItemsOf,
  rework: Rework = (raw) => raw,
): Promise<JobSummary> {
  const { kafka, jobs } = services;
  const dryRun = options.dryRun ?? false;
  const { jobId, topic, groupId, resumed, ranges, position, startedAt } = await planReplay(
    services,
    kind,
    spec,
    options,
  );
  if (!dryRun) await jobs.put(jobId, { status: 'running', startedAt, ranges });

  const lookback = options.lookbackMs ?? DAY_MS;
  const published = await scanPublished(
    services,
    new Date(options.from.getTime() - lookback),
    options.signal,
  );
  const job = new RunningJob(services, kind, jobId, options, published);
  job.total = sum(ranges.map((r) => r.end - r.start));
  job.done = sum(ranges.map((r) => (position.get(r.partition) ?? r.start) - r.start));
  job.tick();
  services.logger.info({ job: jobId, resumed, ranges, published: published.size }, 'replay started');

  const completed = options.signal?.aborted
    ? false
    : await readRange({
        kafka,
        topic,
        groupId,
        ranges,
        fromStart: !resumed,
        commit: !dryRun,
        chunkSize: job.chunkSize,
        signal: options.signal,
        onChunk: chunkHandler(services, job, spec, options, itemsOf, rework),
      });
  if (completed && !dryRun) await jobs.put(jobId, { status: 'done', startedAt, ranges });
  // A finished job's group would only show as growing lag in `wirestream status` and the alerts; a
  // stopped job keeps its group, whose offsets are its checkpoint.
  if (completed || dryRun) {
    const cleanup = kafka.admin();
    await cleanup.connect();
    await cleanup.deleteGroups([groupId]).catch(() => undefined);
    await cleanup.disconnect();
  }
  return job.finish({ completed, resumed });
}

/** `replay items`: news.raw.v1 of a time range through the current enrichment and taxonomy. */
export function replayItems(services: JobServices, options: ReplayOptions): Promise<JobSummary> {
  return replayRange(services, 'replay-items', RAW_TOPIC, options, async (message) => [
    decodeRecord(RAW_TOPIC, message.value) as RawItemRecord,
  ]);
}

/** `replay feeds`: the stored feed documents of a time range, parsed again, their items through the normal path. */
export function replayFeeds(services: JobServices, options: ReplayOptions): Promise<JobSummary> {
  return replayRange(services, 'replay-feeds', FEEDS_RAW_TOPIC, options, async (message) => {
    const doc = decodeRecord(FEEDS_RAW_TOPIC, message.value) as FeedDocumentRecord;
    return (await rawItemsFromDocument(doc)).items;
  });
}

/** Page records are sent with the raw records that name them: a little past the range covers clock skew between the two. */
const PAGES_SLACK_MS = 60_000;

const decodeRaw: ItemsOf = async (message) => [decodeRecord(RAW_TOPIC, message.value) as RawItemRecord];

/**
 * The kept pages the raw items of the range name, each extracted again by the current extractor,
 * by the names pageRefOf gives. Two reads: the range of news.raw.v1 for the names, then news.pages.v1
 * from `pagesSince` (a 304 may name HTML kept that long before) to just past the range, extracting
 * each wanted page as it comes by, so that only the extracted pages are held, never the HTML.
 */
async function freshPages(
  services: JobServices,
  options: ReplayOptions,
  pagesSince: Date,
): Promise<Map<string, ItemPage>> {
  const feeds = options.feeds && options.feeds.length > 0 ? new Set(options.feeds) : null;
  const wanted = new Set<string>();
  await scanTopic(
    services,
    RAW_TOPIC,
    { since: options.from, to: options.to },
    (message) => {
      try {
        const raw = decodeRecord(RAW_TOPIC, message.value) as RawItemRecord;
        const ref = feeds && !feeds.has(raw.feed.id) ? null : pageRefOf(raw);
        if (ref) wanted.add(ref);
      } catch {
        // Counted as failed when the replay proper reads it.
      }
    },
    options.signal,
  );
  const fresh = new Map<string, ItemPage>();
  if (wanted.size === 0) return fresh;
  await scanTopic(
    services,
    PAGES_TOPIC,
    { since: pagesSince, to: new Date(options.to.getTime() + PAGES_SLACK_MS) },
    (message) => {
      try {
        const doc = decodeRecord(PAGES_TOPIC, message.value) as PageDocumentRecord;
        const refs = pageDocumentRefs(doc).filter((ref) => wanted.has(ref) && !fresh.has(ref));
        if (refs.length === 0) return;
        const page = reextractPage(doc);
        for (const ref of refs) fresh.set(ref, page);
      } catch (err) {
        services.logger.warn(
          { offset: message.offset, err: (err as Error).message },
          'kept page could not be read',
        );
      }
    },
    options.signal,
  );
  services.logger.info(
    { wanted: wanted.size, found: fresh.size },
    'replay pages: kept pages extracted again',
  );
  return fresh;
}

/**
 * `replay pages`: the raw items of a time range whose article page is kept on news.pages.v1, with
 * that page extracted again by the current extractor (after an extractor change), through the normal
 * path; nothing is fetched. Items whose page was not kept (never fetched, not HTML, failed, or past
 * the topic's retention) are skipped. Checkpoints, resume, rate limit and modes are those of
 * `replay items`; the look-up of the pages is done again on resume.
 */
export async function replayPages(services: JobServices, options: ReplayOptions): Promise<JobSummary> {
  const pagesSince = new Date(options.from.getTime() - services.config.fetcher.pages.stateTtlSeconds * 1000);
  const fresh = await freshPages(services, options, pagesSince);
  return replayRange(services, 'replay-pages', RAW_TOPIC, options, decodeRaw, (raw) => {
    const ref = pageRefOf(raw);
    const page = ref ? fresh.get(ref) : undefined;
    return page ? withFreshPage(raw, page) : null;
  });
}
