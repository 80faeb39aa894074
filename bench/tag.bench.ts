/**
 * pnpm bench:tag [--set FILE] [--articles N] [--bytes B] [--rounds R] [--no-pin]
 *
 * Throughput of `tagger.tag` on one core, for wire copy of about B bytes (default 2048, UTF-8,
 * headline + teaser + body). The corpus is built from the devset (all five languages): each
 * article keeps its own headline and teaser, and its body is padded with paragraphs of other
 * articles in the same language (or cut at a paragraph) until it reaches the size, with its
 * paragraphs rotated and its figures changed, so that word forms recur as in a real feed but no two
 * articles are the same. Only the tag calls are timed (process CPU time, after a warm-up over the
 * whole corpus); building the corpus and loading the taxonomy are not. The corpus is tagged R times
 * and the median round is reported: on a shared machine one round can be slowed by other tenants.
 *
 * The process re-executes itself under `taskset -c 0` (unless --no-pin or taskset is missing), so
 * JavaScript, GC and libuv threads share one core. Last line: JSON with articlesPerSec and
 * bytesPerArticle.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadTagger, type TaggingInput } from '@wirestream/tagging';
import { pinToOneCore } from './support/pin.js';

const { values } = parseArgs({
  options: {
    set: {
      type: 'string',
      default: fileURLToPath(new URL('../../shared/devset/articles.jsonl', import.meta.url)),
    },
    articles: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '5' },
    bytes: { type: 'string', default: '2048' },
    'no-pin': { type: 'boolean', default: false },
  },
});

pinToOneCore(values['no-pin'] ?? false);

const COUNT = Number(values.articles);
const ROUNDS = Math.max(1, Number(values.rounds));
const TARGET = Number(values.bytes);
const say = (text: string): void => void process.stderr.write(`${text}\n`);

interface Source {
  language: string;
  title: string;
  summary: string;
  paragraphs: string[];
}

const sources: Source[] = readFileSync(values.set, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as { language: string; title: string; summary: string; body: string })
  .map((a) => ({
    language: a.language,
    title: a.title,
    summary: a.summary,
    paragraphs: a.body.split(/\n\s*\n/).filter((p) => p.trim() !== ''),
  }));
if (sources.length === 0) throw new Error(`no articles in ${values.set}`);
const byLanguage = new Map<string, Source[]>();
for (const s of sources) byLanguage.set(s.language, [...(byLanguage.get(s.language) ?? []), s]);

// Deterministic, so runs compare.
let seed = 0x2545f491;
const random = (): number => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 0x1_0000_0000;
};
const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

function variant(i: number): TaggingInput {
  const base = sources[i % sources.length]!;
  const peers = byLanguage.get(base.language)!;
  const shift = Math.floor(random() * base.paragraphs.length);
  const paragraphs = [...base.paragraphs.slice(shift), ...base.paragraphs.slice(0, shift)];
  let size = bytes(base.title) + bytes(base.summary) + bytes(paragraphs.join('\n\n'));
  for (let k = 0; size < TARGET && k < 50; k++) {
    const peer = peers[Math.floor(random() * peers.length)]!;
    const p = peer.paragraphs[Math.floor(random() * peer.paragraphs.length)]!;
    paragraphs.push(p);
    size += bytes(p) + 2;
  }
  while (paragraphs.length > 1 && size - bytes(paragraphs.at(-1)!) - 2 >= TARGET * 0.9) {
    size -= bytes(paragraphs.pop()!) + 2;
  }
  // New figures in every copy: feeds carry fresh numbers and dates, which are new word forms.
  const body = paragraphs.join('\n\n').replace(/\d+/g, () => String(Math.floor(random() * 10_000)));
  return { title: base.title, summary: base.summary, body, language: base.language };
}

const corpus = Array.from({ length: COUNT }, (_, i) => variant(i));
const totalBytes = corpus.reduce((sum, a) => sum + bytes(a.title) + bytes(a.summary) + bytes(a.body), 0);
const languages = [...new Set(corpus.map((a) => a.language))].sort();

const tagger = loadTagger();
let sink = 0;
const run = (): void => {
  for (const article of corpus) sink += tagger.tag(article).topics.length;
};

run(); // warm-up: JIT, word caches
const rounds: { cpuMs: number; wallMs: number }[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  run();
  const used = process.cpuUsage(cpu);
  rounds.push({
    cpuMs: (used.user + used.system) / 1000,
    wallMs: Number(process.hrtime.bigint() - wall) / 1e6,
  });
}
const sorted = [...rounds].sort((a, b) => a.cpuMs - b.cpuMs);
const median = sorted[Math.floor(sorted.length / 2)]!;
const perSec = (ms: number): number => Math.round(COUNT / (ms / 1000));

const articlesPerSec = perSec(median.cpuMs);
const bytesPerArticle = Math.round(totalBytes / COUNT);
say(
  `${COUNT} articles (${languages.join(', ')}), ${bytesPerArticle} bytes each on average, ${ROUNDS} rounds; ` +
    `tag CPU per round: ${rounds.map((r) => r.cpuMs.toFixed(0)).join(', ')} ms ` +
    `(best ${perSec(sorted[0]!.cpuMs)}/s, median ${articlesPerSec}/s, ` +
    `${((median.cpuMs / COUNT) * 1000).toFixed(1)} µs/article; median wall ${median.wallMs.toFixed(0)} ms; checksum ${sink})`,
);
console.log(JSON.stringify({ articlesPerSec, bytesPerArticle }));
