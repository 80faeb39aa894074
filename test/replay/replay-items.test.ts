/**
 * `replay items` against the real broker and Redis: a live enricher has published a set of
 * stories; the taxonomy changes; a replay of the range re-publishes exactly the articles whose tags
 * changed, one revision up and saying why, and a second replay finds nothing to do. Dry runs
 * publish nothing, re-issues publish everything with the replay header, and a stopped replay
 * resumes without publishing any item twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord } from '@wirestream/contract';
import { replayItems, type ChangeReport, type JobServices } from '@wirestream/replay';
import { RedisDedupeIndex } from '@wirestream/runtime/enrichment';
import { kafkaBrokers, uniquePrefix } from '../harness/services.js';
import { testConfig } from '../support/config.js';
import type { ConsumedRecord } from '../support/topics.js';
import {
  openLivePipeline,
  rawItemOf,
  readAll,
  stories,
  taxonomyWithTerm,
  taxonomyWithTerms,
  type LivePipeline,
} from './support.js';

const prefix = uniquePrefix('replay-items');
const config = testConfig(prefix, {
  enricher: { groupId: `${prefix}enricher` },
  replay: { maxRecordsPerSecond: 0 },
  log: { level: 'warn' },
});
const topic = (name: string): string => `${prefix}${name}`;
const set = stories(12, (i) => i % 3 === 0);
const quantumUrls = new Set(set.filter((s) => s.quantum).map((s) => s.link));

let live: LivePipeline;
let services: JobServices;
let from: Date;
let to: Date;
const quantumTaxonomy = taxonomyWithTerm('cyber', 'quantum decryption', 4, 'replay-test-2');

const articles = async (min = 0): Promise<ConsumedRecord[]> =>
  (await readAll(kafkaBrokers(), [topic('news.articles.v1')], (rs) => rs.length >= min)).filter(
    (r) => r.topic === topic('news.articles.v1'),
  );
const byJob = (records: ConsumedRecord[], job: string): ConsumedRecord[] =>
  records.filter((r) => r.headers['ws-replay'] === job);

beforeAll(async () => {
  live = await openLivePipeline(config);
  services = live.services;
  from = new Date(Date.now() - 1000);
  await live.sendRaw(set.map((s) => rawItemOf(s)));
  to = new Date(Date.now() + 1000);
});

afterAll(async () => {
  await live?.close();
});

describe('replay items after a taxonomy change', () => {
  let first: ConsumedRecord[];

  it('the live enricher published every story once, none tagged cyber', async () => {
    first = await articles(set.length);
    expect(first).toHaveLength(set.length);
    for (const r of first) {
      const article = r.value as ArticleRecord;
      expect(article.revision).toBe(1);
      expect(article.revisionReason).toBeNull();
      expect(article.topics.map((t) => t.slug)).not.toContain('cyber');
    }
  });

  let retagJob = '';
  it('re-publishes exactly the articles whose tags changed, one revision up, with the reason', async () => {
    const summary = await replayItems(services, { from, to, taxonomyPath: quantumTaxonomy });
    retagJob = summary.job;
    expect(summary).toMatchObject({
      read: set.length,
      new: 0,
      updated: quantumUrls.size,
      reissued: 0,
      unchanged: set.length - quantumUrls.size,
      failed: 0,
      stopped: false,
      resumed: false,
    });
    const records = await articles(set.length + quantumUrls.size);
    const replayed = byJob(records, retagJob);
    expect(replayed).toHaveLength(quantumUrls.size);
    expect(new Set(replayed.map((r) => (r.value as ArticleRecord).url))).toEqual(quantumUrls);
    for (const r of replayed) {
      const article = r.value as ArticleRecord;
      expect(article.revision).toBe(2);
      expect(article.revisionReason).toBe('tags-changed');
      expect(article.topics.map((t) => t.slug)).toContain('cyber');
      expect(article.taxonomyVersion.startsWith('replay-test-2+')).toBe(true);
      expect(r.headers).toMatchObject({
        'ws-revision': '2',
        'ws-decision': 'update',
        'ws-revision-reason': 'tags-changed',
      });
      expect(r.key).toBe(article.id);
    }
    // The topic stream gets them too, and the live dedupe index counts on from the new revision.
    const cyber = await readAll(
      kafkaBrokers(),
      [topic('news.topic.cyber.v1')],
      (rs) => rs.length >= quantumUrls.size,
    );
    expect(cyber).toHaveLength(quantumUrls.size);
    const index = new RedisDedupeIndex(services.redis, config);
    const entries = await index.entries(replayed.map((r) => (r.value as ArticleRecord).id));
    for (const entry of entries.values()) expect(entry?.revision).toBe(2);
  });

  it('finds nothing to publish when replayed again', async () => {
    const summary = await replayItems(services, { from, to, taxonomyPath: quantumTaxonomy });
    expect(summary.job).toBe(retagJob);
    expect(summary).toMatchObject({ read: set.length, new: 0, updated: 0, unchanged: set.length, failed: 0 });
    const records = await articles();
    expect(records).toHaveLength(set.length + quantumUrls.size);
  });

  it('--dry-run reports what would change and publishes nothing', async () => {
    // On top of the quantum rule, stories that mention a "brakelo" (one of the made-up filler
    // words) are now tagged health; weight 12, so that one mention in one sentence of the body
    // (which counts half: a background clause) still reaches the threshold. The quantum stories
    // read as science and technology, under which health is not plausible: they stay as they were.
    const picnic = taxonomyWithTerms(
      [
        ['cyber', 'quantum decryption', 4],
        ['health', 'brakelo', 12],
      ],
      'replay-test-3',
    );
    const mentions = (s: (typeof set)[number]): boolean => /\bbrakelo\b/i.test(`${s.title} ${s.body}`);
    const expected = set.filter((s) => !s.quantum && mentions(s)).length;
    expect(expected).toBeGreaterThan(0);
    const changes: ChangeReport[] = [];
    const summary = await replayItems(services, {
      from,
      to,
      taxonomyPath: picnic,
      dryRun: true,
      onChange: (c) => changes.push(c),
    });
    expect(summary).toMatchObject({ dryRun: true, read: set.length, updated: expected, failed: 0 });
    expect(changes).toHaveLength(expected);
    for (const c of changes) {
      expect(c).toMatchObject({ action: 'updated', reason: 'tags-changed' });
      expect(c.tags?.added).toContain('topic:health');
    }
    expect(await articles()).toHaveLength(set.length + quantumUrls.size);
    // --topics leaves out every article tagged with none of them, before or after.
    const cyberOnly = await replayItems(services, {
      from,
      to,
      taxonomyPath: picnic,
      dryRun: true,
      topics: ['cyber'],
    });
    expect(set.filter((s) => s.quantum && mentions(s)).length).toBeGreaterThan(0);
    expect(cyberOnly).toMatchObject({
      updated: 0,
      unchanged: quantumUrls.size,
      skipped: set.length - quantumUrls.size,
    });
    // Nothing stored either: the live index still says revision 2 for the re-tagged articles.
    const index = new RedisDedupeIndex(services.redis, config);
    const ids = byJob(await articles(), retagJob).map((r) => (r.value as ArticleRecord).id);
    for (const entry of (await index.entries(ids)).values()) expect(entry?.revision).toBe(2);
  });

  it('--reissue publishes everything in range again, marked as a replay, at its current revision', async () => {
    const summary = await replayItems(services, { from, to, taxonomyPath: quantumTaxonomy, reissue: true });
    expect(summary).toMatchObject({
      mode: 'reissue',
      read: set.length,
      reissued: set.length,
      updated: 0,
      new: 0,
    });
    const records = byJob(await articles(2 * set.length + quantumUrls.size), summary.job);
    expect(records).toHaveLength(set.length);
    for (const r of records) {
      const article = r.value as ArticleRecord;
      expect(article.revisionReason).toBe('reissue');
      expect(article.revision).toBe(quantumUrls.has(article.url) ? 2 : 1);
      expect(r.headers['ws-replay-kind']).toBe('replay-items');
    }
  });

  it('stops halfway on a signal and resumes where it stopped, publishing no item twice', async () => {
    const controller = new AbortController();
    let published = 0;
    const options = {
      from,
      to,
      taxonomyPath: quantumTaxonomy,
      reissue: true,
      jobId: `${prefix}resume`,
      maxRecordsPerSecond: 8,
    };
    const stopped = await replayItems(services, {
      ...options,
      signal: controller.signal,
      onChange: () => {
        if (++published === 5) controller.abort();
      },
    });
    expect(stopped.stopped).toBe(true);
    expect(stopped.reissued).toBeGreaterThanOrEqual(5);
    expect(stopped.reissued).toBeLessThan(set.length);
    const resumed = await replayItems(services, options);
    expect(resumed).toMatchObject({ resumed: true, stopped: false });
    expect(stopped.reissued + resumed.reissued).toBe(set.length);
    const records = byJob(await articles(3 * set.length + quantumUrls.size), options.jobId);
    expect(records).toHaveLength(set.length);
    expect(new Set(records.map((r) => r.key)).size).toBe(set.length);
    // A finished job leaves no consumer group behind to show up as lag.
    const admin = services.kafka.admin();
    await admin.connect();
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
    await admin.disconnect();
    expect(groups.filter((g) => g.includes(options.jobId))).toEqual([]);
  });
});
