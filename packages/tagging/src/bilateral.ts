import type { BilateralRelation, Evidence } from '@wirestream/contract';
import type { EntityTally, StateMention } from './countries.js';
import type { Match } from './matcher.js';
import { evidenceOf, type Article, type TopicPayload } from './types.js';

/**
 * Bilateral pairs: exactly two states named (directly, through their seat of power or a leader) in
 * one sentence together with a relation trigger (talks, call, visit, agreement, protest, summons,
 * expulsion, compensation…). A sentence naming three or more states is an enumeration or a
 * multilateral setting and says nothing about which two deal with each other. Venues ("talks in
 * Paris") and plain cities are places, not parties. One such sentence in the body is not enough: a
 * relation that is a subject of the story recurs, or is in the headline or teaser; a third state
 * that only comments once stays out.
 */

const PAIR_THRESHOLD = 2;
const SENTENCE_WEIGHT = { title: 2, summary: 1.5, body: 1 } as const;
const MAX_EVIDENCE = 6;

export interface PairScore {
  pair: string;
  score: number;
  evidence: Evidence[];
}

export function findPairs(
  article: Article,
  tally: EntityTally,
  triggers: readonly Match<TopicPayload>[],
): PairScore[] {
  const { tokens } = article;
  const statesBySentence = new Map<number, Set<string>>();
  for (const m of tally.mentions) {
    if (m.venue || m.kind === 'city') continue;
    let states = statesBySentence.get(m.sentence);
    if (!states) statesBySentence.set(m.sentence, (states = new Set()));
    states.add(m.code);
  }
  const triggersBySentence = new Map<number, Match<TopicPayload>>();
  for (const t of triggers) {
    const sentence = tokens[t.first]!.sentence;
    if (!triggersBySentence.has(sentence)) triggersBySentence.set(sentence, t);
  }

  const pairs = new Map<string, PairScore>();
  for (const [sentence, trigger] of triggersBySentence) {
    const states = statesBySentence.get(sentence);
    if (!states || states.size !== 2) continue;
    const pair = [...states].sort().join('-');
    let entry = pairs.get(pair);
    if (!entry) pairs.set(pair, (entry = { pair, score: 0, evidence: [] }));
    entry.score += SENTENCE_WEIGHT[tokens[trigger.first]!.field];
    if (entry.evidence.length < MAX_EVIDENCE) entry.evidence.push(evidenceOf(article, trigger));
  }
  return [...pairs.values()]
    .filter((p) => p.score >= PAIR_THRESHOLD)
    .sort((a, b) => a.pair.localeCompare(b.pair));
}

// A state itself acts or is acted upon: named, through its seat of power or one of its office
// holders. An adjective more often qualifies a company, a sector or citizens ("sanctions against
// the Russian energy sector"), which does not make the state a party.
const STATE_ITSELF = new Set<StateMention['kind']>(['name', 'seat', 'person']);

/**
 * Measures as relation triggers: a term of a `pairTrigger` topic (sanctions) in a sentence that
 * names exactly two states, both already primary, both as states, and no bloc. One state's measures
 * against another are a dispute between the two governments; a bloc's measures, a measure against
 * a third state's companies, or a state that is only a passing target are not. The sentence then
 * counts like any trigger sentence, so a pair still needs the headline/teaser or two sentences.
 */
export function measureTriggers(
  article: Article,
  tally: EntityTally,
  measures: readonly Match<TopicPayload>[],
  primary: ReadonlySet<string>,
): Match<TopicPayload>[] {
  const states = new Map<number, Map<string, boolean>>();
  for (const m of tally.mentions) {
    if (m.venue || m.kind === 'city') continue;
    let inSentence = states.get(m.sentence);
    if (!inSentence) states.set(m.sentence, (inSentence = new Map()));
    inSentence.set(m.code, (inSentence.get(m.code) ?? false) || STATE_ITSELF.has(m.kind));
  }
  const out: Match<TopicPayload>[] = [];
  const used = new Set<number>();
  for (const m of measures) {
    const sentence = article.tokens[m.first]!.sentence;
    if (used.has(sentence) || tally.blocSentences.has(sentence)) continue;
    const inSentence = states.get(sentence);
    if (!inSentence || inSentence.size !== 2) continue;
    if ([...inSentence].every(([code, itself]) => itself && primary.has(code))) {
      used.add(sentence);
      out.push(m);
    }
  }
  return out;
}

export function triggerSentences(article: Article, triggers: readonly Match<TopicPayload>[]): Set<number> {
  return new Set(triggers.map((t) => article.tokens[t.first]!.sentence));
}

/** Contract records; both states of a pair are primary by construction (see decidePrimary). */
export function toRelations(pairs: readonly PairScore[]): BilateralRelation[] {
  return pairs.map((p) => ({ pair: p.pair, evidence: p.evidence }));
}
