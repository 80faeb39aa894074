import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EnrichInput, validate, type ArticleRecord } from '@wirestream/contract';
import { enrichmentDepsInMemory } from '@wirestream/cli';
import { enrichRawItem, rawItemFromInput } from '@wirestream/enrichment';
import { loadConfig } from '@wirestream/runtime';

export interface Gold {
  topics: string[];
  countries: string[];
  bilateral_pairs: string[];
  dup_group: string | null;
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
 * Runs every devset line through exactly what `wirestream enrich` runs (same adapter, same
 * enrichment, one in-memory dedupe index for the whole run), in file order.
 */
export async function enrichDevset(file: string): Promise<DevsetCase[]> {
  const deps = enrichmentDepsInMemory(loadConfig({ env: {} }), new Date('2026-01-01T00:00:00Z'));
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  const out: DevsetCase[] = [];
  for (const [i, line] of lines.entries()) {
    const json = JSON.parse(line) as Record<string, unknown> & {
      id: string;
      gold: Gold;
      language: string;
      title: string;
    };
    const input = validate(EnrichInput, json, `line ${i + 1}`);
    const { article } = await enrichRawItem(
      rawItemFromInput(input, i + 1, new Date('2026-01-01T00:00:00Z')),
      deps,
    );
    out.push({
      id: json.id,
      language: json.language,
      title: json.title,
      input: json,
      gold: json.gold,
      article,
    });
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
