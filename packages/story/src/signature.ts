/**
 * The story signature: what a report says that survives translation, in a form that is the same in
 * every language. States, topics, subjects, people and international organisations come from the
 * tagger's output; places and other names (transliterated to a consonant skeleton), offices and
 * institutions (a lexicon of this package), figures, times of day and dates are read from the text.
 * Pure: the same article always gives the same signature.
 */
import { datesOf } from './dates.js';
import { figuresOf, type FigureKind } from './figures.js';
import { officesOf } from './lexicon.js';
import { nameKey } from './names.js';
import { wordsOf } from './text.js';

/** What the tagger found, in the shape of the article record's fields (only what is read here). */
export interface StoryTags {
  countries: ReadonlyArray<{ code: string; primary: boolean }>;
  topics: ReadonlyArray<{ slug: string }>;
  subjects: ReadonlyArray<{ slug: string }>;
  people: ReadonlyArray<{ name: string }>;
  organizations: ReadonlyArray<{ id: string }>;
}

export interface StoryText {
  title: string;
  summary: string;
  body: string;
  /** ISO 639-1, or 'und'. */
  language: string;
  /** ISO 8601 instant. */
  publishedAt: string;
}

/** The place words of a gazetteer (the tagging package's, or any list of the same shape). */
export interface PlaceTerms {
  countries: ReadonlyArray<{
    code: string;
    names: readonly string[];
    adj: readonly string[];
    seats: readonly string[];
    cities: readonly string[];
  }>;
  people?: ReadonlyArray<{ variants: readonly string[] }>;
  organizations?: ReadonlyArray<{ variants: readonly string[] }>;
}

export type NameKind = 'name' | 'place' | 'seat' | 'acronym';

/** One comparable item: its language-independent key and how this article writes it. */
export type Item = [key: string, text: string];

export interface StorySignature {
  /** Format version. */
  v: 1;
  lang: string;
  /** Publication time, ms since the epoch. */
  at: number;
  /** States the story is about (ISO codes, sorted). */
  countries: string[];
  /** Other states it mentions. */
  mentioned: string[];
  topics: string[];
  subjects: string[];
  /** People of the gazetteer, by canonical name. */
  people: string[];
  /** International organisations (the tagger's ids) and offices (`office:` + the lexicon's id). */
  orgs: Item[];
  /** Names by consonant skeleton, with their kind. */
  names: Array<[key: string, text: string, kind: NameKind]>;
  /** Figures by value (`t14:32` for times), with their kind. */
  figures: Array<[key: string, text: string, kind: FigureKind]>;
  /** Days the report names (ISO dates). */
  dates: Item[];
  /** Days named in the headline, teaser or first paragraph: when the event happened. */
  leadDates: string[];
}

const LANGUAGES = ['de', 'en', 'fr', 'es', 'ru'];
/** Consonants a name needs to be compared; a place of the gazetteer needs two (Baku, Lima). */
const MIN_SKELETON = 3;
const MIN_PLACE_SKELETON = 2;
const MAX_ITEMS = 48;

/** Capitalised words that are names of nothing in particular (titles, calendar, wire furniture). */
const STOP_WORDS = new Set(
  (
    'GMT UTC MEZ MESZ CET CEST MSK EST EDT PST AM PM AFP AP DPA EFE TASS ТАСС РИА ИТАР ' +
    'Reuters Uhr Stand Quelle Agenturen Reporting Editing Writing Additional Mehr Thema Foto Photo ' +
    'Mr Mrs Ms Dr Prof Herr Frau Monsieur Madame Señor Señora Sr Sra ' +
    'Ministerio Ministère Ministerium Ministry Minister Ministre Ministro Министерство Министр ' +
    'President Präsident Président Presidente Президент Government Regierung Gouvernement Gobierno ' +
    'Parliament Parlament Parlement Parlamento Парламент National Nationale Nacional Federal Fédéral ' +
    'State States Staat Estado État Republic Republik République República Республика ' +
    'North South East West Nord Süd Ost Sud Est Ouest Norte Sur Este Oeste Север Юг Восток Запад ' +
    'Northern Southern Eastern Western ' +
    'The Der Die Das Le La Les El Los Las Un Une Una ' +
    'January February March April May June July August September October November December ' +
    'Januar Februar März Juni Juli Oktober Dezember ' +
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday ' +
    'Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonnabend Sonntag'
  ).split(' '),
);

interface PlaceIndex {
  excluded: Set<string>;
  places: Map<string, NameKind>;
}

function keysOf(term: string, min = MIN_SKELETON): string[] {
  const out = new Set<string>();
  for (const word of term.split(/[\s-]+/)) {
    for (const lang of LANGUAGES) {
      const key = nameKey(word, lang);
      if (key.length >= min) out.add(key);
    }
  }
  return [...out];
}

