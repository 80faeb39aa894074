import type { Evidence, SubjectTag } from '@wirestream/contract';
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
// The first few hits (headline and lead come first) say why; a subject is a broad call and
// needs fewer than a topic.
const MAX_EVIDENCE = 5;
const LEAD_WEIGHT = 1.5;
/** A second or third subject needs this share of the strongest one's evidence… */
const SECOND_OF_TOP = 0.5;
/** …and this share of all subject evidence. */
const SECOND_SHARE = 0.2;
const MAX_SUBJECTS = 3;
/** What a framing phrase (see SubjectRules `frames`) weighs as subject evidence. */
export const FRAME_WEIGHT = 3;
/** Below this much evidence, subjects say little; topics are then not judged by them. */
export const MIN_SUBJECT_EVIDENCE = 6;
/** Fewer words than this (an empty item, a bare headline) is not readable text to place. */
const MIN_READABLE_WORDS = 12;

export interface SubjectScores {
  /** Field-weighted evidence per subject (index into taxonomy.subjects). */
  raw: Float64Array;
  total: number;
  /** Index of the subject with most evidence (0 when none has any). */
  top: number;
  /** The first scoring matches per subject, made into evidence for the subjects given. */
  matches: Match<TopicPayload>[][];
  /** Subjects a headline or teaser phrase frames the story as (a film review: arts-culture). */
  framed: readonly number[];
}

/**
 * Adds up subject evidence while the subject matcher scans an article (`add` is its emit
 * callback), with nothing allocated per hit but the matches kept as evidence. One per tagger,
 * reused from article to article.
 */
export class SubjectTally {
  private article: Article | null = null;
  private raw: Float64Array;
  private kept: Match<TopicPayload>[][];
  /** Hits per lexicon entry (by payload id) in the current article, and the ids touched. */
  private readonly hits: Uint8Array;
  private readonly touched: number[] = [];
  private framed: number[] = [];

  constructor(
    private readonly taxonomy: Taxonomy,
    payloads: number,
  ) {
    this.raw = new Float64Array(taxonomy.subjects.length);
    this.kept = taxonomy.subjects.map(() => []);
    this.hits = new Uint8Array(payloads);
  }

  reset(article: Article): void {
    this.article = article;
    for (const id of this.touched) this.hits[id] = 0;
    this.touched.length = 0;
    // Fresh arrays: the previous article's scores were handed out and may still be read.
    this.raw = new Float64Array(this.taxonomy.subjects.length);
    this.kept = this.taxonomy.subjects.map(() => []);
    this.framed = [];
  }

  readonly add = (m: Match<TopicPayload>): void => {
    const { topic: subject, weight, role, id } = m.payload;
    if (role === 'ignore') return;
    const token = this.article!.tokens[m.first]!;
    const field =
      token.field === 'body' && token.paragraph === 0 ? LEAD_WEIGHT : this.taxonomy.fieldWeights[token.field];
    if (role === 'negative') {
      this.raw[subject]! -= weight * field;
      return;
    }
    if (role === 'frame' && token.field !== 'body' && !this.framed.includes(subject)) {
      this.framed.push(subject);
    }
    const seen = this.hits[id!]!;
    if (seen === 0) this.touched.push(id!);
    if (seen >= MAX_HITS_PER_TERM) return;
    this.hits[id!] = seen + 1;
    this.raw[subject]! += weight * field * (m.partial ? 0.8 : 1);
    const kept = this.kept[subject]!;
    if (kept.length < MAX_EVIDENCE) kept.push({ ...m });
  };

  scores(): SubjectScores {
    const { raw } = this;
    let total = 0;
    let top = 0;
    for (let i = 0; i < raw.length; i++) {
      if (raw[i]! < 0) raw[i] = 0;
      total += raw[i]!;
      if (raw[i]! > raw[top]!) top = i;
    }
    return { raw, total, top, matches: this.kept, framed: this.framed };
  }
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
  // A story framed as a review or test (headline, teaser) reports no event of its own.
  for (const framed of scores.framed) {
    if (!topic.subjects.includes(taxonomy.subjects[framed]!.slug)) return 0;
  }
  if (topic.subjects.length === 0 || scores.total < MIN_SUBJECT_EVIDENCE) return 1;
  // Soft news the topic cannot live under (sport, entertainment, leisure) thins its evidence
  // even when it does not lead: a league's season halted by an epidemic is a sports story.
  let soft = 0;
  for (const slug of taxonomy.subjectGate.softSubjects) {
    if (!topic.subjects.includes(slug)) soft += scores.raw[subjectIndex.get(slug)!]!;
  }
  const thinned = 1 - soft / scores.total;
  const top = taxonomy.subjects[scores.top]!.slug;
  if (topic.subjects.includes(top) || taxonomy.subjectGate.openSubjects.includes(top)) return thinned;
  let own = 0;
  for (const slug of topic.subjects) own = Math.max(own, scores.raw[subjectIndex.get(slug)!]!);
  return Math.min(thinned, own / scores.raw[scores.top]!);
}

/**
 * The subjects given: the strongest by subject evidence, others that come close to it, then the
 * subjects the assigned topics imply (`implied`, strongest topic first: energy → economy-business,
 * as a specific IPTC topic implies its top-level ancestor), at most MAX_SUBJECTS in all. An article
 * with no subject term at all gets the subjects of its topics only; one with neither, if it has
 * readable text (`words` of it), gets the taxonomy's `subjectFallback` with score 0 and no evidence,
 * so that every story has a place and a reader can tell a guess from a finding.
 */
export function subjectTags(
  taxonomy: Taxonomy,
  article: Article,
  scores: SubjectScores,
  implied: readonly { subject: string; evidence: readonly Evidence[] }[],
  words: number,
): SubjectTag[] {
  const share = (i: number): number =>
    scores.total > 0 ? Math.round((scores.raw[i]! / scores.total) * 100) / 100 : 0;
  const order = [...scores.raw.keys()]
    .filter((i) => scores.raw[i]! > 0)
    .sort((a, b) => scores.raw[b]! - scores.raw[a]!);
  const top = order.length > 0 ? scores.raw[order[0]!]! : 0;
  const tags: SubjectTag[] = order
    .filter(
      (i, k) =>
        k === 0 || (scores.raw[i]! >= SECOND_OF_TOP * top && scores.raw[i]! >= SECOND_SHARE * scores.total),
    )
    .slice(0, MAX_SUBJECTS)
    .map((i) => {
      const def = taxonomy.subjects[i]!;
      return {
        slug: def.slug,
        iptc: def.iptc,
        score: share(i),
        evidence: scores.matches[i]!.map((m) => evidenceOf(article, m)),
      };
    });
  for (const { subject, evidence } of implied) {
    if (tags.length >= MAX_SUBJECTS) break;
    if (tags.some((t) => t.slug === subject)) continue;
    const index = taxonomy.subjects.findIndex((s) => s.slug === subject);
    if (index < 0) continue;
    const def = taxonomy.subjects[index]!;
    tags.push({
      slug: def.slug,
      iptc: def.iptc,
      score: share(index),
      evidence: evidence.slice(0, MAX_EVIDENCE),
    });
  }
  const fallback = taxonomy.subjects.find((s) => s.slug === taxonomy.subjectFallback);
  if (tags.length === 0 && words >= MIN_READABLE_WORDS && fallback) {
    tags.push({ slug: fallback.slug, iptc: fallback.iptc, score: 0, evidence: [] });
  }
  return tags;
}
