/**
 * pnpm bench:extract [--corpus DIR] [--rounds R] [--no-pin]
 *
 * Throughput of `extractArticle` (parse, metadata, main text, sanitised markup, wall checks,
 * language) on one core, over the article-extraction benchmark's 181 real pages (news and blog
 * pages of 20 KB to 1.5 MB, 170 KB on average). The pages are decompressed into memory before
 * any timing. Round 0 warms the JIT up and is not counted; each further round extracts every page
 * once and is timed in process CPU time; the median round is reported, since one round can be
 * slowed by other tenants of a shared machine. Peak RSS is the whole process's.
 *
 * The process re-executes itself under `taskset -c 0` (unless --no-pin or taskset is missing), so
 * JavaScript, GC and libuv threads share one core. Last line: JSON with pagesPerSec, pages,
 * mbPerSec and peakRssMB.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { extractArticle } from '@wirestream/extract';
import { pinToOneCore } from './support/pin.js';

const { values } = parseArgs({
  options: {
    corpus: {
      type: 'string',
      default: fileURLToPath(new URL('../../shared/corpora/article-extraction', import.meta.url)),
    },
    rounds: { type: 'string', default: '5' },
    'no-pin': { type: 'boolean', default: false },
  },
});

pinToOneCore(values['no-pin'] ?? false);

const ROUNDS = Math.max(1, Number(values.rounds));
const say = (text: string): void => void process.stderr.write(`${text}\n`);

const dir = join(values.corpus!, 'html');
const truth = JSON.parse(readFileSync(join(values.corpus!, 'ground-truth.json'), 'utf8')) as Record<
  string,
  { url?: string }
>;
const pages = readdirSync(dir)
  .filter((f) => f.endsWith('.html.gz'))
  .sort()
  .map((f) => {
    const id = f.slice(0, -'.html.gz'.length);
    const url = truth[id]?.url;
    return { html: gunzipSync(readFileSync(join(dir, f))).toString('utf8'), options: url ? { url } : {} };
  });
if (pages.length < 100) throw new Error(`too few pages in ${dir}`);
const bytes = pages.reduce((sum, p) => sum + Buffer.byteLength(p.html), 0);

let sink = 0;
// The previous round's garbage is collected before the clock starts (run with --expose-gc, as
// `pnpm bench:extract` does), so a round pays for its own allocations.
const collect = (globalThis as { gc?: () => void }).gc ?? ((): void => {});
const cpuMs = (fn: () => void): number => {
  collect();
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

const rounds: number[] = [];
for (let r = 0; r <= ROUNDS; r++) {
  const ms = cpuMs(() => {
    for (const p of pages) sink += extractArticle(p.html, p.options).text.length;
  });
  // Round 0 only warms up the JIT.
  if (r > 0) rounds.push(ms);
}
const median = [...rounds].sort((a, b) => a - b)[Math.floor(rounds.length / 2)]!;
const pagesPerSec = Math.round(pages.length / (median / 1000));
const mbPerSec = Math.round((bytes / 1e6 / (median / 1000)) * 10) / 10;
const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
say(
  `${pages.length} pages (${(bytes / 1e6).toFixed(1)} MB of HTML, decompressed beforehand), ${ROUNDS} rounds; ` +
    `CPU per round: ${rounds.map((x) => x.toFixed(0)).join(', ')} ms (median ${median.toFixed(0)} ms: ` +
    `${pagesPerSec} pages/s, ${mbPerSec} MB/s); peak RSS ${peakRssMB} MB; checksum ${sink}`,
);
console.log(JSON.stringify({ pagesPerSec, pages: pages.length, mbPerSec, peakRssMB }));
