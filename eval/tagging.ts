/**
 * pnpm eval:tagging [--set FILE …] [--text full|teaser] [--verbose]
 *
 * Topic precision/recall/F1 (micro, macro, per topic), primary-country F1, bilateral-pair F1 and,
 * where the set labels them, subject agreement, through the `wirestream enrich` path.
 *
 * Without --set it scores five labelled sets and keeps them apart by what the rules have seen:
 * - in-sample: the devset (the lexicon and thresholds were written and fitted on it),
 *   eval/data/wire-a.jsonl (a development set written for this repository, also looked at) and
 *   eval/data/wire-b.jsonl (held out until 2026-12-07, then looked at to find matcher defects) and
 *   eval/data/wire-c.jsonl (held out until 2026-12-08, then looked at);
 * - out of sample: eval/data/wire-d.jsonl (100 articles written on 2026-12-08 by someone who saw
 *   only the devset's label definitions, never the rules, and never tuned on: a quarter soft news
 *   with homonyms, a third with a second topic only in passing), the cross-lingual devset (its
 *   topics were never tuned on) and eval/data/crosslingual-b.jsonl (50 articles written on
 *   2026-12-08 for cross-lingual story linking, with the devset's topic labels; never tuned on).
 * The last line's headline keys are the out-of-sample figures.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { TOPIC_SLUGS } from '@wirestream/contract';
import { compare, enrichDevset, prf, round, type Counts, type DevsetCase, type TextScope } from './devset.js';

type Sample = 'in-sample' | 'out-of-sample' | 'given';
interface EvalSet {
  name: string;
  file: string;
  sample: Sample;
}

const DEFAULT_SETS: EvalSet[] = [
  { name: 'devset', file: '../shared/devset/articles.jsonl', sample: 'in-sample' },
  { name: 'wire-a', file: 'eval/data/wire-a.jsonl', sample: 'in-sample' },
  { name: 'wire-b', file: 'eval/data/wire-b.jsonl', sample: 'in-sample' },
  { name: 'wire-c', file: 'eval/data/wire-c.jsonl', sample: 'in-sample' },
  { name: 'wire-d', file: 'eval/data/wire-d.jsonl', sample: 'out-of-sample' },
  { name: 'crosslingual-b', file: 'eval/data/crosslingual-b.jsonl', sample: 'out-of-sample' },
  {
    name: 'devset-crosslingual',
    file: '../shared/devset-crosslingual/articles.jsonl',
    sample: 'out-of-sample',
  },
];

const { values } = parseArgs({
  options: {
    set: { type: 'string', multiple: true },
    verbose: { type: 'boolean', default: false },
    /** `teaser`: tag headline and summary only, as a teaser feed without full text gives them. */
    text: { type: 'string', default: 'full' },
  },
});
if (values.text !== 'full' && values.text !== 'teaser') throw new Error('--text is full or teaser');
const scope = values.text as TextScope;
const sets: EvalSet[] = values.set
  ? values.set.map((file) => ({ name: file, file, sample: 'given' as const }))
  : DEFAULT_SETS.filter((s) => {
      if (existsSync(s.file)) return true;
      console.log(`(${s.name}: ${s.file} not found, skipped)`);
      return false;
    });

interface Scores {
  articles: number;
  topics: Counts;
  perTopic: Map<string, Counts>;
  countries: Counts;
  pairs: Counts;
  /** Articles with labelled subjects, and those whose first labelled subject was given. */
  subjectArticles: number;
  subjectAgree: number;
  /** Given topic tags by score band (quarters of 0-1): how many, and how many were right. */
  bands: { given: number; right: number }[];
}
const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0 });
const empty = (): Scores => ({
  articles: 0,
  topics: zero(),
  perTopic: new Map(TOPIC_SLUGS.map((s) => [s, zero()])),
  countries: zero(),
  pairs: zero(),
  subjectArticles: 0,
  subjectAgree: 0,
  bands: [0, 1, 2, 3].map(() => ({ given: 0, right: 0 })),
});

function score(into: Scores, cases: readonly DevsetCase[], lines: string[]): void {
  for (const c of cases) {
    into.articles++;
    const predictedTopics = c.article.topics.map((t) => t.slug);
    for (const t of c.article.topics) {
      const band = into.bands[Math.min(3, Math.floor(t.score * 4))]!;
      band.given++;
      if (c.gold.topics.includes(t.slug)) band.right++;
    }
    const t = compare(into.topics, predictedTopics, c.gold.topics);
    for (const slug of TOPIC_SLUGS) {
      compare(
        into.perTopic.get(slug)!,
        predictedTopics.filter((s) => s === slug),
        c.gold.topics.filter((s) => s === slug),
      );
    }
    const primary = c.article.entities.countries.filter((x) => x.primary).map((x) => x.code);
    const k = compare(into.countries, primary, c.gold.countries);
    const p = compare(
      into.pairs,
      c.article.bilateral.map((b) => b.pair),
      c.gold.bilateral_pairs,
    );
    const subjects = c.article.subjects.map((s) => s.slug);
    const goldSubjects = c.gold.subjects ?? [];
    let subjectIssue = '';
    if (goldSubjects.length > 0) {
      into.subjectArticles++;
      if (subjects.includes(goldSubjects[0]!)) into.subjectAgree++;
      else subjectIssue = `subject ${goldSubjects[0]} not given (${subjects.join(',')})`;
    }
    const issues = [
      t.missed.length ? `topics missed ${t.missed.join(',')}` : '',
      t.extra.length ? `topics extra ${t.extra.join(',')}` : '',
      k.missed.length ? `countries missed ${k.missed.join(',')}` : '',
      k.extra.length ? `countries extra ${k.extra.join(',')}` : '',
      p.missed.length ? `pairs missed ${p.missed.join(',')}` : '',
      p.extra.length ? `pairs extra ${p.extra.join(',')}` : '',
      subjectIssue,
    ].filter(Boolean);
    if (issues.length) lines.push(`${c.id} [${c.language}] ${c.title}\n      ${issues.join('; ')}`);
  }
}

