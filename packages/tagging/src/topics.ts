import type { TopicTag } from '@wirestream/contract';
import type { Match } from './matcher.js';
import type { Taxonomy } from './taxonomy.js';
import { evidenceOf, type Article, type TopicPayload, type TopicWeights } from './types.js';

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
  /** A scoring term stands in the headline, the teaser or the lead paragraph. */
  upFront: boolean;
  /** Some hit is a core term of the topic (weight at least the taxonomy's `coreWeight`). */
  core: boolean;
  /** Distinct body sentences with a scoring term (matches come in text order). */
  sentences: number;
  lastSentence: number;
}

/**
 * How much of its evidence a topic keeps by where that evidence stands. A topic the headline, the
 * teaser or the lead speaks of keeps all of it; one that the body names once, with one term in
 * one sentence, is a background clause ("…since sanctions were imposed in 2022") and keeps half.
 * A single sentence that reports the event in several terms ("the airliner crashed after it was
 * hit by air-defence missiles") is reporting, and keeps all.
 */
export function placementWeight(s: TopicScore): number {
  if (s.upFront || s.sentences > 1 || s.hits.size > 1) return 1;
  return 0.5;
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
      entry = {
        score: 0,
        matches: [],
        hits: new Map(),
        upFront: false,
        core: false,
        sentences: 0,
        lastSentence: -1,
      };
      scores.set(topic, entry);
    }
    if (role === 'negative') {
      entry.score -= weight * weights[field];
      continue;
    }
    const token = article.tokens[m.first]!;
    if (negated(article, m.first)) continue;
    if (field !== 'body' || token.paragraph === 0) entry.upFront = true;
    else {
      if (token.sentence !== entry.lastSentence) entry.sentences++;
      entry.lastSentence = token.sentence;
    }
    if (weight >= taxonomy.coreWeight) entry.core = true;
    const seen = entry.hits.get(m.term) ?? 0;
    entry.hits.set(m.term, seen + 1);
    if (seen >= MAX_HITS_PER_TERM) continue;
    // Part of a compound counts a little less than the word itself: "Energiesparlampe" is weaker evidence.
    entry.score += weight * weights[field] * (m.partial ? 0.8 : 1);
    if (entry.matches.length < MAX_EVIDENCE) entry.matches.push(m);
  }
  return scores;
}

/**
 * How much of a topic's evidence counts, from its plausibility (see `plausibility`: its own
 * subject's evidence against the strongest subject's): none up to `none`, all of it from `full`
 * up, linear between. A boxing report's "fight" counts for nothing; a doping story whose crime
 * and law evidence nearly matches its sport evidence keeps most of its court evidence.
 */
export function subjectGate(taxonomy: Taxonomy, plausible: number): number {
  const { none, full } = taxonomy.subjectGate;
  if (plausible >= full) return 1;
  return plausible <= none ? 0 : (plausible - none) / (full - none);
}

/**
 * How much a topic's evidence is divided by for the length of the article: 1 up to `words`
 * tokens, then (tokens / words) ^ exponent. A 2,000-word feature touches more subjects in passing
 * than a 300-word wire report, and the per-term cap does not stop many different words of a side
 * subject from adding up; a topic of the story recurs throughout and keeps its lead.
 */
export function lengthFactor(taxonomy: Taxonomy, tokens: number): number {
  const { words, exponent } = taxonomy.lengthNorm;
  return tokens <= words ? 1 : (tokens / words) ** exponent;
}

/**
 * The calibrated confidence of a topic with evidence `score` and threshold `threshold`: a logistic
 * curve in the log of their ratio, fitted on labelled articles (see taxonomy `calibration`).
 */
export function confidence(taxonomy: Taxonomy, score: number, threshold: number): number {
  if (score <= 0) return 0;
  const { slope, intercept } = taxonomy.calibration;
  return 1 / (1 + Math.exp(-(slope * Math.log(score / threshold) + intercept)));
}

/**
 * Each scored topic's evidence weighed by where it stands (`placementWeight`), by how plausible
 * the article's subjects make it (`plausible(index)`, see `subjectGate`) and by the article's
 * length (`lengthFactor`): what thresholds judge.
 */
