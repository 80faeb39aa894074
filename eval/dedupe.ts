/**
 * pnpm eval:dedupe [--set FILE]... [--text full|teaser] [--verbose]
 * Pairwise precision and recall of the duplicate decisions against the sets' dup_group labels: two
 * articles are predicted "same story" when they share a storyId. Pairs of articles in one language
 * (copies and rewrites: same-language dedupe) and pairs in two languages (cross-lingual story
 * linking) are scored apart. Without --set it runs the devset, the cross-lingual development set
 * (both in-sample) and, when it exists, eval/data/crosslingual-b.jsonl (out of sample: unseen
 * stories and hard negatives, written by someone who never saw the rules; only its totals are read).
 * Each set is its own run: one in-memory index per set, as `wirestream enrich` over that file.
 * Last line: JSON with `precision`, `recall`, `f1` (every pair of the sets run, as before),
 * `sameLanguagePrecision`/`Recall`, `crossLingualPrecision`/`Recall` (the out-of-sample set's when
 * it ran, else the in-sample sets' pooled) and per set the same figures.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { enrichDevset, prf, round, type Counts, type DevsetCase, type TextScope } from './devset.js';

const OUT_OF_SAMPLE = 'eval/data/crosslingual-b.jsonl';
const DEFAULT_SETS = ['../shared/devset/articles.jsonl', '../shared/devset-crosslingual/articles.jsonl'];

const { values } = parseArgs({
  options: {
    set: { type: 'string', multiple: true },
    /** `teaser`: headline and summary only, as a teaser feed without full text gives them. */
    text: { type: 'string', default: 'full' },
    verbose: { type: 'boolean', default: false },
  },
});
const sets = values.set?.length
  ? values.set
  : [...DEFAULT_SETS, ...(existsSync(OUT_OF_SAMPLE) ? [OUT_OF_SAMPLE] : [])];
const verbose = values.verbose ?? false;
if (values.text !== 'full' && values.text !== 'teaser') throw new Error('--text is full or teaser');
const scope = values.text as TextScope;

interface Scored {
  all: Counts;
  same: Counts;
  cross: Counts;
  mistakes: string[];
}

const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0 });

function score(cases: readonly DevsetCase[]): Scored {
  const out: Scored = { all: zero(), same: zero(), cross: zero(), mistakes: [] };
  for (let i = 0; i < cases.length; i++) {
    for (let j = i + 1; j < cases.length; j++) {
      const a = cases[i]!;
      const b = cases[j]!;
      const gold = a.gold.dup_group !== null && a.gold.dup_group === b.gold.dup_group;
      const predicted = a.article.storyId === b.article.storyId;
      const side = a.article.language === b.article.language ? out.same : out.cross;
      const label = `${a.id} (${a.article.language}) + ${b.id} (${b.article.language})`;
      for (const counts of [out.all, side]) {
        if (gold && predicted) counts.tp++;
        else if (predicted) counts.fp++;
        else if (gold) counts.fn++;
      }
      if (predicted && !gold) out.mistakes.push(`false merge: ${label}  "${a.title}" / "${b.title}"`);
      else if (gold && !predicted)
        out.mistakes.push(`missed: ${label} (${a.gold.dup_group})  "${a.title}" / "${b.title}"`);
    }
  }
  return out;
}

const add = (x: Counts, y: Counts): Counts => ({ tp: x.tp + y.tp, fp: x.fp + y.fp, fn: x.fn + y.fn });
const figures = (c: Counts): { precision: number; recall: number } => {
  const { precision, recall } = prf(c);
  return { precision: round(precision), recall: round(recall) };
};

const perSet: Record<string, Record<string, number | string>> = {};
let pooled: Scored = { all: zero(), same: zero(), cross: zero(), mistakes: [] };
let inSampleCross = zero();
let outOfSampleCross: Counts | null = null;
for (const set of sets) {
  const cases = await enrichDevset(set, scope);
  const scored = score(cases);
  const statuses = cases.reduce<Record<string, number>>(
    (acc, c) => ({ ...acc, [c.article.dedupe.status]: (acc[c.article.dedupe.status] ?? 0) + 1 }),
    {},
  );
  const sample = set === OUT_OF_SAMPLE ? 'out of sample' : 'in-sample';
  const same = figures(scored.same);
  const cross = figures(scored.cross);
  const all = prf(scored.all);
  console.log(`${set} (${sample})`);
  console.log(
    `  articles: ${cases.length}; decisions: ${Object.entries(statuses)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  console.log(
    `  same language: ${scored.same.tp} true, ${scored.same.fp} false merges, ${scored.same.fn} missed; precision ${same.precision}  recall ${same.recall}`,
  );
  console.log(
    `  cross-lingual: ${scored.cross.tp} true, ${scored.cross.fp} false merges, ${scored.cross.fn} missed; precision ${cross.precision}  recall ${cross.recall}`,
  );
  console.log(
    `  every pair: precision ${round(all.precision)}  recall ${round(all.recall)}  f1 ${round(all.f1)}`,
  );
  if (verbose) for (const m of scored.mistakes) console.log(`    ${m}`);
  perSet[set] = {
    sample,
    sameLanguagePrecision: same.precision,
    sameLanguageRecall: same.recall,
    crossLingualPrecision: cross.precision,
    crossLingualRecall: cross.recall,
    crossLingualPairs: scored.cross.tp + scored.cross.fn,
  };
  pooled = {
    all: add(pooled.all, scored.all),
    same: add(pooled.same, scored.same),
    cross: add(pooled.cross, scored.cross),
    mistakes: [],
  };
  if (set === OUT_OF_SAMPLE) outOfSampleCross = scored.cross;
  else inSampleCross = add(inSampleCross, scored.cross);
}

const all = prf(pooled.all);
const same = figures(pooled.same);
const ran = outOfSampleCross !== null;
const headlineCross = figures(outOfSampleCross ?? inSampleCross);
console.log(
  `cross-lingual headline: ${ran ? `${OUT_OF_SAMPLE} (out of sample)` : 'in-sample sets pooled (no out-of-sample set here)'}`,
);
console.log(
  JSON.stringify({
    precision: round(all.precision),
    recall: round(all.recall),
    f1: round(all.f1),
    sameLanguagePrecision: same.precision,
    sameLanguageRecall: same.recall,
    crossLingualPrecision: headlineCross.precision,
    crossLingualRecall: headlineCross.recall,
    crossLingualSample: ran ? 'out-of-sample' : 'in-sample',
    sets: perSet,
  }),
);
