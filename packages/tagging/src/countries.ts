import type { CountryMention, OrganizationMention, PersonMention } from '@wirestream/contract';
import type { Gazetteer } from './gazetteer.js';
import type { Match } from './matcher.js';
import { evidenceOf, type Article, type CountryKind, type EntityPayload } from './types.js';

/** One mention of a state: by name, adjective, seat of power, city, or one of its people. */
export interface StateMention {
  code: string;
  kind: CountryKind | 'person';
  token: number;
  sentence: number;
  /**
   * The mention only places something ("in Paris", "bei Athen", a dateline). A venue is where
   * others meet; it is not a party to what happens there.
   */
  venue: boolean;
  /** The gazetteer match; made into evidence only for the mentions a record shows. */
  match: Match<EntityPayload>;
}

export interface EntityTally {
  mentions: StateMention[];
  /** Sentences that name a bloc (EU, UN, G7): measures there are not between two states. */
  blocSentences: Set<number>;
  people: PersonMention[];
  organizations: OrganizationMention[];
}

// Prepositions that make a following place name a location; articles may sit in between.
// One set for all languages: the words hardly collide across de/en/fr/es/ru. The bare "a"/"à" is
// apart: French "à" locates only before a bare name ("à Paris", "à Cuba"), while "à l'Iran",
// "à la Russie" is the dative of the party a measure is aimed at (location there is "en Iran");
// Spanish "a" marks a direction or an addressee ("sanciones a Cuba"), location is "en".
const LOCATIVES = new Set([
  'in',
  'im',
  'bei',
  'nahe',
  'at',
  'near',
  'en',
  'dans',
  'pres',
  'cerca',
  'в',
  'во',
]);
const ARTICLES = new Set(['der', 'dem', 'den', 'die', 'the', 'la', 'le', 'les', 'l', 'el', 'los', 'las']);
const DATELINE_FOLLOWER = /^\s*(?:\([^)]{0,40}\)\s*)?[,(–—-]/u;

export function tallyEntities(
  gazetteer: Gazetteer,
  article: Article,
  matches: readonly Match<EntityPayload>[],
): EntityTally {
  const people = new Map<number, PersonMention>();
  const orgs = new Map<number, OrganizationMention>();
  const mentions: StateMention[] = [];
  const blocSentences = new Set<number>();

  const addState = (code: string, kind: StateMention['kind'], m: Match<EntityPayload>): void => {
    const token = article.tokens[m.first]!;
    mentions.push({
      code,
      kind,
      token: m.first,
      sentence: token.sentence,
      venue: kind !== 'person' && kind !== 'adj' && isVenue(article, m),
      match: m,
    });
  };

  for (const m of matches) {
    const p = m.payload;
    if (p.type === 'country') {
      addState(p.code, p.kind, m);
    } else if (p.type === 'person') {
      const entry = gazetteer.people[p.index]!;
      const mention = people.get(p.index);
      if (mention) mention.mentions++;
      else people.set(p.index, { name: entry.name, role: entry.role, country: entry.country, mentions: 1 });
      if (entry.country) addState(entry.country, 'person', m);
    } else {
      const entry = gazetteer.organizations[p.index]!;
      if (entry.bloc) blocSentences.add(article.tokens[m.first]!.sentence);
      const mention = orgs.get(p.index);
      if (mention) mention.mentions++;
      else orgs.set(p.index, { id: entry.id, name: entry.name, mentions: 1 });
    }
  }
  return { mentions, blocSentences, people: [...people.values()], organizations: [...orgs.values()] };
}

function isVenue(article: Article, m: Match<EntityPayload>): boolean {
  const { tokens, texts } = article;
  const first = tokens[m.first]!;
  const prev = lowerAt(article, m.first - 1, first.sentence);
  const prev2 = lowerAt(article, m.first - 2, first.sentence);
  if (prev !== null && LOCATIVES.has(prev)) return true;
  if (prev === 'a' && article.lang !== 'es') return true;
  if (prev !== null && prev2 !== null && ARTICLES.has(prev) && LOCATIVES.has(prev2)) return true;
  // Dateline: the place that opens the body, followed by the agency or a dash ("Paris (dnp) -").
  if (first.field === 'body' && first.start < 3) {
    const last = tokens[m.last]!;
    return DATELINE_FOLLOWER.test(texts.body.slice(last.end, last.end + 50));
  }
  return false;
}

function lowerAt(article: Article, index: number, sentence: number): string | null {
  const t = article.tokens[index];
  if (!t || t.sentence !== sentence) return null;
  return t.word.folded;
}

// Names and seats of power point at the state itself; an adjective often only qualifies a
// company or a citizen ("russische Ölkonzerne"), a city only places an event.
const KIND_WEIGHT = { name: 1, seat: 1, person: 1, adj: 0.75, city: 0.5 } as const;
const VENUE_WEIGHT = 0.5;
const FALLBACK_SHARE = 0.8;
const MAX_EVIDENCE = 6;

interface Salience {
  code: string;
  salience: number;
  inTitle: boolean;
  inSummary: boolean;
  sentences: Set<number>;
}

/**
 * Which states the story is about. A state is primary when it is in the headline (or, in copy that
 * has none, the lead sentence); when it is in
 * the teaser and recurs in the body; when it is a party to a bilateral relation found in the text;
 * or when it recurs across the body with a weight close to the most prominent state. A place named
 * as the venue of talks or meetings (a sentence with a relation trigger) is not evidence for its
 * state; transit countries and earlier-event locations are typically named once, in one sentence,
 * and fall below all rules. A story that names states only as places (a fire "bei Athen", a
 * tournament in Stuttgart) is about the most prominent of them, or the near-tied few.
 */
export function decidePrimary(
  tally: EntityTally,
  pairMembers: ReadonlySet<string>,
  triggerSentences: ReadonlySet<number>,
  article: Article,
): Set<string> {
  const byCode = new Map<string, Salience>();
  // Copy without headline or teaser: its lead sentence is the headline (inverted pyramid).
  const headless = !article.tokens.some((t) => t.field === 'title' || t.field === 'summary');
  const leadSentence = headless ? (article.tokens.find((t) => t.field === 'body')?.sentence ?? -1) : -1;
  for (const m of tally.mentions) {
    let s = byCode.get(m.code);
    if (!s)
      byCode.set(
        m.code,
        (s = { code: m.code, salience: 0, inTitle: false, inSummary: false, sentences: new Set() }),
      );
    const token = article.tokens[m.token]!;
    const weight = KIND_WEIGHT[m.kind] * positionWeight(token.field, token.paragraph);
    s.salience += m.venue ? weight * VENUE_WEIGHT : weight;
    if (m.venue && triggerSentences.has(m.sentence)) continue;
    s.sentences.add(m.sentence);
    if (token.field === 'title' || token.sentence === leadSentence) s.inTitle = true;
    if (token.field === 'summary') s.inSummary = true;
  }
  const stats = [...byCode.values()];
  const max = Math.max(0, ...stats.map((s) => s.salience));
  const primary = new Set<string>();
  for (const s of stats) {
    if (pairMembers.has(s.code) || s.inTitle) primary.add(s.code);
    else if (s.inSummary && s.sentences.size >= 3) primary.add(s.code);
    else if (s.sentences.size >= 3 && s.salience >= 0.5 * max) primary.add(s.code);
  }
  if (primary.size === 0) {
    // Near-ties share the story ("Saudi Arabia and Russia backed the cut").
    for (const s of stats) if (s.salience >= FALLBACK_SHARE * max) primary.add(s.code);
  }
  return primary;
}

/** Headline and lead carry the story; later paragraphs more often hold background. */
function positionWeight(field: string, paragraph: number): number {
  if (field === 'title') return 3;
  if (field === 'summary') return 2;
  return paragraph === 0 ? 1.5 : 1;
}

export function countryMentions(
  names: ReadonlyMap<string, string>,
  tally: EntityTally,
  primary: ReadonlySet<string>,
  article: Article,
): CountryMention[] {
  const out = new Map<string, CountryMention>();
  for (const m of tally.mentions) {
    let c = out.get(m.code);
    if (!c) {
      c = {
        code: m.code,
        name: names.get(m.code) ?? m.code,
        mentions: 0,
        primary: primary.has(m.code),
        evidence: [],
      };
      out.set(m.code, c);
    }
    c.mentions++;
    if (c.evidence.length < MAX_EVIDENCE) c.evidence.push(evidenceOf(article, m.match));
  }
  // Primary states first, then by mention count: the order an editor would read them in.
  return [...out.values()].sort(
    (a, b) =>
      Number(b.primary) - Number(a.primary) || b.mentions - a.mentions || a.code.localeCompare(b.code),
  );
}
