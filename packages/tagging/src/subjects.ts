import type { SubjectTag } from '@wirestream/contract';
import type { Match } from './matcher.js';
import type { Taxonomy, TopicDefinition } from './taxonomy.js';
import { evidenceOf, type Article, type TopicPayload } from './types.js';

/**
 * The subject layer: which of the 17 top-level IPTC subjects a story is about. Every subject term
 * adds weight × field weight (the lead paragraph counts half again as much as the rest of the
 * body, as editors write the gist there), a term counts at most three times, and a subject's
 * score is its share of all subject evidence in the article. The strongest subject is always
 * given; others when they come close to it.
 */

const MAX_HITS_PER_TERM = 3;
const MAX_EVIDENCE = 8;
const LEAD_WEIGHT = 1.5;
/** A second or third subject needs this share of the strongest one's evidence… */
const SECOND_OF_TOP = 0.5;
/** …and this share of all subject evidence. */
const SECOND_SHARE = 0.2;
const MAX_SUBJECTS = 3;
/** Below this much evidence, subjects say little; topics are then not judged by them. */
export const MIN_SUBJECT_EVIDENCE = 3;

export interface SubjectScores {
  /** Field-weighted evidence per subject (index into taxonomy.subjects). */
  raw: Float64Array;
  total: number;
  /** Index of the subject with most evidence (0 when none has any). */
  top: number;
  /** The first scoring matches per subject, made into evidence for the subjects given. */
  matches: Match<TopicPayload>[][];
}

export function scoreSubjects(
  taxonomy: Taxonomy,
  article: Article,
  matches: readonly Match<TopicPayload>[],
): SubjectScores {
  const n = taxonomy.subjects.length;
  const raw = new Float64Array(n);
  const kept: Match<TopicPayload>[][] = Array.from({ length: n }, () => []);
  const hits = new Map<string, number>();
  const weights = taxonomy.fieldWeights;
  for (const m of matches) {
    const { topic: subject, weight, role } = m.payload;
    if (role === 'ignore') continue;
    const token = article.tokens[m.first]!;
    const field = token.field === 'body' && token.paragraph === 0 ? LEAD_WEIGHT : weights[token.field];
    if (role === 'negative') {
      raw[subject]! -= weight * field;
      continue;
    }
    const key = `${subject}:${m.term}`;
    const seen = hits.get(key) ?? 0;
    hits.set(key, seen + 1);
    if (seen >= MAX_HITS_PER_TERM) continue;
    raw[subject]! += weight * field * (m.partial ? 0.8 : 1);
    if (kept[subject]!.length < MAX_EVIDENCE) kept[subject]!.push(m);
  }
  let total = 0;
  let top = 0;
  for (let i = 0; i < n; i++) {
    if (raw[i]! < 0) raw[i] = 0;
    total += raw[i]!;
    if (raw[i]! > raw[top]!) top = i;
  }
  return { raw, total, top, matches: kept };
}

/**
 * How plausible a topic is given the article's subjects, as the evidence under the topic's own
 * subjects divided by the evidence of the strongest subject: 1 when the strongest subject is one
 * the topic is plausible under, or one of the `openSubjects` (hard news: a political story may
 * carry a plane crash as a second topic), or when the article has too little subject evidence to
 * judge (a two-line item); near 0 for a boxing report's "fight" or a film review's "war".
 */
export function plausibility(
  taxonomy: Taxonomy,
  topic: TopicDefinition,
  scores: SubjectScores,
  subjectIndex: Map<string, number>,
): number {
  if (topic.subjects.length === 0 || scores.total < MIN_SUBJECT_EVIDENCE) return 1;
  const top = taxonomy.subjects[scores.top]!.slug;
  if (topic.subjects.includes(top) || taxonomy.subjectGate.openSubjects.includes(top)) return 1;
  let own = 0;
  for (const slug of topic.subjects) own = Math.max(own, scores.raw[subjectIndex.get(slug)!]!);
  return own / scores.raw[scores.top]!;
}

/**
 * The subjects given, strongest first. `fallback` names the subjects of the topics assigned, in
 * order, for an article whose text has no subject term at all.
 */
export function subjectTags(
  taxonomy: Taxonomy,
  article: Article,
  scores: SubjectScores,
  fallback: readonly string[],
): SubjectTag[] {
  const order = [...scores.raw.keys()]
    .filter((i) => scores.raw[i]! > 0)
    .sort((a, b) => scores.raw[b]! - scores.raw[a]!);
  if (order.length === 0) {
    const slug = fallback[0];
    const def = slug === undefined ? undefined : taxonomy.subjects.find((s) => s.slug === slug);
    return def ? [{ slug: def.slug, iptc: def.iptc, score: 0, evidence: [] }] : [];
  }
  const top = scores.raw[order[0]!]!;
  const chosen = order
    .filter(
      (i, k) =>
        k === 0 || (scores.raw[i]! >= SECOND_OF_TOP * top && scores.raw[i]! >= SECOND_SHARE * scores.total),
    )
    .slice(0, MAX_SUBJECTS);
  return chosen.map((i) => {
    const def = taxonomy.subjects[i]!;
    return {
      slug: def.slug,
      iptc: def.iptc,
      score: Math.round((scores.raw[i]! / scores.total) * 100) / 100,
      evidence: scores.matches[i]!.map((m) => evidenceOf(article, m)),
    };
  });
}
