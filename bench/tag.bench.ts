/**
 * pnpm bench:tag [--corpus DIR] [--set FILE] [--rounds R] [--no-pin]
 *
 * Throughput of `tagger.tag` (subjects, topics, states, people, organisations and pairs) on one
 * core, on real text: the news-sections corpus (real articles in de/en/fr/es, as publishers wrote
 * them) and the devset (wire copy in all five languages, Russian included).
 *
 * The articles are shuffled (fixed seed) and split in two. Each round builds a new tagger from the
 * parsed rules, tags the first half untimed (the worker has been running: JIT compiled, common
 * words cached), then times:
 * - cold: the second half, text this tagger has never seen, so every new word form is analysed
 *   (stems, lexicon look-ups) as it would be in a live feed;
 * - warm: the same second half again, every word form now cached.
 * Only tag calls are timed (process CPU time); the median round is reported, since one round can
 * be slowed by other tenants of a shared machine. Peak RSS is the whole process's.
 *
 * The process re-executes itself under `taskset -c 0` (unless --no-pin or taskset is missing), so
 * JavaScript, GC and libuv threads share one core. Last line: JSON with articlesPerSec (warm),
 * coldArticlesPerSec, bytesPerArticle, articles and peakRssMB.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  createTagger,
  DEFAULT_TAXONOMY_PATH,
  loadGazetteer,
  parseTaxonomy,
  type TaggingInput,
} from '@wirestream/tagging';
import { pinToOneCore } from './support/pin.js';

const { values } = parseArgs({
  options: {
    corpus: {
      type: 'string',
      default: fileURLToPath(new URL('../../shared/corpora/news-sections', import.meta.url)),
    },
    set: {
      type: 'string',
      default: fileURLToPath(new URL('../../shared/devset/articles.jsonl', import.meta.url)),
    },
    rounds: { type: 'string', default: '5' },
    'no-pin': { type: 'boolean', default: false },
  },
});

pinToOneCore(values['no-pin'] ?? false);

const ROUNDS = Math.max(1, Number(values.rounds));
const say = (text: string): void => void process.stderr.write(`${text}\n`);
const readLines = (file: string): Record<string, string>[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, string>);

const files = [
  ...readdirSync(values.corpus!)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => join(values.corpus!, f)),
  values.set!,
];
const articles: TaggingInput[] = files.flatMap(readLines).map((a) => ({
  title: a['title'] ?? '',
  summary: a['summary'] ?? '',
  body: a['body'] ?? '',
  language: a['language']!,
}));
if (articles.length < 100) throw new Error(`too few articles in ${files.join(', ')}`);

// Deterministic, so runs compare.
let seed = 0x2545f491;
const random = (): number => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 0x1_0000_0000;
};
for (let i = articles.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [articles[i], articles[j]] = [articles[j]!, articles[i]!];
}
const seen = articles.slice(0, articles.length >> 1);
const unseen = articles.slice(articles.length >> 1);
const bytes = (a: TaggingInput): number =>
  Buffer.byteLength(a.title) + Buffer.byteLength(a.summary) + Buffer.byteLength(a.body);
const bytesPerArticle = Math.round(unseen.reduce((sum, a) => sum + bytes(a), 0) / unseen.length);
const languages = [...new Set(articles.map((a) => a.language))].sort();

const taxonomy = parseTaxonomy(readFileSync(DEFAULT_TAXONOMY_PATH, 'utf8'));
const gazetteer = loadGazetteer();
let sink = 0;
// The previous round's tagger is garbage by now; collect it before the clock starts, so a round
// pays for its own allocations, not for the last one's (run with --expose-gc, as `pnpm bench:tag` does).
const collect = (globalThis as { gc?: () => void }).gc ?? ((): void => {});
const cpuMs = (fn: () => void): number => {
  collect();
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

const cold: number[] = [];
const warm: number[] = [];
for (let r = 0; r <= ROUNDS; r++) {
  const tagger = createTagger(taxonomy, gazetteer);
  const tagAll = (list: readonly TaggingInput[]) => (): void => {
    for (const a of list) {
      const result = tagger.tag(a);
      sink += result.topics.length + result.subjects.length;
    }
  };
  tagAll(seen)();
  const c = cpuMs(tagAll(unseen));
  const w = cpuMs(tagAll(unseen));
  // Round 0 only warms up the JIT.
  if (r > 0) {
    cold.push(c);
    warm.push(w);
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const perSec = (ms: number): number => Math.round(unseen.length / (ms / 1000));
const articlesPerSec = perSec(median(warm));
const coldArticlesPerSec = perSec(median(cold));
const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
say(
  `${unseen.length} articles timed (${languages.join(', ')}; ${bytesPerArticle} bytes each on average), after ` +
    `${seen.length} others untimed, ${ROUNDS} rounds, each with a new tagger; ` +
    `cold CPU per round: ${cold.map((x) => x.toFixed(0)).join(', ')} ms; warm: ${warm.map((x) => x.toFixed(0)).join(', ')} ms ` +
    `(median cold ${coldArticlesPerSec}/s, warm ${articlesPerSec}/s); peak RSS ${peakRssMB} MB; checksum ${sink}`,
);
console.log(
  JSON.stringify({ articlesPerSec, coldArticlesPerSec, bytesPerArticle, articles: unseen.length, peakRssMB }),
);
