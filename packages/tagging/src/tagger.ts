import type { Evidence, TopicTag } from '@wirestream/contract';
import { findPairs, measureTriggers, toRelations, triggerSentences, type PairScore } from './bilateral.js';
import { countryMentions, decidePrimary, tallyEntities } from './countries.js';
import type { Gazetteer } from './gazetteer.js';
import { resolveLanguage } from './language.js';
import { Matcher, type Match } from './matcher.js';
import { LANGS, type Lang } from './stem.js';
import type { Taxonomy } from './taxonomy.js';
import { tokenize, TokenPool, WordAnalyzer, type TermStarts, type Token } from './tokenize.js';
import { FRAME_WEIGHT, plausibility, SubjectTally, subjectTags } from './subjects.js';
import { confidence, round, scoreTopics, subjectGate, topicTags, weighTopics } from './topics.js';
import type {
  Article,
  EntityPayload,
  Tagger,
  TaggingInput,
  TaggingResult,
  TopicPayload,
  TopicWeights,
} from './types.js';

interface LanguageMatchers {
  words: WordAnalyzer;
  topics: Matcher<TopicPayload>;
  /** Subject terms; the payload's `topic` is the index of the subject. */
  subjects: Matcher<TopicPayload>;
  entities: Matcher<EntityPayload>;
}

export interface TaggerOptions {
  /** The version written into results; default: the taxonomy's `version` field. */
  version?: string;
}

/** What a tagger builds once and every `tag` call reads (the pool and the tally are reused, not shared). */
interface TaggerParts {
  taxonomy: Taxonomy;
  gazetteer: Gazetteer;
  version: string;
  matchers: Map<Lang, LanguageMatchers>;
  /** Index of the topic tagged from state pairs, -1 when the taxonomy has none. */
  pairTopic: number;
  countryNames: Map<string, string>;
  topicOrder: Map<string, number>;
  subjectIndex: Map<string, number>;
  /**
   * Topics whose terms may relate two states the story is already about (`pairTrigger` score
   * topics), each with whether such a pair also gives the pairs topic (`pairIsRelation`).
   */
  measureTopics: Map<number, boolean>;
  pool: TokenPool;
  subjectTally: SubjectTally;
}

/**
 * Builds a tagger from already parsed data. Pure: no I/O and no global state; the only mutable
 * state is a per-language word cache and a pool of token objects reused from one `tag` call to
 * the next (a call runs to completion and no token escapes it), neither of which changes results.
 */
export function createTagger(taxonomy: Taxonomy, gazetteer: Gazetteer, options: TaggerOptions = {}): Tagger {
  const version = options.version ?? taxonomy.version;
  const matchers = new Map<Lang, LanguageMatchers>();
  // Subject payloads are numbered across languages, so one tally serves every language.
  let subjectPayloads = 0;
  for (const lang of LANGS) {
    const built = buildMatchers(taxonomy, gazetteer, lang, subjectPayloads);
    subjectPayloads = built.nextSubjectPayload;
    matchers.set(lang, built);
  }
  const parts: TaggerParts = {
    taxonomy,
    gazetteer,
    version,
    matchers,
    pairTopic: taxonomy.topics.findIndex((t) => t.mode === 'pairs'),
    countryNames: new Map(gazetteer.countries.map((c) => [c.code, c.name])),
    topicOrder: new Map(taxonomy.topics.map((t, i) => [t.slug, i])),
    subjectIndex: new Map(taxonomy.subjects.map((s, i) => [s.slug, i])),
    measureTopics: new Map(
      taxonomy.topics.flatMap((t, i) =>
        t.pairTrigger && t.mode === 'score' ? [[i, t.pairIsRelation] as const] : [],
      ),
    ),
    pool: new TokenPool(),
    subjectTally: new SubjectTally(taxonomy, subjectPayloads),
  };

  return {
    tag: (input) => tagArticle(parts, input, null),
    explain: (input) => {
      const weights: TopicWeights = {};
      return { result: tagArticle(parts, input, weights), weights };
    },
    taxonomyVersion: version,
  };
}

