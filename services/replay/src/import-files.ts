import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EnrichInput, validate, type RawItemRecord } from '@wirestream/contract';
import { rawItemFromInput } from '@wirestream/enrichment';
import { DAY_MS, RunningJob, scanPublished, type JobOptions, type JobServices } from './job.js';
import { jobIdFor } from './job-state.js';
import { rawItemsFromFeed } from './feed-records.js';
import type { JobSummary } from './summary.js';

export interface ImportOptions extends JobOptions {
  /** Files and folders (read recursively). */
  paths: readonly string[];
  /** Feed id for the items of feed files; default derived from each file name. */
  feedId?: string;
  /** Agency named on the items; default the feed's title, else the feed id. */
  agency?: string;
}

const FEED_EXTENSIONS = new Set(['.xml', '.rss', '.atom', '.rdf', '.json']);
const LINES_EXTENSIONS = new Set(['.jsonl', '.ndjson']);

export type ImportKind = 'feed' | 'lines';

/** The files an import reads, in a stable order, with what each holds (by extension). */
export function importFiles(paths: readonly string[]): Array<{ file: string; kind: ImportKind }> {
  const files: Array<{ file: string; kind: ImportKind }> = [];
  const visit = (path: string, named: boolean): void => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort())
        if (!entry.startsWith('.')) visit(join(path, entry), false);
      return;
    }
    const ext = extname(path).toLowerCase();
    if (LINES_EXTENSIONS.has(ext)) files.push({ file: path, kind: 'lines' });
    else if (FEED_EXTENSIONS.has(ext) || named) files.push({ file: path, kind: 'feed' });
  };
  for (const path of paths) visit(resolve(path), true);
  return files;
}

/** About how many records a file holds, for the progress total: lines, or item and entry tags. */
export function estimateRecords(text: string, kind: ImportKind): number {
  if (kind === 'lines') return text.split('\n').filter((line) => line.trim() !== '').length;
  const tags = text.match(/<(?:[\w-]+:)?(?:item|entry)[\s>]/g)?.length ?? 0;
  return tags > 0 ? tags : (text.match(/"id"\s*:/g)?.length ?? 1);
}

const slug = (text: string): string =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '') || 'import';

interface ImportCursor {
  /** Files finished, and within the file being read, the lines done. */
  files: string[];
  current: { file: string; line: number } | null;
}

const fingerprint = (file: string): string => {
  const stat = statSync(file);
  return `${file}:${stat.size}:${stat.mtimeMs}`;
};

/** What the steps of one import share. */
interface ImportRun {
  services: JobServices;
  options: ImportOptions;
  job: RunningJob;
  cursor: ImportCursor;
  /** Stores the cursor (not in a dry run). */
  checkpoint: () => Promise<void>;
}

const importJobId = (files: readonly { file: string }[], options: ImportOptions): string =>
  jobIdFor('import', {
    files: files.map((f) => fingerprint(f.file)),
    feedId: options.feedId ?? null,
    agency: options.agency ?? null,
    topics: options.topics ?? [],
    reissue: options.reissue ?? false,
  });

/** The raw items of a saved feed file, named after the agency given, else the feed's title; [] when it cannot be read. */
async function feedFileItems(
  { services, options, job }: ImportRun,
  file: string,
  text: Buffer,
  fetchedAt: Date,
): Promise<RawItemRecord[]> {
  const feedId = options.feedId ?? slug(`file-${basename(file, extname(file))}`);
  try {
    const url = pathToFileURL(file).toString();
    const result = await rawItemsFromFeed(text, {
      feed: {
        id: feedId,
        agency: options.agency ?? feedId,
        name: options.agency ?? feedId,
        url,
        languageHint: null,
      },
      fetchedAt: fetchedAt.toISOString(),
      http: { status: 0, finalUrl: url, contentType: null, etag: null, lastModified: null },
    });
    const agency = options.agency ?? result.parsed.title ?? feedId;
    return result.items.map((r) => ({ ...r, feed: { ...r.feed, agency, name: agency } }));
  } catch (err) {
    job.counts.failed++;
    services.logger.warn({ file, err: (err as Error).message }, 'feed file could not be read');
    return [];
  }
}

/** A saved feed file: its items through the normal path in chunks; counted done once all are through. */
async function importFeedFile(
  run: ImportRun,
  file: string,
  text: Buffer,
  fetchedAt: Date,
  estimate: number,
): Promise<void> {
  const { job, options } = run;
  const items = await feedFileItems(run, file, text, fetchedAt);
  job.counts.read += items.length;
  for (let i = 0; i < items.length && !options.signal?.aborted; i += job.chunkSize) {
    await job.processor.process(items.slice(i, i + job.chunkSize));
  }
  if (!options.signal?.aborted) job.done += estimate;
}

