/**
 * Records for the client's tests: a valid article (fields with defaults left to the schema) and a copy of it.
 */
import { ArticleRecord, DuplicateRecord } from '@wirestream/contract';

export function article(id: string, revision = 1, overrides: Record<string, unknown> = {}): ArticleRecord {
  return ArticleRecord.parse({
    schemaVersion: 1,
    id,
    revision,
    url: `https://nordwire.example/world/${id}`,
    canonicalUrl: `https://nordwire.example/world/${id}`,
    title: `Headline of ${id}`,
    summary: 'The European Union widened its sanctions on Russian shipping.',
    body: 'The European Union widened its sanctions on Russian shipping.',
    credit: null,
    language: 'en',
    publishedAt: '2026-12-01T09:30:00Z',
    publishedAtSource: 'feed',
    fetchedAt: '2026-12-01T09:31:00Z',
    source: { feedId: 'nordwire-world', agency: 'Nordwire', name: 'Nordwire World' },
    authors: [],
    categories: [],
    topics: [
      {
        slug: 'sanctions',
        iptc: 'medtop:20000642',
        score: 0.9,
        evidence: [{ term: 'sanctions', match: 'sanctions', field: 'title', offset: 4, sentence: null }],
      },
    ],
    entities: {
      countries: [{ code: 'RU', name: 'Russia', mentions: 1, primary: true, evidence: [] }],
      people: [],
      organizations: [],
    },
    bilateral: [],
    dedupe: {
      status: 'unique',
      duplicateOf: null,
      reason: null,
      similarity: null,
      contentHash: `h-${id}`,
      fingerprint: null,
    },
    storyId: `s-${id}`,
    taxonomyVersion: '2026.12',
    pipelineVersion: 'test',
    ...overrides,
  });
}

/** A copy of `original` seen on another feed. */
export function copyOf(original: ArticleRecord, copyId: string, feedId = 'southwire'): DuplicateRecord {
  const copy = article(copyId, 1, {
    storyId: original.storyId,
    source: { feedId, agency: feedId, name: feedId },
    dedupe: {
      status: 'duplicate',
      duplicateOf: original.id,
      reason: 'same-content',
      similarity: 1,
      contentHash: original.dedupe.contentHash,
      fingerprint: null,
    },
  });
  return DuplicateRecord.parse({
    schemaVersion: 1,
    id: copyId,
    duplicateOf: original.id,
    storyId: original.storyId,
    status: 'duplicate',
    reason: 'same-content',
    similarity: 1,
    occurrence: { feedId, itemKey: `i-${copyId}`, url: copy.url },
    detectedAt: '2026-12-01T10:00:00.000Z',
    article: copy,
  });
}