interface Figures {
  articles: number;
  topicsMicroF1: number;
  topicsMacroF1: number;
  topicsPrecision: number;
  topicsRecall: number;
  minTopicPrecision: number;
  countriesF1: number;
  pairsF1: number;
  subjectAgreement: number | null;
}

function report(title: string, s: Scores): Figures {
  const present = TOPIC_SLUGS.filter((slug) => {
    const x = s.perTopic.get(slug)!;
    return x.tp + x.fn + x.fp > 0;
  });
  const micro = prf(s.topics);
  const macro =
    present.reduce((sum, slug) => sum + prf(s.perTopic.get(slug)!).f1, 0) / Math.max(1, present.length);
  // Precision of a topic that was never given is undefined, not perfect: only topics given count.
  const given = present.filter((slug) => s.perTopic.get(slug)!.tp + s.perTopic.get(slug)!.fp > 0);
  const minPrecision = Math.min(1, ...given.map((slug) => prf(s.perTopic.get(slug)!).precision));
  console.log(`\n== ${title}: ${s.articles} articles`);
  console.log('topic                precision recall  f1     (tp/fp/fn)');
  for (const slug of present) {
    const x = s.perTopic.get(slug)!;
    const r = prf(x);
    console.log(
      `${slug.padEnd(20)} ${round(r.precision).toFixed(3)}  ${round(r.recall).toFixed(3)}  ${round(r.f1).toFixed(3)}  (${x.tp}/${x.fp}/${x.fn})`,
    );
  }
  const figures: Figures = {
    articles: s.articles,
    topicsMicroF1: round(micro.f1),
    topicsMacroF1: round(macro),
    topicsPrecision: round(micro.precision),
    topicsRecall: round(micro.recall),
    minTopicPrecision: round(minPrecision),
    countriesF1: round(prf(s.countries).f1),
    pairsF1: round(prf(s.pairs).f1),
    subjectAgreement: s.subjectArticles > 0 ? round(s.subjectAgree / s.subjectArticles) : null,
  };
  console.log(
    `topics micro-F1 ${figures.topicsMicroF1} (P ${figures.topicsPrecision}, R ${figures.topicsRecall})  macro-F1 ${figures.topicsMacroF1}  lowest topic precision ${figures.minTopicPrecision}`,
  );
  console.log(`countries (primary) F1 ${figures.countriesF1}  pairs F1 ${figures.pairsF1}`);
  // Reliability of the calibrated scores: the share right should rise with the score band.
  console.log(
    `topic scores → share right: ${s.bands
      .map(
        (b, i) => `${i / 4}-${(i + 1) / 4}: ${b.given ? `${round(b.right / b.given)} of ${b.given}` : '-'}`,
      )
      .join(', ')}`,
  );
  if (figures.subjectAgreement !== null) {
    console.log(
      `first labelled subject among those given: ${figures.subjectAgreement} (${s.subjectArticles} labelled)`,
    );
  }
  return figures;
}

const pooled = new Map<Sample, Scores>();
for (const set of sets) {
  const cases = await enrichDevset(set.file, scope);
  const lines: string[] = [];
  const own = empty();
  score(own, cases, lines);
  const pool = pooled.get(set.sample) ?? empty();
  pooled.set(set.sample, pool);
  score(pool, cases, []);
  report(`${set.name} (${set.sample})`, own);
  if (values.verbose) for (const l of lines) console.log(`  ${l}`);
}

const result: Record<string, unknown> = {};
for (const [sample, s] of pooled) result[sample] = report(`all ${sample} sets pooled`, s);
const headline = (
  pooled.has('out-of-sample') ? result['out-of-sample'] : (result['given'] ?? result['in-sample'])
) as Figures;
console.log(
  JSON.stringify({
    sample: pooled.has('out-of-sample') ? 'out-of-sample' : [...pooled.keys()].join('+'),
    topicsMicroF1: headline.topicsMicroF1,
    topicsMacroF1: headline.topicsMacroF1,
    minTopicPrecision: headline.minTopicPrecision,
    countriesF1: headline.countriesF1,
    pairsF1: headline.pairsF1,
    ...result,
  }),
);
