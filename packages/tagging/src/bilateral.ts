import type { BilateralRelation, Evidence } from '@wirestream/contract';
import type { EntityTally } from './countries.js';
import type { Match } from './matcher.js';
import { evidenceOf, type Article, type TopicPayload } from './types.js';

/**
 * Bilateral pairs: two states named (directly, through their seat of power or a leader) in one
 * sentence together with a relation trigger (talks, call, visit, agreement, protest, summons,
 * expulsion, compensation…). One such sentence in the body is not enough: a relation that is a
 * subject of the story recurs, or is in the headline or teaser.
 */

// Sentences listing many states are enumerations (sanctions lists, summit participants), not
// one relation.
const MAX_STATES_IN_SENTENCE = 3;
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
  const statesBySentence = new Map<number, Map<string, number>>();
  for (const at of tally.countryAt) {
    const sentence = tokens[at.token]!.sentence;
    let states = statesBySentence.get(sentence);
    if (!states) statesBySentence.set(sentence, (states = new Map()));
    if (!states.has(at.code)) states.set(at.code, at.token);
  }
  const triggersBySentence = new Map<number, Match<TopicPayload>[]>();
  for (const t of triggers) {
    const sentence = tokens[t.first]!.sentence;
    const list = triggersBySentence.get(sentence);
    if (list) list.push(t);
    else triggersBySentence.set(sentence, [t]);
  }

  const pairs = new Map<string, PairScore>();
  for (const [sentence, found] of triggersBySentence) {
    const states = statesBySentence.get(sentence);
    if (!states || states.size < 2 || states.size > MAX_STATES_IN_SENTENCE) continue;
    const codes = [...states.keys()].sort();
    const weight = SENTENCE_WEIGHT[tokens[found[0]!.first]!.field];
    for (let a = 0; a < codes.length; a++) {
      for (let b = a + 1; b < codes.length; b++) {
        const pair = `${codes[a]}-${codes[b]}`;
        let entry = pairs.get(pair);
        if (!entry) pairs.set(pair, (entry = { pair, score: 0, evidence: [] }));
        entry.score += weight;
        if (entry.evidence.length < MAX_EVIDENCE) entry.evidence.push(evidenceOf(article, found[0]!));
      }
    }
  }
  return [...pairs.values()].filter((p) => p.score >= PAIR_THRESHOLD).sort((a, b) => a.pair.localeCompare(b.pair));
}

export function toRelations(pairs: readonly PairScore[], primary: ReadonlySet<string>): BilateralRelation[] {
  return pairs
    .filter((p) => p.pair.split('-').every((code) => primary.has(code)))
    .map((p) => ({ pair: p.pair, evidence: p.evidence }));
}
