/**
 * Recovering from a Redis that lost its data: `replay items` over the dedupe window puts back what
 * consumers already have (each article at its published revision, each copy as a copy) and
 * publishes nothing, so the items a fetcher sends again, having forgotten what it had seen, are
 * recognised instead of being published a second time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, DuplicateRecord, RawItemRecord } from '@wirestream/contract';
import { replayItems, type JobServices } from '@wirestream/replay';
import { RedisDedupeIndex } from '@wirestream/runtime/enrichment';
import { kafkaBrokers, uniquePrefix } from '../harness/services.js';
import { testConfig } from '../support/config.js';
import { openLivePipeline, rawItemOf, readAll, stories, type LivePipeline, type Story } from './support.js';

const prefix = uniquePrefix('replay-rebuild');
const config = testConfig(prefix, {
  enricher: { groupId: `${prefix}enricher` },
  replay: { maxRecordsPerSecond: 0 },
  log: { level: 'warn' },
});
const topic = (name: string): string => `${prefix}${name}`;
const originals = stories(8, () => false, 11);
// Another agency carries every other story word for word under its own link.
const copies: Story[] = originals
  .filter((_, i) => i % 2 === 0)
  .map((s) => ({ ...s, guid: `${s.guid}-copy`, link: s.link.replace('replay-desk', 'copy-desk') }));
const raws = (): RawItemRecord[] => [
  ...originals.map((s) => rawItemOf(s)),
  ...copies.map((s) => rawItemOf(s, 'copy-desk')),
];

let live: LivePipeline;
let services: JobServices;
const send = (records: RawItemRecord[]): Promise<void> => live.sendRaw(records);
const outputs = async (): Promise<{ articles: ArticleRecord[]; duplicates: DuplicateRecord[] }> => {
  const records = await readAll(kafkaBrokers(), [topic('news.articles.v1'), topic('news.duplicates.v1')]);
  return {
    articles: records
      .filter((r) => r.topic === topic('news.articles.v1'))
      .map((r) => r.value as ArticleRecord),
    duplicates: records
      .filter((r) => r.topic === topic('news.duplicates.v1'))
      .map((r) => r.value as DuplicateRecord),
  };
};

beforeAll(async () => {
  live = await openLivePipeline(config);
  services = live.services;
});

afterAll(async () => {
  await live?.close();
});

describe('rebuilding the dedupe index after Redis lost its data', () => {
  it('replay items puts back what was published, and items sent again are not published twice', async () => {
    const from = new Date(Date.now() - 1000);
    await send(raws());
    const before = await outputs();
    expect(before.articles).toHaveLength(originals.length);
    expect(before.duplicates).toHaveLength(copies.length);

    // The loss: every key of this pipeline is gone, as after a restart of a Redis without persistence.
    let removed = 0;
    for await (const keys of services.redis.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<
      string[]
    >) {
      if (keys.length > 0) removed += await services.redis.unlink(...keys);
    }
    expect(removed).toBeGreaterThan(0);
    const index = new RedisDedupeIndex(services.redis, config);
    const ids = before.articles.map((a) => a.id);
    expect([...(await index.entries(ids)).values()].every((e) => e === null)).toBe(true);

    const summary = await replayItems(services, { from, to: new Date(Date.now() + 1000) });
    expect(summary).toMatchObject({
      read: originals.length + copies.length,
      new: 0,
      updated: 0,
      unchanged: originals.length + copies.length,
      failed: 0,
    });
    const rebuilt = await index.entries(ids);
    for (const a of before.articles) expect(rebuilt.get(a.id)?.revision).toBe(a.revision);
    const afterReplay = await outputs();
    expect(afterReplay.articles).toHaveLength(originals.length);
    expect(afterReplay.duplicates).toHaveLength(copies.length);

    // The fetcher, its seen items gone too, sends everything still in the feeds again; one story
    // has left its feed since.
    const gone = originals[1]!;
    await send(raws().filter((r) => r.item.guid !== gone.guid));
    const after = await outputs();
    expect(after.articles).toHaveLength(originals.length);
    expect(after.duplicates).toHaveLength(copies.length);

    // A copy arriving now of the story that left its feed is still recognised as a copy.
    const late = { ...gone, guid: 'late-copy', link: 'https://late-desk.example/news/late' };
    await send([rawItemOf(late, 'late-desk')]);
    const last = await outputs();
    expect(last.articles).toHaveLength(originals.length);
    expect(last.duplicates).toHaveLength(copies.length + 1);
    const original = before.articles.find((a) => a.url === gone.link)!;
    expect(last.duplicates.find((d) => d.occurrence.feedId === 'late-desk')).toMatchObject({
      duplicateOf: original.id,
      storyId: original.storyId,
    });
  });
});
