/**
 * Are two reports in different languages about the same event? Precision first: two reports are
 * one story only when they were published close together, are about the same states, do not name
 * different days for what happened, and share enough specific facts (figures, times, places and
 * other names, people) that chance cannot explain them. Countries and topics alone never link two
 * reports: "the same two states, the same topic, another day or other figures" is another story.
 */
import type { FigureKind } from './figures.js';
import { OFFICES } from './lexicon.js';
import type { NameKind, StorySignature } from './signature.js';

/** Reports further apart than this are not linked: breaking news is retold within hours. */
export const STORY_WINDOW_MS = 48 * 3_600_000;
/** Evidence a link needs (see `FIGURE_WEIGHT` and friends for what each shared item adds). */
export const LINK_THRESHOLD = 8;
/** Shared specific items a link needs at least (figures above twelve, times, names, people). */
export const MIN_SPECIFIC = 3;
/** Lead dates this many days apart (and none shared) mean two events. */
const LEAD_DATE_GAP_DAYS = 2;

const FIGURE_WEIGHT: Record<FigureKind, number> = {
  time: 2,
  decimal: 2,
  large: 2,
  number: 1.5,
  year: 0.5,
  small: 0.5,
};
const SPECIFIC_FIGURES = new Set<FigureKind>(['time', 'decimal', 'large', 'number']);
const NAME_WEIGHT: Record<NameKind, number> = { name: 2, place: 2, seat: 0.75, acronym: 1.5 };
const PERSON_WEIGHT = 1.5;
const ORG_WEIGHT = 1;
const OFFICES_CAP = 2;
const DATE_WEIGHT = 0.5;
const DATES_CAP = 1;
const COUNTRY_WEIGHT = 1;
const TOPIC_WEIGHT = 1;
const TOPIC_MISMATCH = -1.5;
const SUBJECT_WEIGHT = 0.5;
const OFFICE_WEIGHTS = new Map(OFFICES.map((o) => [o.id, o.weight]));

/** What two reports share, as each writes it. */
export interface SharedItem {
  kind:
    | 'country'
    | 'place'
    | 'name'
    | 'person'
    | 'organization'
    | 'office'
    | 'figure'
    | 'time'
    | 'date'
    | 'topic'
    | 'subject';
  key: string;
  /** How this report writes it. */
  here: string;
  /** How the other report writes it. */
  there: string;
}

export interface StoryComparison {
  /** Sum of the weights of what is shared (the link needs LINK_THRESHOLD). */
  score: number;
  /** Shared specific items (the link needs MIN_SPECIFIC). */
  specific: number;
  hoursApart: number;
  shared: SharedItem[];
  /** Why the two cannot be one story, when they cannot; null when only the evidence decides. */
  veto: string | null;
  linked: boolean;
}

const DAY_MS = 86_400_000;

function leadDatesConflict(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  if (a.some((d) => b.includes(d))) return false;
  let nearest = Infinity;
  for (const x of a)
    for (const y of b) nearest = Math.min(nearest, Math.abs(Date.parse(x) - Date.parse(y)) / DAY_MS);
  return nearest >= LEAD_DATE_GAP_DAYS;
}

function veto(a: StorySignature, b: StorySignature): string | null {
  if (a.lang === b.lang || a.lang === 'und' || b.lang === 'und') return 'same language';
  if (Math.abs(a.at - b.at) > STORY_WINDOW_MS) return 'published too far apart';
  if (a.countries.length > 0 && b.countries.length > 0 && !a.countries.some((c) => b.countries.includes(c)))
    return 'about other states';
  if (leadDatesConflict(a.leadDates, b.leadDates)) return 'another day';
  return null;
}

/**
 * Compares report `a` (being decided) with report `b` (seen before). `shared` says how `a` writes
 * each item (`here`) and how `b` does (`there`).
 */
export function compareStories(a: StorySignature, b: StorySignature): StoryComparison {
  const hoursApart = Math.round((Math.abs(a.at - b.at) / 3_600_000) * 10) / 10;
  const why = veto(a, b);
  const shared: SharedItem[] = [];
  let score = 0;
  let specific = 0;

  for (const code of a.countries)
    if (b.countries.includes(code)) {
      shared.push({ kind: 'country', key: code, here: code, there: code });
      score += COUNTRY_WEIGHT;
    }

  const theirFigures = new Map(b.figures.map(([key, text, kind]) => [key, { text, kind }]));
  for (const [key, text, kind] of a.figures) {
    const other = theirFigures.get(key);
    if (!other) continue;
    shared.push({ kind: kind === 'time' ? 'time' : 'figure', key, here: text, there: other.text });
    score += FIGURE_WEIGHT[kind];
    if (SPECIFIC_FIGURES.has(kind)) specific++;
  }

  const theirNames = new Map(b.names.map(([key, text, kind]) => [key, { text, kind }]));
  for (const [key, text, kind] of a.names) {
    const other = theirNames.get(key);
    if (!other) continue;
    // A skeleton of three consonants is short enough to meet by chance: it counts for less.
    const weight = Math.min(NAME_WEIGHT[kind], NAME_WEIGHT[other.kind]) * (key.length <= 3 ? 0.5 : 1);
    shared.push({
      kind: kind === 'place' || kind === 'seat' ? 'place' : 'name',
      key,
      here: text,
      there: other.text,
    });
    score += weight;
    if (weight >= 1) specific++;
  }

  for (const person of a.people)
    if (b.people.includes(person)) {
      shared.push({ kind: 'person', key: person, here: person, there: person });
      score += PERSON_WEIGHT;
      specific++;
    }

  const theirOrgs = new Map(b.orgs);
  let offices = 0;
  for (const [key, text] of a.orgs) {
    const other = theirOrgs.get(key);
    if (other === undefined) continue;
    const office = key.startsWith('office:');
    shared.push({ kind: office ? 'office' : 'organization', key, here: text, there: other });
    if (office) offices += OFFICE_WEIGHTS.get(key.slice(7)) ?? 0.5;
    else score += ORG_WEIGHT;
  }
  score += Math.min(OFFICES_CAP, offices);

  const theirDates = new Map(b.dates);
  let dates = 0;
  for (const [key, text] of a.dates) {
    const other = theirDates.get(key);
    if (other === undefined) continue;
    shared.push({ kind: 'date', key, here: text, there: other });
    dates += DATE_WEIGHT;
  }
  score += Math.min(DATES_CAP, dates);

  const topics = a.topics.filter((t) => b.topics.includes(t));
  for (const t of topics) shared.push({ kind: 'topic', key: t, here: t, there: t });
  if (topics.length > 0) score += TOPIC_WEIGHT;
  else if (a.topics.length > 0 && b.topics.length > 0) score += TOPIC_MISMATCH;
  const subjects = a.subjects.filter((s) => b.subjects.includes(s));
  for (const s of subjects) shared.push({ kind: 'subject', key: s, here: s, there: s });
  if (a.subjects[0] !== undefined && a.subjects[0] === b.subjects[0]) score += SUBJECT_WEIGHT;

  score = Math.round(score * 100) / 100;
  return {
    score,
    specific,
    hoursApart,
    shared,
    veto: why,
    linked: why === null && score >= LINK_THRESHOLD && specific >= MIN_SPECIFIC,
  };
}
