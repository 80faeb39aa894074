import type {
  BilateralRelation,
  CountryMention,
  Evidence,
  OrganizationMention,
  PersonMention,
  SubjectTag,
  TextField,
  TopicTag,
} from '@wirestream/contract';
import type { Match } from './matcher.js';
import type { Lang } from './stem.js';
import type { Token } from './tokenize.js';

export interface TaggingInput {
  title: string;
  summary: string;
  body: string;
  /** ISO 639-1, or 'und' when unknown. */
  language: string;
}

export interface TaggingResult {
  /** Top-level IPTC subjects, strongest first; at least one for any article with readable text. */
  subjects: SubjectTag[];
  topics: TopicTag[];
  /** Every state mentioned; `primary` on the states the story is about. */
  countries: CountryMention[];
  people: PersonMention[];
  organizations: OrganizationMention[];
  /** Pairs sorted inside ("AZ-RU") and as a list. */
  bilateral: BilateralRelation[];
  taxonomyVersion: string;
}

/** How a scored topic was weighed (see `weighTopics`), by slug: what its threshold judged. */
export type TopicWeights = Record<
  string,
  {
    evidence: number;
    placement: number;
    plausibility: number;
    /** What the evidence was divided by for the article's length (see `lengthFactor`). */
    length: number;
    weighed: number;
    threshold: number;
  }
>;

export interface Tagger {
  tag(input: TaggingInput): TaggingResult;
  /**
   * `tag`, and the weighed evidence of every topic the article has any evidence for, so thresholds
   * can be fitted and a decision explained.
   */
  explain(input: TaggingInput): { result: TaggingResult; weights: TopicWeights };
  readonly taxonomyVersion: string;
}

/** The tokenised article: what every stage after matching reads. */
export interface Article {
  lang: Lang;
  texts: Record<TextField, string>;
  tokens: Token[];
}

export type TopicPayload = {
  topic: number;
  weight: number;
  /** `frame`: a subject term that, in the headline or teaser, frames the story (see SubjectRules). */
  role: 'term' | 'negative' | 'ignore' | 'frame';
  /** Subject terms only: a number per lexicon entry, for the per-term hit cap without a map. */
  id?: number;
};

export type CountryKind = 'name' | 'adj' | 'seat' | 'city';

export type EntityPayload =
  | { type: 'country'; code: string; kind: CountryKind }
  | { type: 'person'; index: number }
  | { type: 'org'; index: number };

const MAX_SENTENCE = 300;

export function evidenceOf<P>(article: Article, match: Match<P>): Evidence {
  const first = article.tokens[match.first]!;
  const last = article.tokens[match.last]!;
  return {
    term: match.term,
    match: article.texts[first.field].slice(first.start, last.end),
    field: first.field,
    offset: first.start,
    sentence: sentenceOf(article, match.first, match.last),
  };
}

/**
 * The sentence tokens `first`..`last` stand in, as the article has it (up to its closing
 * punctuation), cut to MAX_SENTENCE characters around the match when longer. Only evidence that a
 * record shows asks for it, so the walk over a sentence's tokens costs a few per tag.
 */
export function sentenceOf(article: Article, first: number, last: number): string {
  const { tokens } = article;
  const at = tokens[first]!;
  let a = first;
  while (a > 0 && tokens[a - 1]!.sentence === at.sentence && tokens[a - 1]!.field === at.field) a--;
  let b = last;
  while (
    b + 1 < tokens.length &&
    tokens[b + 1]!.sentence === at.sentence &&
    tokens[b + 1]!.field === at.field
  )
    b++;
  const text = article.texts[at.field];
  let end = tokens[b]!.end;
  // Keep the closing punctuation and quote marks that belong to the sentence.
  while (end < text.length && /[.!?…"'»“”)\]]/u.test(text[end]!)) end++;
  let start = tokens[a]!.start;
  if (end - start > MAX_SENTENCE) {
    const mid = Math.floor((at.start + tokens[last]!.end) / 2);
    start = Math.max(start, mid - MAX_SENTENCE / 2);
    end = Math.min(end, start + MAX_SENTENCE);
  }
  return text.slice(start, end).trim();
}

export const FIELD_ORDER: Record<TextField, number> = { title: 0, summary: 1, body: 2 };
