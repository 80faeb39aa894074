/**
 * pnpm eval:tagging --set ../shared/devset/articles.jsonl [--verbose]
 * Topic micro/macro F1 and per-topic precision/recall, primary-country F1 and bilateral pair F1
 * against the devset labels, through the `wirestream enrich` path.
 */
import { TOPIC_SLUGS } from '@wirestream/contract';
import { cliArgs, compare, enrichDevset, prf, round, type Counts } from './devset.js';

const { set, verbose } = cliArgs();
const cases = await enrichDevset(set);
const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0 });
const topicsAll = zero();
const perTopic = new Map<string, Counts>(TOPIC_SLUGS.map((s) => [s, zero()]));
const countries = zero();
const pairs = zero();
const lines: string[] = [];

for (const c of cases) {
  const predictedTopics = c.article.topics.map((t) => t.slug);
  const t = compare(topicsAll, predictedTopics, c.gold.topics);
  for (const slug of TOPIC_SLUGS) {
    compare(
      perTopic.get(slug)!,
      predictedTopics.filter((s) => s === slug),
      c.gold.topics.filter((s) => s === slug),
    );
  }
  const primary = c.article.entities.countries.filter((x) => x.primary).map((x) => x.code);
  const k = compare(countries, primary, c.gold.countries);
  const p = compare(
    pairs,
    c.article.bilateral.map((b) => b.pair),
    c.gold.bilateral_pairs,
  );
  const issues = [
    t.missed.length ? `topics missed ${t.missed.join(',')}` : '',
    t.extra.length ? `topics extra ${t.extra.join(',')}` : '',
    k.missed.length ? `countries missed ${k.missed.join(',')}` : '',
    k.extra.length ? `countries extra ${k.extra.join(',')}` : '',
    p.missed.length ? `pairs missed ${p.missed.join(',')}` : '',
    p.extra.length ? `pairs extra ${p.extra.join(',')}` : '',
  ].filter(Boolean);
  if (issues.length) lines.push(`${c.id} [${c.language}] ${c.title}\n      ${issues.join('; ')}`);
}

const micro = prf(topicsAll).f1;
const present = TOPIC_SLUGS.filter((s) => {
  const x = perTopic.get(s)!;
  return x.tp + x.fn + x.fp > 0;
});
const macro = present.reduce((sum, s) => sum + prf(perTopic.get(s)!).f1, 0) / Math.max(1, present.length);
console.log(`articles: ${cases.length}`);
console.log('topic            precision recall  f1     (tp/fp/fn)');
for (const s of present) {
  const x = perTopic.get(s)!;
  const r = prf(x);
  console.log(
    `${s.padEnd(20)} ${round(r.precision).toFixed(3)}  ${round(r.recall).toFixed(3)}  ${round(r.f1).toFixed(3)}  (${x.tp}/${x.fp}/${x.fn})`,
  );
}
console.log(`topics micro-F1 ${round(micro)}  macro-F1 ${round(macro)}`);
console.log(`countries (primary) F1 ${round(prf(countries).f1)}  pairs F1 ${round(prf(pairs).f1)}`);
if (verbose) for (const l of lines) console.log(`  ${l}`);
console.log(
  JSON.stringify({
    topicsMicroF1: round(micro),
    topicsMacroF1: round(macro),
    countriesF1: round(prf(countries).f1),
    pairsF1: round(prf(pairs).f1),
  }),
);
