/**
 * pnpm fit:topics [--set FILE …] [--write | --check]
 *
 * Chooses each topic's threshold and the calibration of topic scores from labelled articles, and
 * with --write puts them into packages/tagging/taxonomy/taxonomy.yaml (the `threshold:` line of
 * each scored topic and the `calibration:` line), so the numbers in the taxonomy can always be
 * rebuilt from the data named here. --check exits 1 when the taxonomy's thresholds or calibration
 * are not what the data gives (a lexicon changed and nobody refitted); CI runs it.
 *
 * Data: the in-sample sets only (the devset and eval/data/wire-a.jsonl), never the sets that
 * eval:tagging reports as out of sample.
 *
 * - Threshold: for each scored topic with at least eight labelled articles, the value on a grid (2
 *   to 12 by 0.5, within a factor 1.5 of the hand-set value) that maximises F0.5 of that topic over
 *   the data (precision counts twice as much as recall: a topic stream is only as good as its
 *   precision), ties and near-ties going to the hand-set value; a topic with fewer labelled
 *   articles keeps what its definition suggested.
 * - Calibration: a logistic regression of "the label has the topic" on log(weighed evidence /
 *   threshold) over every article-topic pair whose weighed evidence reaches half its threshold (the
 *   region where tags are given or nearly so; the many pairs with one stray word would otherwise
 *   pull the curve down and make every given tag look doubtful), one slope and one intercept
 *   shared by all topics (too few articles per topic to fit more without fitting noise).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  DEFAULT_TAXONOMY_PATH,
  loadTagger,
  parseTaxonomy,
  type Tagger,
  type TopicWeights,
} from '@wirestream/tagging';
import { enrichRecords, readJsonLines, round, type Gold } from './devset.js';

const { values } = parseArgs({
  options: {
    set: {
      type: 'string',
      multiple: true,
      default: ['../shared/devset/articles.jsonl', 'eval/data/wire-a.jsonl'],
    },
    write: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
  },
});

const text = readFileSync(DEFAULT_TAXONOMY_PATH, 'utf8');
const taxonomy = parseTaxonomy(text);
const base = loadTagger();
const weights: TopicWeights[] = [];
const recording: Tagger = {
  taxonomyVersion: base.taxonomyVersion,
  tag: (input) => {
    const { result, weights: w } = base.explain(input);
    weights.push(w);
    return result;
  },
  explain: (input) => base.explain(input),
};
const golds: Gold[] = [];
for (const file of values.set!) {
  const records = readJsonLines<Record<string, unknown> & { gold: Gold }>(file);
  await enrichRecords(records, recording);
  golds.push(...records.map((r) => r.gold));
}

const BETA2 = 0.25;
const fBeta = (tp: number, fp: number, fn: number): number =>
  tp === 0 ? 0 : ((1 + BETA2) * tp) / ((1 + BETA2) * tp + BETA2 * fn + fp);

const thresholds = new Map<string, number>();
const handThresholds = new Map(
  taxonomy.topics.filter((t) => t.mode === 'score').map((t) => [t.slug, t.threshold]),
);
/** Fewer labelled articles than this and a topic keeps its hand-set threshold: too few to fit. */
const MIN_LABELLED = 8;
/** A fitted threshold stays within this factor of the hand-set one: a few articles move it, not remake it. */
const MAX_FACTOR = 1.5;
console.log(`${golds.length} articles from ${values.set!.join(', ')}`);
console.log('topic                 hand  fitted  F0.5 at hand → fitted  (tp/fp/fn at fitted)');
for (const topic of taxonomy.topics) {
  if (topic.mode !== 'score') continue;
  const counts = (threshold: number): [number, number, number] => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    weights.forEach((w, i) => {
      // As the tagger decides: over the threshold, and not a side remark next to a stronger topic
      // (the other topics at their hand-set thresholds).
      const own = w[topic.slug]?.weighed ?? 0;
      const strongest = Math.max(
        own,
        ...Object.entries(w).map(([slug, v]) =>
          v.weighed >= (handThresholds.get(slug) ?? Infinity) ? v.weighed : 0,
        ),
      );
      const given = own >= threshold && own >= taxonomy.minShareOfTop * strongest;
      const gold = golds[i]!.topics.includes(topic.slug);
      if (given && gold) tp++;
      else if (given) fp++;
      else if (gold) fn++;
    });
    return [tp, fp, fn];
  };
  const hand = topic.threshold;
  const labelled = golds.filter((g) => g.topics.includes(topic.slug)).length;
  let best = hand;
  let bestScore = fBeta(...counts(hand));
  for (let t = 2; t <= 12 && labelled >= MIN_LABELLED; t += 0.5) {
    if (t < hand / MAX_FACTOR || t > hand * MAX_FACTOR) continue;
    // A candidate must beat the hand-set value clearly, and the nearer one wins a near-tie.
    const score = fBeta(...counts(t)) - 0.01 * Math.abs(Math.log(t / hand));
    if (score > bestScore + 1e-9) {
      best = t;
      bestScore = score;
    }
  }
  thresholds.set(topic.slug, best);
  const [tp, fp, fn] = counts(best);
  console.log(
    `${topic.slug.padEnd(20)} ${String(hand).padStart(5)} ${String(best).padStart(7)}  ${round(fBeta(...counts(hand)))} → ${round(fBeta(tp, fp, fn))}  (${tp}/${fp}/${fn})`,
  );
}

