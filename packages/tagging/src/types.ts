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

export interface Tagger {
  tag(input: TaggingInput): TaggingResult;
  readonly taxonomyVersion: string;
}

/** The tokenised article: what every stage after matching reads. */
export interface Article {
  lang: Lang;
  texts: Record<TextField, string>;
  tokens: Token[];
}

export type TopicPayload = { topic: number; weight: number; role: 'term' | 'negative' | 'ignore' };

export type CountryKind = 'name' | 'adj' | 'seat' | 'city';

export type EntityPayload =
  | { type: 'country'; code: string; kind: CountryKind }
  | { type: 'person'; index: number }
  | { type: 'org'; index: number };

export function evidenceOf<P>(article: Article, match: Match<P>): Evidence {
  const first = article.tokens[match.first]!;
  const last = article.tokens[match.last]!;
  return {
    term: match.term,
    match: article.texts[first.field].slice(first.start, last.end),
    field: first.field,
    offset: first.start,
    sentence: null,
  };
}

export const FIELD_ORDER: Record<TextField, number> = { title: 0, summary: 1, body: 2 };