/** One `tag` call: tokenize, match the three layers, score topics and subjects, relate states. */
function tagArticle(parts: TaggerParts, input: TaggingInput, explained: TopicWeights | null): TaggingResult {
  const { taxonomy, gazetteer, subjectTally, subjectIndex } = parts;
  const lang = resolveLanguage(input.language, `${input.title} ${input.summary} ${input.body}`);
  const matchers = parts.matchers.get(lang)!;
  const { article, starts } = readArticle(parts.pool, matchers.words, lang, input);
  const tokens = article.tokens;

  const topicMatches: Match<TopicPayload>[] = [];
  matchers.topics.scan(tokens, (m) => topicMatches.push({ ...m }), starts.topic);
  subjectTally.reset(article);
  matchers.subjects.scan(tokens, subjectTally.add, starts.subject);
  const entityMatches: Match<EntityPayload>[] = [];
  matchers.entities.scan(tokens, (m) => entityMatches.push({ ...m }), starts.entity);

  const tally = tallyEntities(gazetteer, article, entityMatches);
  const subjectScores = subjectTally.scores();
  const scores = scoreTopics(taxonomy, article, topicMatches);
  const weighed = weighTopics(
    taxonomy,
    scores,
    (index) => plausibility(taxonomy, taxonomy.topics[index]!, subjectScores, subjectIndex),
    tokens.length,
    explained ?? undefined,
  );
  const topics = topicTags(taxonomy, article, scores, weighed);
  const { pairs, related, primary } = relateStates(parts, article, tally, topicMatches, topics);
  const bilateral = toRelations(pairs);
  // Two states dealing with each other inside a match report or a film review are not the story.
  if (parts.pairTopic >= 0 && related.length > 0) {
    const pairDef = taxonomy.topics[parts.pairTopic]!;
    if (subjectGate(taxonomy, plausibility(taxonomy, pairDef, subjectScores, subjectIndex)) > 0) {
      addPairTopic(parts, topics, related, toRelations(related));
    }
  }

  return {
    subjects: subjectTags(taxonomy, article, subjectScores, impliedSubjects(parts, topics), tokens.length),
    topics,
    countries: countryMentions(parts.countryNames, tally, primary, article),
    people: tally.people,
    organizations: tally.organizations,
    bilateral,
    taxonomyVersion: parts.version,
  };
}

/** Title, summary and body as one token stream (tokens from the pool, which this resets). */
function readArticle(
  pool: TokenPool,
  words: WordAnalyzer,
  lang: Lang,
  input: TaggingInput,
): { article: Article; starts: TermStarts } {
  const tokens: Token[] = [];
  const starts: TermStarts = { topic: [], entity: [], subject: [] };
  pool.reset();
  let sentence = tokenize(input.title, 'title', words, 0, tokens, starts, pool);
  sentence = tokenize(input.summary, 'summary', words, sentence, tokens, starts, pool);
  tokenize(input.body, 'body', words, sentence, tokens, starts, pool);
  const article: Article = {
    lang,
    texts: { title: input.title, summary: input.summary, body: input.body },
    tokens,
  };
  return { article, starts };
}

/**
 * The state pairs the story relates (`pairs`), those of them that make the two states' relations a
 * subject of the story (`related`: relation triggers, and measures whose topic says so), and the
 * story's primary states.
 */
function relateStates(
  parts: TaggerParts,
  article: Article,
  tally: ReturnType<typeof tallyEntities>,
  topicMatches: readonly Match<TopicPayload>[],
  topics: readonly TopicTag[],
): { pairs: PairScore[]; related: PairScore[]; primary: ReturnType<typeof decidePrimary> } {
  const { pairTopic, measureTopics, topicOrder } = parts;
  const triggers = topicMatches.filter((m) => m.payload.topic === pairTopic && m.payload.role === 'term');
  const pairs = findPairs(article, tally, triggers);
  const primary = decidePrimary(tally, membersOf(pairs), triggerSentences(article, triggers), article);
  // Measures only relate states the story is already about, and only when the measure is itself
  // a subject of the story (its topic is assigned), so this second pass can add pairs but never
  // adds a primary state.
  const assigned = new Set(topics.map((t) => topicOrder.get(t.slug)!));
  const measures = topicMatches.filter(
    (m) => m.payload.role === 'term' && measureTopics.has(m.payload.topic) && assigned.has(m.payload.topic),
  );
  const extra = measures.length > 0 ? measureTriggers(article, tally, measures, primary) : [];
  if (extra.length === 0) return { pairs, related: pairs, primary };
  const relate = (more: readonly Match<TopicPayload>[]) => {
    const all = [...triggers, ...more].sort((a, b) => a.first - b.first);
    return { all, pairs: findPairs(article, tally, all) };
  };
  const withMeasures = relate(extra);
  const relations = extra.filter((m) => measureTopics.get(m.payload.topic));
  return {
    pairs: withMeasures.pairs,
    related: relations.length === extra.length ? withMeasures.pairs : relate(relations).pairs,
    primary: decidePrimary(
      tally,
      membersOf(withMeasures.pairs),
      triggerSentences(article, withMeasures.all),
      article,
    ),
  };
}

