import { createInterface } from 'node:readline';
import { EnrichInput, validate, type WirestreamConfig } from '@wirestream/contract';
import { enrichRawItem, rawItemFromInput } from '@wirestream/enrichment';
import { inMemoryEnrichmentDeps } from '@wirestream/runtime/enrichment';

export interface EnrichOptions {
  fetchedAt?: string;
}

/**
 * `wirestream enrich`: JSON Lines in, one enriched article per line out, in order, through the
 * enricher's own code with an in-memory dedupe index. A line that cannot be read yields an
 * `{"line": n, "error": ...}` object in its place (and on stderr), so output lines stay aligned.
 */
export async function enrichCommand(
  config: WirestreamConfig,
  options: EnrichOptions,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const fixed = options.fetchedAt ? new Date(options.fetchedAt) : undefined;
  if (fixed && Number.isNaN(fixed.getTime()))
    throw new Error(`--fetched-at: not a date: ${options.fetchedAt}`);
  const deps = inMemoryEnrichmentDeps(config, fixed);
  let line = 0;
  let failed = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    try {
      const parsed = validate(EnrichInput, JSON.parse(text), `line ${line}`);
      const outcome = await enrichRawItem(rawItemFromInput(parsed, line, fixed ?? new Date()), deps);
      output.write(`${JSON.stringify(outcome.article)}\n`);
    } catch (err) {
      failed++;
      const message =
        err instanceof SyntaxError ? `line ${line}: invalid JSON: ${err.message}` : (err as Error).message;
      process.stderr.write(`wirestream enrich: ${message}\n`);
      output.write(`${JSON.stringify({ line, error: message })}\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}
