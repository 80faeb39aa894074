import { describe, expect, it } from 'vitest';
import { ARTICLES_TOPIC, DUPLICATES_TOPIC, type DuplicateRecord } from '@wirestream/contract';
import { MemoryDedupeIndex } from '@wirestream/dedupe';
import { StorySigner } from '@wirestream/story';
import { loadGazetteer, loadTagger } from '@wirestream/tagging';
import {
  HARD_NEGATIVE_ES_SAME_DAY,
  LANDSLIDE_DE,
  LANDSLIDE_EN,
  LANDSLIDE_RU,
  type FixtureReport,
} from '../../story/src/stories.fixtures.js';
import { enrichRawItem, type EnrichmentDeps } from './enrich.js';
import { rawItemFromInput } from './enrich-input.js';
import { routeOutcome } from './route.js';

const at = new Date('2026-06-09T12:00:00Z');
const raw = (r: FixtureReport, line: number) =>
  rawItemFromInput(
    {
      id: r.id,
      title: r.title,
      summary: r.summary,
      body: r.body,
      url: `https://${r.id}.example/story`,
      published: r.publishedAt,
      language: r.language,
      source: `agency-${r.language}`,
    },
    line,
    at,
  );

describe('enrichment: one event reported in three languages', () => {
  const deps: EnrichmentDeps = {
    tagger: loadTagger(),
    dedupe: new MemoryDedupeIndex(),
    pipelineVersion: 'test',
    nearDuplicateThreshold: 0.3,
    futureToleranceMs: 3_600_000,
    storySigner: new StorySigner(loadGazetteer()),
    now: () => at,
  };

  it('publishes each report as an article of one story and links the later ones on news.duplicates.v1', async () => {
    const en = await enrichRawItem(raw(LANDSLIDE_EN, 1), deps);
    const de = await enrichRawItem(raw(LANDSLIDE_DE, 2), deps);
    const es = await enrichRawItem(raw(HARD_NEGATIVE_ES_SAME_DAY, 3), deps);
    const ru = await enrichRawItem(raw(LANDSLIDE_RU, 4), deps);

    expect(en.article.dedupe).toMatchObject({ status: 'unique', evidence: null });
    expect(es.article.dedupe.status).toBe('unique');
    expect(es.article.storyId).not.toBe(en.article.storyId);
    for (const linked of [de, ru]) {
      expect(linked.article.storyId).toBe(en.article.storyId);
      expect(linked.article.dedupe).toMatchObject({
        status: 'same-story',
        reason: 'shared-facts',
        duplicateOf: en.article.id,
      });
      expect(linked.article.dedupe.evidence?.shared.some((s) => s.kind === 'country' && s.key === 'GE')).toBe(
        true,
      );
      expect(linked.duplicate).toBeNull();

      const batches = routeOutcome(linked);
      expect(batches.map((b) => b.spec)).toEqual(expect.arrayContaining([ARTICLES_TOPIC, DUPLICATES_TOPIC]));
      const link = batches.find((b) => b.spec === DUPLICATES_TOPIC)!.records[0]!.value as DuplicateRecord;
      expect(link).toMatchObject({
        id: linked.article.id,
        status: 'same-story',
        storyId: en.article.storyId,
      });
      expect(link.article).toEqual(linked.article);
    }
    // An article that is not linked has no link record.
    expect(routeOutcome(en).some((b) => b.spec === DUPLICATES_TOPIC)).toBe(false);
  });
});
