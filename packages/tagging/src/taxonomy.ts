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
  rules: z.partialRecord(z.enum(LANGS as [Lang, ...Lang[]]), LanguageRules),
});
export type TopicDefinition = z.infer<typeof TopicDefinition>;

export const Taxonomy = z
  .object({
    version: z.string().min(1),
    fieldWeights: z.object({ title: z.number(), summary: z.number(), body: z.number() }),
    /** Topics scoring below this share of the strongest topic are dropped as side remarks. */
    minShareOfTop: z.number().min(0).max(1).default(0),
    topics: z.array(TopicDefinition).min(1),
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
    if (tax.topics.filter((t) => t.mode === 'pairs').length > 1) {
      ctx.addIssue({ code: 'custom', message: 'at most one topic may be derived from bilateral pairs' });
    }
  });
export type Taxonomy = z.infer<typeof Taxonomy>;

/** Parses and validates taxonomy YAML; throws with the zod issues when the file is invalid. */
export function parseTaxonomy(text: string): Taxonomy {
  return Taxonomy.parse(parse(text));
}