/** Tags the pairs topic (bilateral relations) when states were related, keeping taxonomy order. */
function addPairTopic(
  { taxonomy, pairTopic, topicOrder }: TaggerParts,
  topics: TopicTag[],
  pairs: readonly PairScore[],
  bilateral: ReturnType<typeof toRelations>,
): void {
  const def = taxonomy.topics[pairTopic]!;
  const tagged: TopicTag = {
    slug: def.slug,
    iptc: def.iptc,
    score: round(
      confidence(
        taxonomy,
        pairs.reduce((sum, p) => sum + p.score, 0),
        def.threshold,
      ),
    ),
    evidence: uniqueEvidence(bilateral.flatMap((b) => b.evidence)).slice(0, 8),
  };
  topics.push(tagged);
  topics.sort((a, b) => topicOrder.get(a.slug)! - topicOrder.get(b.slug)!);
}

/** A specific topic implies its top-level subject (the first its definition names). */
function impliedSubjects({ taxonomy, topicOrder }: TaggerParts, topics: readonly TopicTag[]) {
  return [...topics]
    .sort((a, b) => b.score - a.score)
    .flatMap((t) => {
      const subject = taxonomy.topics[topicOrder.get(t.slug)!]!.subjects[0];
      return subject === undefined ? [] : [{ subject, evidence: t.evidence }];
    });
}

function membersOf(pairs: readonly PairScore[]): Set<string> {
  return new Set(pairs.flatMap((p) => p.pair.split('-')));
}

function uniqueEvidence(list: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const key = `${e.field}:${e.offset}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function buildMatchers(
  taxonomy: Taxonomy,
  gazetteer: Gazetteer,
  lang: Lang,
  firstSubjectPayload: number,
): LanguageMatchers & { nextSubjectPayload: number } {
  const topics = new Matcher<TopicPayload>({
    lang,
    layer: 'topic',
    properNames: false,
    compounds: lang === 'de',
  });
  taxonomy.topics.forEach((topic, index) => {
    const rules = topic.rules[lang];
    if (!rules) return;
    for (const [term, weight] of Object.entries(rules.terms))
      topics.add(term, { topic: index, weight, role: 'term' });
    for (const [term, weight] of Object.entries(rules.negative)) {
      topics.add(term, { topic: index, weight, role: 'negative' });
    }
    for (const term of rules.ignore) topics.add(term, { topic: index, weight: 0, role: 'ignore' });
  });

  const subjects = new Matcher<TopicPayload>({
    lang,
    layer: 'subject',
    properNames: false,
    compounds: lang === 'de',
  });
  let id = firstSubjectPayload;
  taxonomy.subjects.forEach((subject, index) => {
    const rules = subject.rules[lang];
    if (!rules) return;
    for (const [term, weight] of Object.entries(rules.terms))
      subjects.add(term, { topic: index, weight, role: 'term', id: id++ });
    for (const [term, weight] of Object.entries(rules.negative)) {
      subjects.add(term, { topic: index, weight, role: 'negative', id: id++ });
    }
    for (const term of rules.ignore)
      subjects.add(term, { topic: index, weight: 0, role: 'ignore', id: id++ });
    for (const term of rules.frames)
      subjects.add(term, { topic: index, weight: FRAME_WEIGHT, role: 'frame', id: id++ });
  });

  const entities = new Matcher<EntityPayload>({
    lang,
    layer: 'entity',
    properNames: true,
    compounds: false,
    identity: (p) => (p.type === 'country' ? `c:${p.code}` : `${p.type}:${p.index}`),
  });
  for (const c of gazetteer.countries) {
    for (const t of c.names) entities.add(t, { type: 'country', code: c.code, kind: 'name' });
    for (const t of c.adj) entities.add(t, { type: 'country', code: c.code, kind: 'adj' });
    for (const t of c.seats) entities.add(t, { type: 'country', code: c.code, kind: 'seat' });
    for (const t of c.cities) entities.add(t, { type: 'country', code: c.code, kind: 'city' });
  }
  gazetteer.people.forEach((p, index) => {
    for (const t of [p.name, ...p.variants]) entities.add(t, { type: 'person', index });
  });
  gazetteer.organizations.forEach((o, index) => {
    for (const t of o.variants) entities.add(t, { type: 'org', index });
  });
  const words = new WordAnalyzer(lang, {
    topicKey: (s) => topics.keyOf(s),
    entityKey: (s) => entities.keyOf(s),
    compoundKey: (s) => topics.compoundOf(s),
    startsTopicTerm: (key) => topics.startsTerm(key),
    startsEntityTerm: (key) => entities.startsTerm(key),
    subjectKey: (s) => subjects.keyOf(s),
    subjectCompoundKey: (s) => subjects.compoundOf(s),
    startsSubjectTerm: (key) => subjects.startsTerm(key),
    numericTerms: topics.hasNumericKey() || entities.hasNumericKey() || subjects.hasNumericKey(),
  });
  return { words, topics, subjects, entities, nextSubjectPayload: id };
}