export function weighTopics(
  taxonomy: Taxonomy,
  scores: Map<number, TopicScore>,
  plausible: (topic: number) => number,
  tokens: number,
  explained?: TopicWeights,
): Map<number, number> {
  const weighed = new Map<number, number>();
  const length = lengthFactor(taxonomy, tokens);
  for (const [index, s] of scores) {
    const topic = taxonomy.topics[index]!;
    // Words around a topic ("flight", "airline", "court") are not the topic ("crash", "verdict").
    if (topic.mode !== 'score' || s.score <= 0 || !s.core) continue;
    const placement = placementWeight(s);
    const plausibility = plausible(index);
    const w = (s.score * placement * subjectGate(taxonomy, plausibility)) / length;
    weighed.set(index, w);
    if (explained) {
      explained[topic.slug] = {
        evidence: s.score,
        placement,
        plausibility,
        length,
        weighed: w,
        threshold: topic.threshold,
      };
    }
  }
  return weighed;
}

/**
 * The topics given: weighed evidence reaching the topic's threshold, and not far weaker than the
 * strongest topic of the article (a side remark).
 */
export function topicTags(
  taxonomy: Taxonomy,
  article: Article,
  scores: Map<number, TopicScore>,
  weighed: Map<number, number>,
): TopicTag[] {
  const passing = [...weighed]
    .filter(([index, w]) => w >= taxonomy.topics[index]!.threshold)
    .sort(([a], [b]) => a - b);
  // Each topic's evidence in units of its own threshold: topics whose words are common
  // (energy) would otherwise make a strong second topic (sanctions) look like a side remark.
  const strength = (index: number, w: number): number => w / taxonomy.topics[index]!.threshold;
  const top = Math.max(0, ...passing.map(([index, w]) => strength(index, w)));
  return passing
    .filter(([index, w]) => strength(index, w) >= taxonomy.minShareOfTop * top)
    .map(([index, w]) => {
      const topic = taxonomy.topics[index]!;
      const evidence = scores.get(index)!.matches.map((m) => evidenceOf(article, m));
      return {
        slug: topic.slug,
        iptc: topic.iptc,
        score: round(confidence(taxonomy, w, topic.threshold)),
        evidence,
      };
    });
}

export function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Words that deny what follows them ("no sign of a cyberattack", "kein Hinweis auf einen Angriff",
 * "sin víctimas"). Only words that deny an event's existence, not every "not": a story that says
 * sanctions were not lifted is still about sanctions.
 */
const NEGATORS = new Set([
  'no',
  'without',
  'ruled',
  'kein',
  'keine',
  'keinen',
  'keinem',
  'keiner',
  'keines',
  'ohne',
  'aucun',
  'aucune',
  'sans',
  'ecarte',
  'ningun',
  'ninguna',
  'ninguno',
  'sin',
  'descarto',
  'descarta',
  'descartaron',
  'нет',
  'без',
  'никаких',
  'никакой',
  'никакого',
  'исключил',
  'исключили',
]);
/** A negator's sense depends on the next word: "ruled out" denies, "sin embargo" (however) and "sans doute" (surely) do not. */
const NEXT_WORD: Record<string, (next: string) => boolean> = {
  ruled: (next) => next === 'out',
  sin: (next) => next !== 'embargo',
  sans: (next) => next !== 'doute',
};
/** How many words before a term a negation reaches ("no indication of any cyberattack"). */
const NEGATION_REACH = 4;

function negated(article: Article, first: number): boolean {
  const tokens = article.tokens;
  const sentence = tokens[first]!.sentence;
  for (let k = first - 1; k >= 0 && k >= first - NEGATION_REACH; k--) {
    const t = tokens[k]!;
    if (t.sentence !== sentence) return false;
    const word = t.word.folded;
    if (!NEGATORS.has(word)) continue;
    const sense = NEXT_WORD[word];
    if (sense === undefined || sense(tokens[k + 1]!.word.folded)) return true;
  }
  return false;
}
