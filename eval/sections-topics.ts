/**
 * Topic labels for a sample of the real-text corpus (eval/data/sections-topics.jsonl): 240 articles,
 * 60 per language, chosen by a fixed hash of their ids (FNV-1a of "label:" + id, lowest first) and
 * labelled on 2026-12-08 by someone who followed the devset's label definitions and never saw the
 * rules or the tagger's output. The file holds ids and labels only: the corpus's licence forbids
 * republishing its text, which stays in ../shared.
 *
 * Scored per half of the corpus (see `half`): development-half figures are in-sample once their
 * errors have been looked at; held-out figures are out of sample.
 */
import { existsSync } from 'node:fs';
import type { ArticleRecord } from '@wirestream/contract';
import { compare, prf, readJsonLines, round, type Counts } from './devset.js';
import { half, type Half } from './sections-map.js';

export const SECTION_TOPICS_FILE = 'eval/data/sections-topics.jsonl';

export interface TopicLabel {
  id: string;
  language: string;
  section: string;
  topics: string[];
  countries: string[];
  bilateral_pairs: string[];
  note?: string;
}

export interface TopicFigures {
  articles: number;
  topicsPrecision: number;
  topicsRecall: number;
  topicsMicroF1: number;
  /** Lowest precision among topics given at least three times (fewer says little). */
  minTopicPrecision: number;
  /** Articles with no labelled topic that still got one. */
  falseTopicRate: number;
  countriesF1: number;
  pairsF1: number;
}

export function readTopicLabels(file = SECTION_TOPICS_FILE): Map<string, TopicLabel> {
  if (!existsSync(file)) return new Map();
  return new Map(readJsonLines<TopicLabel>(file).map((l) => [l.id, l]));
}

const MIN_GIVEN = 3;

/** Figures per half for the labelled articles among `scored`; `detail` receives each mistake. */
export function scoreTopicLabels(
  labels: ReadonlyMap<string, TopicLabel>,
  scored: readonly { id: string; title: string; article: ArticleRecord }[],
  detail?: (line: string) => void,
): Partial<Record<Half, TopicFigures>> {
  const out: Partial<Record<Half, TopicFigures>> = {};
  for (const which of ['development', 'held-out'] as const) {
    const cases = scored.filter((s) => labels.has(s.id) && half(s.id) === which);
    if (cases.length === 0) continue;
    const topics: Counts = { tp: 0, fp: 0, fn: 0 };
    const countries: Counts = { tp: 0, fp: 0, fn: 0 };
    const pairs: Counts = { tp: 0, fp: 0, fn: 0 };
    const perTopic = new Map<string, Counts>();
    let empty = 0;
    let falseTopic = 0;
    for (const { id, title, article } of cases) {
      const gold = labels.get(id)!;
      const given = article.topics.map((t) => t.slug);
      const t = compare(topics, given, gold.topics);
      for (const slug of new Set([...given, ...gold.topics])) {
        const c = perTopic.get(slug) ?? { tp: 0, fp: 0, fn: 0 };
        perTopic.set(slug, c);
        compare(
          c,
          given.filter((g) => g === slug),
          gold.topics.filter((g) => g === slug),
        );
      }
      const primary = article.entities.countries.filter((c) => c.primary).map((c) => c.code);
      const c = compare(countries, primary, gold.countries);
      compare(
        pairs,
        article.bilateral.map((b) => b.pair),
        gold.bilateral_pairs,
      );
      if (gold.topics.length === 0) {
        empty++;
        if (given.length > 0) falseTopic++;
      }
      if (detail && which === 'development' && [t, c].some((x) => x.missed.length + x.extra.length > 0)) {
        const evidence = article.topics
          .filter((x) => t.extra.includes(x.slug))
          .map((x) => `${x.slug}(${x.evidence.map((e) => e.match).join('|')})`);
        detail(
          `${id} ${title.slice(0, 80)}\n      topics missed ${t.missed.join(',') || '-'}; extra ${evidence.join(' ') || '-'}; countries missed ${c.missed.join(',') || '-'} extra ${c.extra.join(',') || '-'}`,
        );
      }
    }
    const precisions = [...perTopic.values()]
      .filter((x) => x.tp + x.fp >= MIN_GIVEN)
      .map((x) => prf(x).precision);
    const micro = prf(topics);
    out[which] = {
      articles: cases.length,
      topicsPrecision: round(micro.precision),
      topicsRecall: round(micro.recall),
      topicsMicroF1: round(micro.f1),
      minTopicPrecision: round(Math.min(1, ...precisions)),
      falseTopicRate: round(falseTopic / Math.max(1, empty)),
      countriesF1: round(prf(countries).f1),
      pairsF1: round(prf(pairs).f1),
    };
  }
  return out;
}
