import { describe, expect, it } from 'vitest';
import { PublishedIndex } from './published-index.js';
import { diffTags, tagList, tagsDigest, topicSlugs } from './tags.js';

const tagged = (slugs: string[], primary = true) => ({
  topics: slugs.map((slug) => ({ slug, iptc: null, score: 3, evidence: [] })),
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
      'topic:energy',
      'topic:trade',
    ]);
    const heavier = tagged(['trade']);
    heavier.topics[0]!.score = 9;
    expect(tagsDigest(tagList(heavier))).toBe(tagsDigest(tagList(tagged(['trade']))));
  });

  it('change when a topic or a primary country changes', () => {
    const base = tagsDigest(tagList(tagged(['trade'])));
    expect(tagsDigest(tagList(tagged(['trade', 'cyber'])))).not.toBe(base);
    expect(tagsDigest(tagList(tagged(['trade'], false)))).not.toBe(base);
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
});
