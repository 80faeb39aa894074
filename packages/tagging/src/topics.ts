import type { TopicTag } from '@wirestream/contract';
import type { Match } from './matcher.js';
import type { Taxonomy } from './taxonomy.js';
import { evidenceOf, type Article, type TopicPayload } from './types.js';

// A term repeated many times says little more than a term used three times; this keeps one
// long quote from outweighing the headline.
const MAX_HITS_PER_TERM = 3;
const MAX_EVIDENCE = 8;

export interface TopicScore {
  score: number;
  /** The first scoring matches; turned into evidence only for topics that are assigned. */
  matches: Match<TopicPayload>[];
  /** Hits per term, for the MAX_HITS_PER_TERM cap. */
  hits: Map<string, number>;
}

/** Field-weighted scores of every `score`-mode topic, before thresholds. */
export function scoreTopics(
  taxonomy: Taxonomy,
  article: Article,
  matches: readonly Match<TopicPayload>[],
): Map<number, TopicScore> {
  const weights = taxonomy.fieldWeights;
  const scores = new Map<number, TopicScore>();
  for (const m of matches) {
    const { topic, weight, role } = m.payload;
    if (role === 'ignore') continue;
    const field = article.tokens[m.first]!.field;
    let entry = scores.get(topic);
    if (!entry) {
      entry = { score: 0, matches: [], hits: new Map() };
      scores.set(topic, entry);
    }
    if (role === 'negative') {
      entry.score -= weight * weights[field];
      continue;
    }
    const seen = entry.hits.get(m.term) ?? 0;
    entry.hits.set(m.term, seen + 1);
    if (seen >= MAX_HITS_PER_TERM) continue;
    // Part of a compound counts a little less than the word itself: "Energiesparlampe" is weaker evidence.
    entry.score += weight * weights[field] * (m.partial ? 0.8 : 1);
    if (entry.matches.length < MAX_EVIDENCE) entry.matches.push(m);
  }
  return scores;
}

export function topicTags(taxonomy: Taxonomy, article: Article, scores: Map<number, TopicScore>): TopicTag[] {
  const passing: [number, TopicScore][] = [];
  taxonomy.topics.forEach((topic, index) => {
    const s = scores.get(index);
    if (topic.mode === 'score' && s && s.score >= topic.threshold) passing.push([index, s]);
  });
  const top = Math.max(0, ...passing.map(([, s]) => s.score));
  return passing
    .filter(([, s]) => s.score >= taxonomy.minShareOfTop * top)
    .map(([index, s]) => {
      const topic = taxonomy.topics[index]!;
      const evidence = s.matches.map((m) => evidenceOf(article, m));
      return { slug: topic.slug, iptc: topic.iptc, score: round(s.score), evidence };
    });
}

export function round(x: number): number {
  return Math.round(x * 100) / 100;
}
