/**
 * pnpm eval:dedupe --set ../shared/devset/articles.jsonl [--verbose]
 * Pairwise precision and recall of the duplicate decisions against the devset's dup_group labels:
 * two articles are predicted "same story" when they share a storyId.
 */
import { cliArgs, enrichDevset, round, prf } from './devset.js';

const { set, verbose } = cliArgs();
const cases = await enrichDevset(set);
let tp = 0;
let fp = 0;
let fn = 0;
const mistakes: string[] = [];
for (let i = 0; i < cases.length; i++) {
  for (let j = i + 1; j < cases.length; j++) {
    const a = cases[i]!;
    const b = cases[j]!;
    const gold = a.gold.dup_group !== null && a.gold.dup_group === b.gold.dup_group;
    const predicted = a.article.storyId === b.article.storyId;
    if (gold && predicted) tp++;
    else if (predicted) {
      fp++;
      mistakes.push(`false merge: ${a.id} + ${b.id}  "${a.title}" / "${b.title}"`);
    } else if (gold) {
      fn++;
      mistakes.push(`missed: ${a.id} + ${b.id} (${a.gold.dup_group})  "${a.title}" / "${b.title}"`);
    }
  }
}
const { precision, recall, f1 } = prf({ tp, fp, fn });
const statuses = cases.reduce<Record<string, number>>(
  (acc, c) => ({ ...acc, [c.article.dedupe.status]: (acc[c.article.dedupe.status] ?? 0) + 1 }),
  {},
);
console.log(
  `articles: ${cases.length}; decisions: ${Object.entries(statuses)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`,
);
console.log(`pairs: ${tp} true, ${fp} false merges, ${fn} missed`);
console.log(`precision ${round(precision)}  recall ${round(recall)}  f1 ${round(f1)}`);
if (verbose) for (const m of mistakes) console.log(`  ${m}`);
console.log(JSON.stringify({ precision: round(precision), recall: round(recall), f1: round(f1) }));
