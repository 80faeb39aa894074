import {
  RAW_TOPIC,
  TOPICS,
  qualifiedTopic,
  type TopicSpec,
  type WirestreamConfig,
} from '@wirestream/contract';
import { DEFAULT_INTERVAL_SECONDS, DEFAULT_STALE_AFTER_INTERVALS } from '@wirestream/feeds';
import { errorMessage, type GroupDescription, type KafkaAdmin } from '@wirestream/runtime';
import type { FeedStateStore } from '@wirestream/runtime/feeds';
import { byUrgency, classifyFeed } from './health.js';
import type { SampleHistory } from './history.js';
import { partitionLag, ratePerSecond, secondsBehind, type EndOffset } from './lag.js';
import { MonitorStatus, type FeedStatus, type GroupLag, type TopicThroughput } from './status.js';

export interface CollectOptions {
  /** A connected admin client; the caller owns its lifetime. */
  admin: KafkaAdmin;
  /** Feed state in Redis; null to leave feeds out. */
  store: FeedStateStore | null;
  config: WirestreamConfig;
  /** Carried from one collection to the next: seconds behind and rates need earlier samples. */
  history: SampleHistory;
  /** Poll interval per feed id (from the feed list); feeds not in it count as DEFAULT_INTERVAL_SECONDS. */
  feedIntervals?: ReadonlyMap<string, number>;
  /** Consumer groups to report besides the enricher's and those named with the deployment prefix. */
  groups?: readonly string[];
  /** A feed with no success for this many intervals is stale. Default 3. */
  staleAfterIntervals?: number;
  /** Window for rates. Default one minute. */
  rateWindowMs?: number;
  now?: () => number;
  /** Give up on a source after this long and report it in `errors`. Default: wait as long as it takes. */
  timeoutMs?: number;
}

