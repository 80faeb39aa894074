import { describe, expect, it } from 'vitest';
import { decideEmission } from './emission.js';
import { PublishedIndex } from './published-index.js';
import { diffTags, tagList, tagsDigest, topicSlugs } from './tags.js';

const subject = (slug: string, iptc: string, score = 0.7) => ({ slug, iptc, score, evidence: [] });

const tagged = (slugs: string[], primary = true, subjects = [subject('politics', 'medtop:11000000')]) => ({
  subjects,
  topics: slugs.map((slug) => ({ slug, iptc: null, score: 0.6, evidence: [] })),
  entities: {
    countries: [{ code: 'DE', name: 'Germany', mentions: 2, primary, evidence: [] }],
    people: [],
    organizations: [{ id: 'eu', name: 'European Union', mentions: 1 }],
  },
  bilateral: [{ pair: 'DE-FR', evidence: [] }],
});

describe('tag lists', () => {
  it('name every kind of tag, sorted, without scores', () => {
    expect(tagList(tagged(['trade', 'energy']))).toEqual([
      'country:DE*',
      'org:eu',
      'pair:DE-FR',
      'subject:politics',
      'topic:energy',
      'topic:trade',
    ]);
    const heavier = tagged(['trade']);
    heavier.topics[0]!.score = 0.9;
    heavier.subjects[0]!.score = 0.2;
    expect(tagsDigest(tagList(heavier))).toBe(tagsDigest(tagList(tagged(['trade']))));
  });

  it('change when a subject, a topic or a primary country changes', () => {
    const base = tagsDigest(tagList(tagged(['trade'])));
    expect(tagsDigest(tagList(tagged(['trade', 'cyber'])))).not.toBe(base);
    expect(tagsDigest(tagList(tagged(['trade'], false)))).not.toBe(base);
    const economy = subject('economy-business', 'medtop:04000000');
    expect(tagsDigest(tagList(tagged(['trade'], true, [economy])))).not.toBe(base);
    expect(
      tagsDigest(tagList(tagged(['trade'], true, [subject('politics', 'medtop:11000000'), economy]))),
    ).not.toBe(base);
    expect(tagsDigest(tagList(tagged(['trade'], true, [])))).not.toBe(base);
  });

  it('tell a subject from a topic of the same slug', () => {
    const asTopic = tagList(tagged(['health'], true, []));
    const asSubject = tagList(tagged([], true, [subject('health', 'medtop:07000000')]));
    expect(asTopic).toContain('topic:health');
    expect(asSubject).toContain('subject:health');
    expect(tagsDigest(asSubject)).not.toBe(tagsDigest(asTopic));
    expect(topicSlugs(asSubject)).toEqual([]);
  });

  it('diff into added and removed tags', () => {
    expect(diffTags(['topic:a', 'topic:b'], ['topic:b', 'topic:c'])).toEqual({
      added: ['topic:c'],
      removed: ['topic:a'],
    });
    expect(topicSlugs(['country:DE', 'topic:cyber'])).toEqual(['cyber']);
  });
});

describe('PublishedIndex', () => {
  const article = (revision: number, contentHash: string, slugs: string[]) => ({
    id: 'a-1',
    revision,
    dedupe: { contentHash } as never,
    fetchedAt: '2026-01-01T00:00:00.000Z',
    ...tagged(slugs),
  });

  it('keeps the highest revision and remembers every text', () => {
    const index = new PublishedIndex();
    index.noteArticle(article(2, 'c-2', ['cyber']));
    index.noteArticle(article(1, 'c-1', ['trade']));
    const known = index.article('a-1')!;
    expect(known.revision).toBe(2);
    expect(known.contentHash).toBe('c-2');
    expect(topicSlugs(known.tags)).toEqual(['cyber']);
    expect([...known.contentHashes].sort()).toEqual(['c-1', 'c-2']);
    index.noteArticle(article(2, 'c-2', ['trade']));
    expect(topicSlugs(index.article('a-1')!.tags)).toEqual(['trade']);
    const copy = {
      id: 'a-9',
      duplicateOf: 'a-1',
      storyId: 's-1',
      status: 'duplicate',
      reason: 'same-content',
      similarity: 1,
    } as const;
    index.noteCopy(copy);
    expect(index.hasCopy('a-9')).toBe(true);
    expect(index.copyOf('a-9')).toEqual(copy);
    // A same-URL copy carries its original's id: that id is still an original.
    index.noteCopy({ ...copy, id: 'a-1', reason: 'same-url' });
    expect(index.hasCopy('a-1')).toBe(true);
    expect(index.copyOf('a-1')).toBeUndefined();
    expect(index.size).toEqual({ articles: 1, copies: 2 });
  });

  it('makes a change of subjects alone a tags-changed revision', () => {
    const index = new PublishedIndex();
    // Published before the subject layer: the record reads with no subjects.
    index.noteArticle({ ...article(1, 'c-1', ['trade']), subjects: [] });
    const now = tagList(tagged(['trade']));
    const reprocessed = (digest: string) => ({
      contentHash: 'c-1',
      digest,
      fetchedAt: Date.parse('2026-01-01T00:00:00.000Z'),
      decision: { kind: 'redelivery' as const, revision: 1 },
    });
    expect(decideEmission(reprocessed(tagsDigest(now)), index.article('a-1'), { reissue: false })).toEqual({
      action: 'updated',
      revision: 2,
      reason: 'tags-changed',
    });
    expect(diffTags(index.article('a-1')!.tags, now)).toEqual({ added: ['subject:politics'], removed: [] });
    index.noteArticle(article(2, 'c-1', ['trade']));
    expect(decideEmission(reprocessed(tagsDigest(now)), index.article('a-1'), { reissue: false })).toEqual({
      action: 'unchanged',
      why: 'same',
    });
  });
});
