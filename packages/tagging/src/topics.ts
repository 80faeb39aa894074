import type { Evidence, TopicTag } from '@wirestream/contract';
import type { Match } from './matcher.js';
import type { Taxonomy } from './taxonomy.js';
import { evidenceOf, type Article, type TopicPayload } from './types.js';

// A term repeated many times says little more than a term used three times; this keeps one
// long quote from outweighing the headline.
const MAX_HITS_PER_TERM = 3;
const MAX_EVIDENCE = 8;

export interface TopicScore {
  score: number;
  evidence: Evidence[];
}

/** Field-weighted scores of every `score`-mode topic, before thresholds. */
export function scoreTopics(
  taxonomy: Taxonomy,
  article: Article,
  matches: readonly Match<TopicPayload>[],
): Map<number, TopicScore> {
  const weights = taxonomy.fieldWeights;
  const scores = new Map<number, TopicScore>();
  const hitsPerTerm = new Map<string, number>();
  for (const m of matches) {
    const { topic, weight, role } = m.payload;
    if (role === 'ignore') continue;
    const field = article.tokens[m.first]!.field;
    let entry = scores.get(topic);
    if (!entry) {
      entry = { score: 0, evidence: [] };
      scores.set(topic, entry);
    }
    if (role === 'negative') {
      entry.score -= weight * weights[field];
      continue;
    }
    const key = `${topic}\u0000${m.term}`;
    const seen = hitsPerTerm.get(key) ?? 0;
    hitsPerTerm.set(key, seen + 1);
    if (seen >= MAX_HITS_PER_TERM) continue;
    // Part of a compound counts a little less than the word itself: "Energiesparlampe" is weaker evidence.
    entry.score += weight * weights[field] * (m.partial ? 0.8 : 1);
    if (entry.evidence.length < MAX_EVIDENCE) entry.evidence.push(evidenceOf(article, m));
  }
  return scores;
}

export function topicTags(taxonomy: Taxonomy, scores: Map<number, TopicScore>): TopicTag[] {
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
      return { slug: topic.slug, iptc: topic.iptc, score: round(s.score), evidence: s.evidence };
    });
}

export function round(x: number): number {
  return Math.round(x * 100) / 100;
}