/** The raw items of some lines of a JSON Lines file (`first` is the index of the first); unreadable lines are counted and logged. */
function rawItemsOfLines(
  { services, options, job }: ImportRun,
  file: string,
  lines: readonly string[],
  first: number,
  fetchedAt: Date,
): RawItemRecord[] {
  const raws: RawItemRecord[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    job.counts.read++;
    try {
      const input = validate(EnrichInput, JSON.parse(line), `${file}:${first + i + 1}`);
      // Items without a source take the file's name as their feed, not "stdin".
      const named = input.source
        ? input
        : { ...input, source: options.agency ?? basename(file, extname(file)) };
      raws.push(rawItemFromInput(named, first + i + 1, fetchedAt));
    } catch (err) {
      job.counts.failed++;
      services.logger.warn(
        { file, line: first + i + 1, err: (err as Error).message },
        'line could not be read',
      );
    }
  });
  return raws;
}

/** A JSON Lines file, chunk by chunk from where a stopped import left it, checkpointed after each chunk. */
async function importLinesFile(run: ImportRun, file: string, text: Buffer, fetchedAt: Date): Promise<void> {
  const { job, options, cursor } = run;
  const lines = text.toString('utf8').split('\n');
  const from = cursor.current?.file === file ? cursor.current.line : 0;
  for (let start = from; start < lines.length && !options.signal?.aborted; start += job.chunkSize) {
    const raws = rawItemsOfLines(run, file, lines.slice(start, start + job.chunkSize), start, fetchedAt);
    await job.processor.process(raws);
    job.done += raws.length;
    cursor.current = { file, line: Math.min(lines.length, start + job.chunkSize) };
    await run.checkpoint();
    job.tick();
  }
}

/**
 * `import`: saved feed files (any format the fetcher reads) and JSON Lines of articles (the
 * `wirestream enrich` input) through the normal path. Which files and lines are done is
 * checkpointed in Redis, so a stopped import resumes after the last chunk it published.
 */
export async function importPaths(services: JobServices, options: ImportOptions): Promise<JobSummary> {
  const { config, jobs } = services;
  const dryRun = options.dryRun ?? false;
  const files = importFiles(options.paths);
  const jobId = options.jobId ?? importJobId(files, options);
  const state = dryRun ? null : await jobs.get(jobId);
  const resumed = state?.status === 'running' && Boolean(state.cursor);
  const startedAt = resumed ? state.startedAt : new Date().toISOString();
  const cursor: ImportCursor = resumed ? (state.cursor as ImportCursor) : { files: [], current: null };
  const checkpoint = async (): Promise<void> => {
    if (!dryRun) await jobs.put(jobId, { status: 'running', startedAt, cursor });
  };

  const published = await scanPublished(
    services,
    new Date(Date.now() - (options.lookbackMs ?? config.enricher.dedupeWindowDays * DAY_MS)),
    options.signal,
  );
  const job = new RunningJob(services, 'import', jobId, options, published);
  // Progress counts records: an estimate from the files, and on resume from the files already done.
  const estimates = new Map(
    files.map((f) => [f.file, estimateRecords(readFileSync(f.file, 'utf8'), f.kind)]),
  );
  job.total = [...estimates.values()].reduce((a, b) => a + b, 0);
  job.done = cursor.files.reduce((sum, file) => sum + (estimates.get(file) ?? 0), cursor.current?.line ?? 0);
  job.tick();
  const run: ImportRun = { services, options, job, cursor, checkpoint };

  for (const { file, kind } of files) {
    if (options.signal?.aborted) break;
    if (cursor.files.includes(file)) continue;
    const fetchedAt = statSync(file).mtime;
    const text = readFileSync(file);
    if (kind === 'feed') await importFeedFile(run, file, text, fetchedAt, estimates.get(file) ?? 0);
    else await importLinesFile(run, file, text, fetchedAt);
    if (options.signal?.aborted) break;
    cursor.files.push(file);
    cursor.current = null;
    await checkpoint();
    job.tick();
  }
  const completed = !options.signal?.aborted || cursor.files.length === files.length;
  if (completed && !dryRun) await jobs.put(jobId, { status: 'done', startedAt });
  return job.finish({ completed, resumed });
}