function indexPlaces(terms: PlaceTerms | undefined): PlaceIndex {
  const excluded = new Set<string>();
  const places = new Map<string, NameKind>();
  for (const word of STOP_WORDS) for (const key of keysOf(word)) excluded.add(key);
  if (!terms) return { excluded, places };
  for (const c of terms.countries) {
    for (const term of [...c.names, ...c.adj]) for (const key of keysOf(term)) excluded.add(key);
  }
  for (const list of [terms.people ?? [], terms.organizations ?? []])
    for (const entry of list)
      for (const term of entry.variants) for (const key of keysOf(term)) excluded.add(key);
  for (const c of terms.countries) {
    for (const term of c.cities)
      for (const key of keysOf(term, MIN_PLACE_SKELETON)) if (!excluded.has(key)) places.set(key, 'place');
    // A seat (capital) stands for its government as often as for a place: it says less.
    for (const term of c.seats)
      for (const key of keysOf(term, MIN_PLACE_SKELETON)) if (!excluded.has(key)) places.set(key, 'seat');
  }
  return { excluded, places };
}

const UPPER = /^\p{Lu}/u;
const ALL_CAPS = /^[\p{Lu}\d-]+$/u;

function firstParagraphEnd(body: string): number {
  const at = body.indexOf('\n\n');
  return at < 0 ? body.length : at;
}

/** Builds story signatures; holds the place index of one gazetteer. */
export class StorySigner {
  private readonly index: PlaceIndex;

  constructor(places?: PlaceTerms) {
    this.index = indexPlaces(places);
  }

  sign(text: StoryText, tags: StoryTags): StorySignature {
    const lang = text.language;
    const at = Date.parse(text.publishedAt);
    const full = `${text.title}\n\n${text.summary}\n\n${text.body}`;
    const leadEnd = text.title.length + text.summary.length + 4 + firstParagraphEnd(text.body);

    const dates = datesOf(full, lang, at);
    const dateDigits = new Set(dates.flatMap((d) => d.digits));
    const lower = full.toLowerCase();
    const figures = figuresOf(full, lang, dateDigits, lower);
    const words = wordsOf(full);
    const offices = officesOf(full, lower, words);
    // Words inside an office's name are not names ("Verkehrsministerium", "Asuntos Exteriores").
    const covered = new Set<number>();
    for (const o of offices)
      for (const w of words) if (w.start >= o.start && w.start < o.end) covered.add(w.start);

    const orgs = new Map<string, string>();
    for (const org of tags.organizations) orgs.set(org.id, org.id);
    for (const office of offices)
      if (!orgs.has(`office:${office.id}`)) orgs.set(`office:${office.id}`, office.text);

    const names = new Map<string, [string, string, NameKind]>();
    for (const word of words) {
      if (!UPPER.test(word.text) || word.text.length < 3 || covered.has(word.start)) continue;
      if (STOP_WORDS.has(word.text)) continue;
      const caps = ALL_CAPS.test(word.text);
      if (caps && word.text.length <= 5) {
        if (!word.initial) names.set(`=${word.text}`, [`=${word.text}`, word.text, 'acronym']);
        continue;
      }
      const key = nameKey(word.text, lang);
      if (this.index.excluded.has(key) || names.has(key)) continue;
      const place = this.index.places.get(key);
      if (key.length < (place ? MIN_PLACE_SKELETON : MIN_SKELETON)) continue;
      // The first word of a sentence is capitalised anyway; a dateline's place is still a place.
      if (word.initial && !caps && !place) continue;
      if (word.initial && caps && !place && !/[,\s]/.test(full[word.start + word.text.length] ?? ''))
        continue;
      names.set(key, [key, word.text, place ?? 'name']);
    }

    const figureItems = new Map<string, [string, string, FigureKind]>();
    for (const f of figures) if (!figureItems.has(f.key)) figureItems.set(f.key, [f.key, f.text, f.kind]);
    const dateItems = new Map<string, string>();
    for (const d of dates) if (!dateItems.has(d.key)) dateItems.set(d.key, d.text);

    return {
      v: 1,
      lang,
      at,
      countries: [...new Set(tags.countries.filter((c) => c.primary).map((c) => c.code))].sort(),
      mentioned: [...new Set(tags.countries.filter((c) => !c.primary).map((c) => c.code))].sort(),
      topics: tags.topics.map((t) => t.slug),
      subjects: tags.subjects.map((s) => s.slug),
      people: [...new Set(tags.people.map((p) => p.name))],
      orgs: [...orgs].slice(0, MAX_ITEMS),
      names: [...names.values()].slice(0, MAX_ITEMS),
      figures: [...figureItems.values()].slice(0, MAX_ITEMS),
      dates: [...dateItems].slice(0, MAX_ITEMS),
      leadDates: [...new Set(dates.filter((d) => d.start < leadEnd).map((d) => d.key))].sort(),
    };
  }
}
