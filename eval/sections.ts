/**
 * pnpm eval:sections [--corpus ../shared/corpora/news-sections] [--verbose]
 *
 * Real news with their publishers' section labels (see the corpus README): how often sport and
 * culture pieces get one of the 16 specific topics, and how often the subject layer agrees with
 * the section. Articles run through the `wirestream enrich` path.
 *
 * The corpus is split in two halves by a hash of each article's id. The development half is the
 * one the rules may be checked against while they are written (figures on it are in-sample); the
 * held-out half is only ever scored (out of sample). Both are printed, and the whole corpus.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { enrichRecords, readJsonLines, round } from './devset.js';
import { SECTION_SUBJECTS, OUT_OF_SCOPE_SUBJECTS, half, type Half } from './sections-map.js';
import { readTopicLabels, scoreTopicLabels, SECTION_TOPICS_FILE } from './sections-topics.js';

interface SectionRecord {
  id: string;
  language: string;
  dataset: string;
  section: string;
  title: string;
  body: string;
}

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: '../shared/corpora/news-sections' },
    verbose: { type: 'boolean', default: false },
    half: { type: 'string' },
  },
});
const corpus = values.corpus!;
const files = readdirSync(corpus)
  .filter((f) => f.endsWith('.jsonl'))
  .sort();
const records = files.flatMap((f) => readJsonLines<SectionRecord>(join(corpus, f)));
const only = values.half as Half | undefined;
const chosen = only ? records.filter((r) => half(r.id) === only) : records;
const articles = await enrichRecords(
  chosen.map((r) => ({
    id: r.id,
    source: r.dataset,
    language: r.language,
    title: r.title,
    summary: '',
    body: r.body,
  })),
);

interface Tally {
  articles: number;
  withTopic: number;
  /** Articles whose section maps to a subject that is among their subjects / is their first. */
  agree: number;
  agreeFirst: number;
  subjects: number;
}
const zero = (): Tally => ({ articles: 0, withTopic: 0, agree: 0, agreeFirst: 0, subjects: 0 });
const bySection = new Map<string, Tally>();
const byHalf = new Map<Half, Map<string, Tally>>([
  ['development', new Map()],
  ['held-out', new Map()],
]);
const detail: string[] = [];

chosen.forEach((r, i) => {
  const a = articles[i]!;
  const key = `${r.language}\t${r.section}`;
  const accepted = SECTION_SUBJECTS[r.language]?.[r.section] ?? null;
  const expected = accepted?.[0] ?? null;
  const subjects = a.subjects.map((s) => s.slug);
  const agrees = accepted !== null && subjects.some((s) => accepted.includes(s));
  for (const map of [bySection, byHalf.get(half(r.id))!]) {
    const t = map.get(key) ?? zero();
    map.set(key, t);
    t.articles++;
    if (a.topics.length > 0) t.withTopic++;
    t.subjects += subjects.length;
    if (agrees) t.agree++;
    if (accepted !== null && accepted.includes(subjects[0] ?? '')) t.agreeFirst++;
  }
  const outOfScope = expected !== null && OUT_OF_SCOPE_SUBJECTS.has(expected);
  if (values.verbose && ((outOfScope && a.topics.length > 0) || (accepted !== null && !agrees))) {
    detail.push(
      `${r.id} [${r.section} → ${expected}] ${(r.title || r.body).slice(0, 80)}\n      subjects ${subjects.join(',') || '-'}; topics ${a.topics.map((t) => `${t.slug}(${t.evidence.map((e) => e.match).join('|')})`).join(' ') || '-'}`,
    );
  }
});

interface Summary {
  articles: number;
  outOfScopeTopicRate: number;
  subjectAccuracy: number;
  subjectAccuracyFirst: number;
  subjectsPerArticle: number;
}
function summarize(map: Map<string, Tally>): Summary {
  let outN = 0;
  let outTopic = 0;
  let n = 0;
  let subjects = 0;
  const accuracies: number[] = [];
  const firsts: number[] = [];
  for (const [key, t] of map) {
    const [lang, section] = key.split('\t') as [string, string];
    const expected = SECTION_SUBJECTS[lang]?.[section]?.[0] ?? null;
    n += t.articles;
    subjects += t.subjects;
    if (!expected) continue;
    accuracies.push(t.agree / t.articles);
    firsts.push(t.agreeFirst / t.articles);
    if (OUT_OF_SCOPE_SUBJECTS.has(expected)) {
      outN += t.articles;
      outTopic += t.withTopic;
    }
  }
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return {
    articles: n,
    outOfScopeTopicRate: round(outTopic / Math.max(1, outN)),
    subjectAccuracy: round(mean(accuracies)),
    subjectAccuracyFirst: round(mean(firsts)),
    subjectsPerArticle: round(subjects / Math.max(1, n)),
  };
}

console.log(
  'lang section         → subjects                             articles  any topic  subject agrees (first)',
);
for (const [key, t] of [...bySection].sort()) {
  const [lang, section] = key.split('\t') as [string, string];
  const expected = SECTION_SUBJECTS[lang]?.[section]?.join('|') ?? '(unmapped)';
  const pct = (x: number): string => `${Math.round((100 * x) / t.articles)}%`.padStart(4);
  console.log(
    `${lang}   ${section.padEnd(14)} → ${expected.padEnd(36)} ${String(t.articles).padStart(8)}  ${pct(t.withTopic).padStart(9)}  ${expected === '(unmapped)' ? '' : `${pct(t.agree)} (${pct(t.agreeFirst)})`}`,
  );
}
if (values.verbose) for (const d of detail) console.log(`  ${d}`);
const labels = readTopicLabels();
const labelled = scoreTopicLabels(
  labels,
  chosen.map((r, i) => ({ id: r.id, title: r.title || r.body, article: articles[i]! })),
  values.verbose ? (line) => console.log(`  ${line}`) : undefined,
);
for (const [name, f] of Object.entries(labelled)) {
  console.log(
    `topic labels (${SECTION_TOPICS_FILE}), ${name} half${name === 'development' ? ' (in-sample)' : ' (out of sample)'}: ${f.articles} articles; topics P ${f.topicsPrecision} R ${f.topicsRecall} F1 ${f.topicsMicroF1}, lowest topic precision ${f.minTopicPrecision}; unlabelled articles given a topic ${f.falseTopicRate}; countries F1 ${f.countriesF1}, pairs F1 ${f.pairsF1}`,
  );
}
const all = summarize(bySection);
const development = summarize(byHalf.get('development')!);
const heldOut = summarize(byHalf.get('held-out')!);
for (const [name, s] of [
  ['development half (in-sample: rules were checked against it)', development],
  ['held-out half (out of sample: only ever scored)', heldOut],
  ['whole corpus', all],
] as const) {
  if (s.articles === 0) continue;
  console.log(
    `${name}: ${s.articles} articles; out-of-scope topic rate ${s.outOfScopeTopicRate}; subject accuracy ${s.subjectAccuracy} macro (first subject ${s.subjectAccuracyFirst}); ${s.subjectsPerArticle} subjects per article`,
  );
}
console.log(
  JSON.stringify({
    outOfScopeTopicRate: all.outOfScopeTopicRate,
    subjectAccuracy: all.subjectAccuracy,
    articles: all.articles,
    heldOut,
    development,
    topicLabels: labelled,
  }),
);
