import { z } from 'zod';
import { parse } from 'yaml';
import { LANGS, type Lang } from './stem.js';

/**
 * The taxonomy file: topics with IPTC codes and per-language rules. Weights are per term; the
 * article score of a topic is the field-weighted sum of its term hits minus its context (negative)
 * hits, and the topic is assigned when the score reaches the topic's threshold.
 */

const Weighted = z.record(z.string().min(1), z.number());

export const LanguageRules = z.object({
  /** Term → weight. Trailing `*` on a German term: also a compound modifier (Öl* → Ölembargo). */
  terms: Weighted,
  /** Context terms that speak against the topic (sports bodies for sanctions): term → penalty. */
  negative: Weighted.default({}),
  /** Phrases that hide a homonym without scoring ("viel Energie"), by longest match. */
  ignore: z.array(z.string().min(1)).default([]),
});
export type LanguageRules = z.infer<typeof LanguageRules>;

export const TopicDefinition = z.object({
  slug: z.string().regex(/^[a-z][a-z-]*$/),
  label: z.string(),
  iptc: z
    .string()
    .regex(/^medtop:\d{8}$/)
    .nullable(),
  description: z.string(),
  /**
   * `score`: assigned when the weighted score reaches `threshold`.
   * `pairs`: assigned when a bilateral pair is found; the terms are the relation triggers.
   */
  mode: z.enum(['score', 'pairs']).default('score'),
  threshold: z.number().positive(),
  /**
   * When this (score) topic is assigned, its terms also act as relation triggers in a sentence that
   * names exactly two states, both primary and both as states (name, seat of power or office
   * holder, not an adjective), with no bloc: one state sanctioning another is a dispute between
   * the two governments.
   */
  pairTrigger: z.boolean().default(false),
  /**
   * Whether a pair that only this topic's terms relate also gives the pairs topic (bilateral
   * relations). One state sanctioning another is a dispute between the two (true); one state
   * extraditing a suspect to another makes both parties to the story without their relations
   * being its subject (false): the pair is listed, the relations topic is not given.
   */
  pairIsRelation: z.boolean().default(true),
  /**
   * The subjects under which this topic is plausible (armed-conflict: conflict-war-peace). When
   * the article's subject evidence lies elsewhere (a match report, a film review), the topic's own
   * evidence counts for less: a "fight" in a boxing report is not armed conflict.
   */
  subjects: z.array(z.string()).default([]),
  rules: z.partialRecord(z.enum(LANGS as [Lang, ...Lang[]]), LanguageRules),
});
export type TopicDefinition = z.infer<typeof TopicDefinition>;

export const SubjectRules = LanguageRules.extend({
  /**
   * Phrases that, in the headline or teaser, frame the whole story as this subject: a film review,
   * a product test. They score as terms of weight `FRAME_WEIGHT`, and topics not plausible under
   * the subject are not given: the crash in a film review happens on screen.
   */
  frames: z.array(z.string().min(1)).default([]),
});
export type SubjectRules = z.infer<typeof SubjectRules>;

/** A top-level IPTC subject and its per-language terms (scored like topic terms). */
export const SubjectDefinition = z.object({
  slug: z.string().regex(/^[a-z][a-z-]*$/),
  iptc: z.string().regex(/^medtop:\d{8}$/),
  rules: z.partialRecord(z.enum(LANGS as [Lang, ...Lang[]]), SubjectRules),
});
export type SubjectDefinition = z.infer<typeof SubjectDefinition>;

export const Taxonomy = z
  .object({
    version: z.string().min(1),
    fieldWeights: z.object({ title: z.number(), summary: z.number(), body: z.number() }),
    /** Topics scoring below this share of the strongest topic are dropped as side remarks. */
    minShareOfTop: z.number().min(0).max(1).default(0),
    /**
     * A topic is only given when at least one of its terms of this weight or more is found: the
     * words around a topic ("flight", "airline") are evidence only next to the topic itself ("crash").
     */
    coreWeight: z.number().positive().default(3),
    /** See `lengthFactor` in topics.ts. Default: no length normalisation. */
    lengthNorm: z
      .object({ words: z.number().positive(), exponent: z.number().min(0).max(1) })
      .default({ words: Number.MAX_SAFE_INTEGER, exponent: 0 }),
    /** See `subjectGate` in topics.ts. */
    subjectGate: z
      .object({
        none: z.number().min(0).max(1),
        full: z.number().positive().max(1),
        /** Subjects that may lead a story carrying any topic (hard news); see `plausibility`. */
        openSubjects: z.array(z.string()).default([]),
        /** Soft news: its share of the subject evidence thins topics not plausible under it. */
        softSubjects: z.array(z.string()).default([]),
      })
      .default({ none: 0.5, full: 1, openSubjects: [], softSubjects: [] }),
    /** Logistic calibration of topic scores (see `confidence` in topics.ts); fitted by a script. */
    calibration: z
      .object({ slope: z.number().positive(), intercept: z.number() })
      .default({ slope: 3, intercept: 0.5 }),
    topics: z.array(TopicDefinition).min(1),
    subjects: z.array(SubjectDefinition).default([]),
    /** The subject of readable text with no subject evidence and no topic (score 0, no evidence). */
    subjectFallback: z.string().optional(),
  })
  .superRefine((tax, ctx) => {
    const seen = new Set<string>();
    for (const topic of tax.topics) {
      if (seen.has(topic.slug)) ctx.addIssue({ code: 'custom', message: `duplicate slug ${topic.slug}` });
      seen.add(topic.slug);
      for (const lang of LANGS) {
        if (!topic.rules[lang]) {
          ctx.addIssue({ code: 'custom', message: `topic ${topic.slug} has no rules for ${lang}` });
        }
      }
    }
    const subjects = new Set(tax.subjects.map((s) => s.slug));
    const named = [...tax.subjectGate.openSubjects, ...tax.subjectGate.softSubjects];
    if (tax.subjectFallback !== undefined) named.push(tax.subjectFallback);
    for (const slug of named) {
      if (!subjects.has(slug))
        ctx.addIssue({
          code: 'custom',
          message: `subjectGate or subjectFallback names unknown subject ${slug}`,
        });
    }
    if (tax.subjectGate.none >= tax.subjectGate.full) {
      ctx.addIssue({ code: 'custom', message: 'subjectGate: none must be below full' });
    }
    if (subjects.size !== tax.subjects.length)
      ctx.addIssue({ code: 'custom', message: 'duplicate subject slug' });
    for (const topic of tax.topics) {
      for (const slug of topic.subjects) {
        if (!subjects.has(slug)) {
          ctx.addIssue({ code: 'custom', message: `topic ${topic.slug} names unknown subject ${slug}` });
        }
      }
    }
    if (tax.topics.filter((t) => t.mode === 'pairs').length > 1) {
      ctx.addIssue({ code: 'custom', message: 'at most one topic may be derived from bilateral pairs' });
    }
  });
export type Taxonomy = z.infer<typeof Taxonomy>;

/** Parses and validates taxonomy YAML; throws with the zod issues when the file is invalid. */
export function parseTaxonomy(text: string): Taxonomy {
  return Taxonomy.parse(parse(text));
}