/** Rejects after ms; the work itself goes on, its result is just not waited for. */
export function withTimeout<T>(work: Promise<T>, ms: number | undefined, what: string): Promise<T> {
  if (ms === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Which groups are ours: the enricher's, any named with the deployment prefix (or "wirestream" when
 * there is none), and the ones asked for. A shared cluster has many other groups, and fetching the
 * offsets of all of them every few seconds would cost more than the rest of the collection.
 */
export function isOurGroup(groupId: string, prefix: string, explicit: ReadonlySet<string>): boolean {
  return explicit.has(groupId) || groupId.startsWith(prefix === '' ? 'wirestream' : prefix);
}

/** Per topic (full name), where each partition's log starts and ends now. */
async function topicEnds(admin: KafkaAdmin, topics: readonly string[]): Promise<Map<string, EndOffset[]>> {
  const ends = new Map<string, EndOffset[]>();
  await Promise.all(
    topics.map(async (topic) => {
      const offsets = await admin.fetchTopicOffsets(topic);
      ends.set(
        topic,
        offsets.map((p) => ({ partition: p.partition, high: Number(p.high), low: Number(p.low) })),
      );
    }),
  );
  return ends;
}

/** Each topic's end and rate from the history, after adding this collection's ends to it. */
function throughputOf(
  specs: readonly TopicSpec[],
  prefix: string,
  ends: ReadonlyMap<string, EndOffset[]>,
  history: SampleHistory,
  now: number,
  windowMs: number,
): TopicThroughput[] {
  return specs.map((spec) => {
    const topic = qualifiedTopic(prefix, spec.name);
    const partitions = ends.get(topic) ?? [];
    for (const p of partitions) history.add(`end:${topic}:${p.partition}`, now, p.high);
    const end = partitions.reduce((sum, p) => sum + p.high, 0);
    history.add(`topic:${topic}`, now, end);
    return {
      topic,
      name: spec.name,
      end,
      perSec: ratePerSecond(history.get(`topic:${topic}`), now, windowMs),
    };
  });
}

/** The groups to report, sorted, with their descriptions (state, members) where the broker gave one. */
async function ourGroups(
  o: CollectOptions,
): Promise<{ groupIds: string[]; described: Map<string, GroupDescription> }> {
  const { admin, config } = o;
  const explicit = new Set([config.enricher.groupId, ...(o.groups ?? [])]);
  const listed = (await admin.listGroups()).groups.map((g) => g.groupId);
  const groupIds = [
    ...new Set([...explicit, ...listed.filter((g) => isOurGroup(g, config.kafka.topicPrefix, explicit))]),
  ].sort();
  const described = new Map(
    groupIds.length === 0
      ? []
      : (await admin.describeGroups(groupIds)).groups.map((g) => [g.groupId, g] as const),
  );
  return { groupIds, described };
}

/** One group's lag on the topics it committed on, and the history samples its rates come from. */
async function lagOfGroup(
  o: CollectOptions,
  groupId: string,
  description: GroupDescription | undefined,
  ends: ReadonlyMap<string, EndOffset[]>,
  now: number,
  windowMs: number,
): Promise<GroupLag> {
  const { admin, config, history } = o;
  const rawTopic = qualifiedTopic(config.kafka.topicPrefix, RAW_TOPIC.name);
  // The enricher's group is asked about the raw topic by name, so it shows the whole backlog even
  // before it ever committed; other groups report the wirestream topics they committed on.
  const committed = await admin.fetchOffsets(
    groupId === config.enricher.groupId && ends.has(rawTopic) ? { groupId, topics: [rawTopic] } : { groupId },
  );
  const partitions = committed
    .filter((t) => ends.has(t.topic))
    .flatMap((t) =>
      partitionLag(
        ends.get(t.topic)!,
        t.partitions.map((p) => ({ partition: p.partition, offset: Number(p.offset) })),
      ).map((p) => ({
        group: groupId,
        topic: t.topic,
        ...p,
        seconds: secondsBehind(history.get(`end:${t.topic}:${p.partition}`), p.end - p.records, p.end, now),
      })),
    );
  const records = partitions.reduce((sum, p) => sum + p.records, 0);
  const position = partitions.reduce((sum, p) => sum + (p.end - p.records), 0);
  history.add(`lag:${groupId}`, now, records);
  history.add(`position:${groupId}`, now, position);
  return {
    group: groupId,
    state: description?.state ?? 'Unknown',
    members: description?.members.length ?? 0,
    records,
    seconds: partitions.reduce((max, p) => Math.max(max, p.seconds), 0),
    consumedPerSec: ratePerSecond(history.get(`position:${groupId}`), now, windowMs),
    partitions,
  };
}

async function collectKafka(
  o: CollectOptions,
  now: number,
): Promise<{ groups: GroupLag[]; throughput: MonitorStatus['throughput'] }> {
  const { admin, config, history } = o;
  const prefix = config.kafka.topicPrefix;
  const windowMs = o.rateWindowMs ?? 60_000;
  const present = new Set(await admin.listTopics());
  const specs = TOPICS.filter((s) => present.has(qualifiedTopic(prefix, s.name)));
  const ends = await topicEnds(
    admin,
    specs.map((s) => qualifiedTopic(prefix, s.name)),
  );
  const topics = throughputOf(specs, prefix, ends, history, now, windowMs);
  const rawTopic = qualifiedTopic(prefix, RAW_TOPIC.name);
  const outRates = topics.filter((t) => t.topic !== rawTopic && t.perSec !== null).map((t) => t.perSec!);
  const { groupIds, described } = await ourGroups(o);
  const groups = await Promise.all(
    groupIds.map((groupId) => lagOfGroup(o, groupId, described.get(groupId), ends, now, windowMs)),
  );
  return {
    groups,
    throughput: {
      inPerSec: topics.find((t) => t.topic === rawTopic)?.perSec ?? null,
      outPerSec: outRates.length === 0 ? null : outRates.reduce((a, b) => a + b, 0),
      topics,
    },
  };
}

async function collectFeeds(o: CollectOptions, store: FeedStateStore, now: number): Promise<FeedStatus[]> {
  const ids = await store.listFeedIds();
  const states = await store.getMany(ids);
  const policy = {
    slowFetchMs: o.config.fetcher.slowFetchMs,
    staleAfterIntervals: o.staleAfterIntervals ?? DEFAULT_STALE_AFTER_INTERVALS,
  };
  return ids
    .map((id, i) =>
      classifyFeed(id, states[i]!, o.feedIntervals?.get(id) ?? DEFAULT_INTERVAL_SECONDS, policy, now),
    )
    .sort(byUrgency);
}

/**
 * One snapshot of lag, throughput and feed health. Kafka and Redis are read independently: when one
 * is down, its part is empty and named in `errors`, the other part is still reported.
 */
export async function collectStatus(o: CollectOptions): Promise<MonitorStatus> {
  const now = (o.now ?? Date.now)();
  const errors: MonitorStatus['errors'] = [];
  const [kafka, feeds] = await Promise.all([
    withTimeout(collectKafka(o, now), o.timeoutMs, 'kafka').catch((err: unknown) => {
      errors.push({ source: 'kafka', message: errorMessage(err) });
      return { groups: [], throughput: { inPerSec: null, outPerSec: null, topics: [] } };
    }),
    o.store
      ? withTimeout(collectFeeds(o, o.store, now), o.timeoutMs, 'redis').catch((err: unknown) => {
          errors.push({ source: 'redis', message: errorMessage(err) });
          return [];
        })
      : Promise.resolve([]),
  ]);
  return MonitorStatus.parse({
    at: new Date(now).toISOString(),
    prefix: o.config.kafka.topicPrefix,
    groups: kafka.groups,
    feeds,
    throughput: kafka.throughput,
    errors,
  });
}
