/**
 * The article-extraction benchmark's scoring (Zyte/Scrapinghub article-extraction-benchmark,
 * `evaluate.py`), re-implemented from its description: tokens are the matches of Python's `\w+`,
 * compared as multisets of 4-token shingles, counts normalised per page so that every page weighs
 * the same; corpus precision and recall are means over pages, F1 is computed from the two means.
 */

// Python's `\w` on str: letters, digits (all numeric characters) and the underscore; no combining marks.
const TOKEN_RE = /[\p{L}\p{N}_]+/gu;
const SHINGLE = 4;

export function benchmarkTokens(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}

/** Multiset of shingles: a text of fewer than four tokens gives one shorter shingle, empty text none. */
export function shingleCounts(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  if (tokens.length === 0) return counts;
  const n = Math.max(1, tokens.length - SHINGLE + 1);
  for (let i = 0; i < n; i++) {
    // U+0001 cannot occur inside a token, so joined shingles compare like tuples.
    const key = tokens.slice(i, i + SHINGLE).join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export interface PageScore {
  /** Normalised counts: tp + fp + fn = 1 unless all three are 0. */
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  /** The token lists are identical. */
  exact: boolean;
}

export function scorePage(truth: string, predicted: string): PageScore {
  const truthTokens = benchmarkTokens(truth);
  const predictedTokens = benchmarkTokens(predicted);
  const t = shingleCounts(truthTokens);
  const p = shingleCounts(predictedTokens);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [shingle, cT] of t) {
    const cP = p.get(shingle) ?? 0;
    tp += Math.min(cT, cP);
    fn += Math.max(0, cT - cP);
  }
  for (const [shingle, cP] of p) fp += Math.max(0, cP - (t.get(shingle) ?? 0));
  const total = tp + fp + fn;
  if (total > 0) {
    tp /= total;
    fp /= total;
    fn /= total;
  }
  let precision: number;
  let recall: number;
  if (fp === 0 && fn === 0) {
    precision = 1;
    recall = 1;
  } else {
    precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  }
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const exact =
    truthTokens.length === predictedTokens.length &&
    truthTokens.every((tok, i) => tok === predictedTokens[i]);
  return { tp, fp, fn, precision, recall, f1, exact };
}

export interface CorpusScore {
  pages: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
}

/**
 * Mean precision over pages that predicted something or should have (tp + fp > 0), mean recall over
 * pages with something to find (tp + fn > 0), F1 from those two means, accuracy = share of exact pages.
 */
export function scoreCorpus(pages: readonly PageScore[]): CorpusScore {
  let pSum = 0;
  let pN = 0;
  let rSum = 0;
  let rN = 0;
  let exact = 0;
  for (const s of pages) {
    if (s.tp + s.fp > 0) {
      pSum += s.precision;
      pN++;
    }
    if (s.tp + s.fn > 0) {
      rSum += s.recall;
      rN++;
    }
    if (s.exact) exact++;
  }
  const precision = pN === 0 ? 0 : pSum / pN;
  const recall = rN === 0 ? 0 : rSum / rN;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    pages: pages.length,
    precision,
    recall,
    f1,
    accuracy: pages.length === 0 ? 0 : exact / pages.length,
  };
}
