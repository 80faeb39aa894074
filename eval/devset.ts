import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EnrichInput, validate, type ArticleRecord } from '@wirestream/contract';
import { enrichRawItem, rawItemFromInput } from '@wirestream/enrichment';
import { loadConfig } from '@wirestream/runtime';
import { inMemoryEnrichmentDeps } from '@wirestream/runtime/enrichment';
import type { Tagger } from '@wirestream/tagging';

export interface Gold {
  topics: string[];
  countries: string[];
  bilateral_pairs: string[];
  dup_group: string | null;
  /** Only in sets that label the subject layer (eval/data/wire-*.jsonl). */
  subjects?: string[];
}

export interface DevsetCase {
  id: string;
  language: string;
  title: string;
  input: Record<string, unknown>;
  gold: Gold;
  article: ArticleRecord;
}

export function cliArgs(): { set: string; verbose: boolean } {
  const { values } = parseArgs({
    options: {
      set: { type: 'string', default: '../shared/devset/articles.jsonl' },
      verbose: { type: 'boolean', default: false },
    },
  });
  return { set: values.set!, verbose: values.verbose! };
}

/**
 * What text of a labelled article the pipeline is given: all of it (`full`: the story behind the
 * item, as with full text) or only what a teaser feed carries (`teaser`: headline and summary).
 */
export type TextScope = 'full' | 'teaser';

/** Every devset line through the `wirestream enrich` path (see `enrichRecords`), in file order. */
export async function enrichDevset(file: string, scope: TextScope = 'full'): Promise<DevsetCase[]> {
  const records = readJsonLines<
    Record<string, unknown> & { id: string; gold: Gold; language: string; title: string }
  >(file);
  const articles = await enrichRecords(scope === 'full' ? records : records.map((r) => ({ ...r, body: '' })));
  return records.map((json, i) => ({
    id: json.id,
    language: json.language,
    title: json.title,
    input: json,
    gold: json.gold,
    article: articles[i]!,
  }));
}

export function readJsonLines<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/**
 * Runs records in `wirestream enrich` input form through exactly what `wirestream enrich` runs
 * (same adapter, same enrichment, one in-memory dedupe index for the whole run), in order.
 */
export async function enrichRecords(
  records: readonly Record<string, unknown>[],
  tagger?: Tagger,
): Promise<ArticleRecord[]> {
  const at = new Date('2026-01-01T00:00:00Z');
  const deps = { ...inMemoryEnrichmentDeps(loadConfig({ env: {} }), at), ...(tagger ? { tagger } : {}) };
  const out: ArticleRecord[] = [];
  for (const [i, json] of records.entries()) {
    const input = validate(EnrichInput, json, `record ${i + 1}`);
    out.push((await enrichRawItem(rawItemFromInput(input, i + 1, at), deps)).article);
  }
  return out;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}
export const prf = ({ tp, fp, fn }: Counts): { precision: number; recall: number; f1: number } => {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
};
export const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Adds the set comparison of one case to `counts`; returns what was missed and what was extra. */
export function compare(
  counts: Counts,
  predicted: Iterable<string>,
  gold: Iterable<string>,
): { missed: string[]; extra: string[] } {
  const p = new Set(predicted);
  const g = new Set(gold);
  const missed = [...g].filter((x) => !p.has(x));
  const extra = [...p].filter((x) => !g.has(x));
  counts.tp += [...p].filter((x) => g.has(x)).length;
  counts.fp += extra.length;
  counts.fn += missed.length;
  return { missed, extra };
}
