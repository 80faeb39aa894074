import type { CountryMention, Evidence, OrganizationMention, PersonMention } from '@wirestream/contract';
import type { Gazetteer } from './gazetteer.js';
import type { Match } from './matcher.js';
import { evidenceOf, type Article, type EntityPayload } from './types.js';

/** Everything known about one state's mentions in one article. */
export interface CountryStats {
  code: string;
  mentions: number;
  evidence: Evidence[];
  /** Sentences (article-wide numbering) with a mention of the state, its seat or one of its people. */
  sentences: Set<number>;
  inTitle: boolean;
  inSummary: boolean;
  /** Field- and kind-weighted mention mass; see `salience`. */
  salience: number;
  /** Mentions that name the state or its seat of power (not only adjectives or people). */
  direct: number;
}

export interface EntityTally {
  countries: Map<string, CountryStats>;
  people: PersonMention[];
  organizations: OrganizationMention[];
  /** Token index → country code, for sentence-level reasoning in the bilateral stage. */
  countryAt: { token: number; code: string; kind: string }[];
}

// Names and seats of power point at the state itself; an adjective often only qualifies a
// company or a citizen ("russische Ölkonzerne"), so it counts a little less.
const KIND_WEIGHT = { name: 1, seat: 1, person: 1, adj: 0.75 } as const;
const MAX_EVIDENCE = 6;

export function tallyEntities(
  gazetteer: Gazetteer,
  article: Article,
  matches: readonly Match<EntityPayload>[],
): EntityTally {
  const countries = new Map<string, CountryStats>();
  const people = new Map<number, PersonMention>();
  const orgs = new Map<number, OrganizationMention>();
  const countryAt: EntityTally['countryAt'] = [];

  const statsFor = (code: string): CountryStats => {
    let s = countries.get(code);
    if (!s) {
      s = {
        code,
        mentions: 0,
        evidence: [],
        sentences: new Set(),
        inTitle: false,
        inSummary: false,
        salience: 0,
        direct: 0,
      };
      countries.set(code, s);
    }
    return s;
  };

  const addCountry = (code: string, kind: keyof typeof KIND_WEIGHT, m: Match<EntityPayload>): void => {
    const token = article.tokens[m.first]!;
    const s = statsFor(code);
    s.mentions++;
    if (s.evidence.length < MAX_EVIDENCE) s.evidence.push(evidenceOf(article, m));
    s.sentences.add(token.sentence);
    if (token.field === 'title') s.inTitle = true;
    if (token.field === 'summary') s.inSummary = true;
    if (kind === 'name' || kind === 'seat') s.direct++;
    s.salience += KIND_WEIGHT[kind] * positionWeight(token.field, token.paragraph);
    countryAt.push({ token: m.first, code, kind });
  };

  for (const m of matches) {
    const p = m.payload;
    if (p.type === 'country') {
      addCountry(p.code, p.kind, m);
    } else if (p.type === 'person') {
      const entry = gazetteer.people[p.index]!;
      const mention = people.get(p.index);
      if (mention) mention.mentions++;
      else people.set(p.index, { name: entry.name, role: entry.role, country: entry.country, mentions: 1 });
      if (entry.country) addCountry(entry.country, 'person', m);
    } else {
      const entry = gazetteer.organizations[p.index]!;
      const mention = orgs.get(p.index);
      if (mention) mention.mentions++;
      else orgs.set(p.index, { id: entry.id, name: entry.name, mentions: 1 });
    }
  }
  return {
    countries,
    people: [...people.values()],
    organizations: [...orgs.values()],
    countryAt,
  };
}

/** Headline and lead carry the story; later paragraphs more often hold background. */
function positionWeight(field: string, paragraph: number): number {
  if (field === 'title') return 3;
  if (field === 'summary') return 2;
  return paragraph === 0 ? 1.5 : 1;
}

/**
 * Which states the story is about. A state is primary when it is in the headline or teaser, when it
 * is a party to a bilateral relation found in the text, or when it recurs across the body with a
 * weight close to the most prominent state. Venues, transit countries and earlier-event locations
 * are typically named once, in one sentence, and fall below all three.
 */
export function decidePrimary(
  tally: EntityTally,
  pairMembers: ReadonlySet<string>,
  article: Article,
): Set<string> {
  const stats = [...tally.countries.values()];
  const max = Math.max(0, ...stats.map((s) => s.salience));
  const primary = new Set<string>();
  for (const s of stats) {
    if (pairMembers.has(s.code)) primary.add(s.code);
    else if (s.inTitle || s.inSummary) primary.add(s.code);
    else if (s.sentences.size >= 3 && s.salience >= 0.5 * max) primary.add(s.code);
  }
  // A story with places but no headline state (a dateline and a few mentions): take the most salient.
  if (primary.size === 0 && stats.length > 0 && article.tokens.length > 0) {
    const top = stats.reduce((a, b) => (b.salience > a.salience ? b : a));
    primary.add(top.code);
  }
  return primary;
}

export function countryMentions(
  gazetteer: Gazetteer,
  tally: EntityTally,
  primary: ReadonlySet<string>,
): CountryMention[] {
  const names = new Map(gazetteer.countries.map((c) => [c.code, c.name]));
  return [...tally.countries.values()]
    .sort((a, b) => b.salience - a.salience || a.code.localeCompare(b.code))
    .map((s) => ({
      code: s.code,
      name: names.get(s.code) ?? s.code,
      mentions: s.mentions,
      primary: primary.has(s.code),
      evidence: s.evidence,
    }));
}