// Logistic regression by Newton's method on two parameters, with a weak ridge so that separable
// data (every evidence above threshold correct) gives a finite slope.
const xs: number[] = [];
const ys: number[] = [];
weights.forEach((w, i) => {
  for (const [slug, { weighed: value }] of Object.entries(w)) {
    const threshold = thresholds.get(slug);
    if (threshold === undefined || value < threshold / 2) continue;
    xs.push(Math.log(value / threshold));
    ys.push(golds[i]!.topics.includes(slug) ? 1 : 0);
  }
});
let slope = 1;
let intercept = 0;
const RIDGE = 1;
for (let iteration = 0; iteration < 50; iteration++) {
  let ga = -RIDGE * slope;
  let gb = -RIDGE * intercept;
  let haa = -RIDGE;
  let hab = 0;
  let hbb = -RIDGE;
  xs.forEach((x, i) => {
    const p = 1 / (1 + Math.exp(-(slope * x + intercept)));
    const r = ys[i]! - p;
    ga += r * x;
    gb += r;
    const v = p * (1 - p);
    haa -= v * x * x;
    hab -= v * x;
    hbb -= v;
  });
  const det = haa * hbb - hab * hab;
  const da = (hbb * ga - hab * gb) / det;
  const db = (haa * gb - hab * ga) / det;
  slope -= da;
  intercept -= db;
  if (Math.abs(da) + Math.abs(db) < 1e-9) break;
}
slope = round(slope);
intercept = round(intercept);
console.log(
  `calibration over ${xs.length} article-topic pairs with at least half their threshold (${ys.filter((y) => y === 1).length} labelled): slope ${slope}, intercept ${intercept}`,
);

if (values.write) {
  let current: string | null = null;
  const lines = text.split('\n').map((line) => {
    const slug = /^ {2}- slug: (\S+)/.exec(line);
    if (slug) current = slug[1]!;
    if (line.startsWith('subjects:')) current = null;
    const threshold = /^( {4}threshold: )\S+/.exec(line);
    if (threshold && current && thresholds.has(current)) return `${threshold[1]}${thresholds.get(current)}`;
    if (/^calibration: /.test(line)) return `calibration: { slope: ${slope}, intercept: ${intercept} }`;
    return line;
  });
  writeFileSync(DEFAULT_TAXONOMY_PATH, lines.join('\n'));
  console.log(`wrote ${DEFAULT_TAXONOMY_PATH}`);
}
const stale: string[] = [];
for (const topic of taxonomy.topics) {
  const fitted = thresholds.get(topic.slug);
  if (fitted !== undefined && fitted !== topic.threshold) {
    stale.push(`${topic.slug} threshold ${topic.threshold} → ${fitted}`);
  }
}
// The fit moves in the third decimal with any lexicon edit; only a real shift counts as stale.
const TOLERANCE = 0.05;
const { calibration } = taxonomy;
if (
  Math.abs(calibration.slope - slope) > TOLERANCE ||
  Math.abs(calibration.intercept - intercept) > TOLERANCE
) {
  stale.push(`calibration ${calibration.slope}/${calibration.intercept} → ${slope}/${intercept}`);
}
if (values.check && !values.write && stale.length > 0) {
  console.error(
    `taxonomy.yaml is not what the data gives; run pnpm fit:topics --write:\n  ${stale.join('\n  ')}`,
  );
  process.exitCode = 1;
}
console.log(
  JSON.stringify({
    articles: golds.length,
    slope,
    intercept,
    thresholds: Object.fromEntries(thresholds),
    current: stale.length === 0,
  }),
);
