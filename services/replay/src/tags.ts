import { createHash } from 'node:crypto';
import type { ArticleRecord } from '@wirestream/contract';

type Tagged = Pick<ArticleRecord, 'subjects' | 'topics' | 'entities' | 'bilateral'>;

/**
 * The tags of an article as a sorted list of short names: subjects, topics, countries (a star marks
 * the primary ones), country pairs, people and organisations. Scores and evidence are left out on
 * purpose: a weight change that tags the same things is not worth re-publishing an article.
 */
export function tagList(article: Tagged): string[] {
  return [
    ...article.subjects.map((s) => `subject:${s.slug}`),
    ...article.topics.map((t) => `topic:${t.slug}`),
    ...article.entities.countries.map((c) => `country:${c.code}${c.primary ? '*' : ''}`),
    ...article.bilateral.map((b) => `pair:${b.pair}`),
    ...article.entities.people.map((p) => `person:${p.name}`),
    ...article.entities.organizations.map((o) => `org:${o.id}`),
  ].sort();
}

export const tagsDigest = (tags: readonly string[]): string =>
  createHash('sha256').update(tags.join('\n'), 'utf8').digest('hex').slice(0, 16);

export interface TagDiff {
  added: string[];
  removed: string[];
}

export function diffTags(before: readonly string[], after: readonly string[]): TagDiff {
  const old = new Set(before);
  const now = new Set(after);
  return { added: after.filter((t) => !old.has(t)), removed: before.filter((t) => !now.has(t)) };
}

/** The topic slugs in a tag list. */
export const topicSlugs = (tags: readonly string[]): string[] =>
  tags.filter((t) => t.startsWith('topic:')).map((t) => t.slice('topic:'.length));
