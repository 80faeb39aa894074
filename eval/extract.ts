/**
 * pnpm eval:extract [--corpus DIR] [--half development|held-out] [--verbose] [--tool wirestream|readability]
 *                   [--published]
 *
 * Main-text extraction scored against the article-extraction benchmark (Zyte/Scrapinghub, 181 real
 * pages with ground-truth article bodies), exactly as the benchmark scores it: 4-token shingles,
 * per-page normalisation, mean precision and mean recall over pages, F1 from the two means (see
 * `@wirestream/extract/score` and the corpus README).
 *
 * The pages are split in two by a stable hash of the page's site (SHA-256 of a fixed salt and the
 * host of its ground-truth URL; both pages of a site fall in the same half, so that a site seen
 * while developing never counts as held out):
 * - development (in-sample): the extractor's rules were developed looking at these pages;
 * - held-out (out-of-sample): not developed on. Its figure was first taken without looking at any
 *   of its pages (F1 0.931); then only its pages below F1 0.5 (six) were inspected, once, to
 *   document them, and the generic causes found there were fixed (see packages/extract/README.md).
 * Both halves and the whole corpus are printed. The last line is one JSON object: the whole corpus'
 * pages, precision, recall, f1, accuracy and pagesPerSec (extraction only, one thread, wall clock,
 * pages already decompressed), then heldOut and development with the same figures.
 *
 * --tool readability runs @mozilla/readability 0.6 on a linkedom DOM through the same harness
 * (its `textContent`, as upstream's readability_js runner prints it).
 * --published scores the extractor outputs the corpus ships (`output/*.json`), to check this scorer
 * against the figures upstream published (e.g. trafilatura F1 0.958, readability_js 0.947).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { extractArticle } from '@wirestream/extract';
import { scoreCorpus, scorePage, type CorpusScore, type PageScore } from '@wirestream/extract/score';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: '../shared/corpora/article-extraction' },
    half: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    tool: { type: 'string', default: 'wirestream' },
    published: { type: 'boolean', default: false },
  },
});

type Half = 'development' | 'held-out';
const corpus = values.corpus!;
if (!existsSync(join(corpus, 'ground-truth.json'))) {
  console.error(`no ground-truth.json in ${corpus}`);
  process.exit(2);
}
if (values.half !== undefined && values.half !== 'development' && values.half !== 'held-out') {
  console.error('--half must be development or held-out');
  process.exit(2);
}
if (values.tool !== 'wirestream' && values.tool !== 'readability') {
  console.error('--tool must be wirestream or readability');
  process.exit(2);
}

const truth = JSON.parse(readFileSync(join(corpus, 'ground-truth.json'), 'utf8')) as Record<
  string,
  { articleBody?: string; url?: string }
>;

/**
 * Stable split: the first byte of SHA-256 over a fixed salt and the page's host (the page id when
 * there is no URL). Grouping by site keeps a site's second page out of the other half.
 */
function halfOf(id: string, url: string | undefined): Half {
  let key = id;
  try {
    if (url) key = new URL(url).hostname.replace(/^www\./, '');
  } catch {
    // not a URL: the page id it is
  }
  return createHash('sha256').update(`wirestream-extract:${key}`).digest()[0]! < 128
    ? 'development'
    : 'held-out';
}

const ids = Object.keys(truth).sort();
const halves = new Map(ids.map((id) => [id, halfOf(id, truth[id]!.url)]));
const LABEL: Record<Half, string> = {
  development: "development half (in-sample: wirestream's rules were developed on it)",
  'held-out': 'held-out half (out of sample but for 6 pages inspected; F1 0.931 before any was seen)',
};
const fmt = (x: number): string => x.toFixed(3);
const line = (name: string, s: CorpusScore): string =>
  `${name.padEnd(68)} pages ${String(s.pages).padStart(3)}  P ${fmt(s.precision)}  R ${fmt(s.recall)}  ` +
  `F1 ${fmt(s.f1)}  acc ${fmt(s.accuracy)}`;
const summary = (s: CorpusScore): Record<string, number> => ({
  pages: s.pages,
  precision: Number(fmt(s.precision)),
  recall: Number(fmt(s.recall)),
  f1: Number(fmt(s.f1)),
  accuracy: Number(fmt(s.accuracy)),
});

if (values.published) {
  // Published point values from the upstream README (RESULTS-from-upstream-README.txt).
  const PUBLISHED: Record<string, [number, number, number, number]> = {
    readability_js: [0.947, 0.914, 0.982, 0.166],
    trafilatura: [0.958, 0.938, 0.978, 0.293],
    newspaper: [0.949, 0.964, 0.934, 0.326],
    goose3: [0.896, 0.94, 0.856, 0.232],
    readability: [0.922, 0.913, 0.931, 0.315],
    go_readability: [0.934, 0.9, 0.971, 0.188],
    'html-text': [0.665, 0.5, 0.994, 0],
  };
  const dir = join(corpus, 'output');
  let mismatches = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const name = file.slice(0, -5);
    const raw = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
    const out = (raw['output'] ?? raw) as Record<string, { articleBody?: string }>;
    const page = (id: string): PageScore =>
      scorePage(truth[id]!.articleBody ?? '', out[id]?.articleBody ?? '');
    const s = scoreCorpus(ids.map(page));
    const half = (h: Half): string => fmt(scoreCorpus(ids.filter((id) => halves.get(id) === h).map(page)).f1);
    const pub = PUBLISHED[name];
    const ours = [s.f1, s.precision, s.recall, s.accuracy].map(fmt);
    const same = pub ? pub.every((v, i) => fmt(v) === ours[i]) : undefined;
    if (same === false) mismatches++;
    console.log(
      `${name.padEnd(16)} F1 ${ours[0]}  P ${ours[1]}  R ${ours[2]}  acc ${ours[3]}` +
        (pub ? `   published ${pub.map(fmt).join(' / ')}  ${same ? 'same' : 'DIFFERENT'}` : '') +
        `   (F1 development ${half('development')}, held-out ${half('held-out')})`,
    );
  }
  console.log(JSON.stringify({ outputs: 'checked', mismatches }));
  process.exit(mismatches === 0 ? 0 : 1);
}

const selected = ids.filter((id) => values.half === undefined || halves.get(id) === values.half);
const pages = selected.map((id) => ({
  id,
  html: gunzipSync(readFileSync(join(corpus, 'html', `${id}.html.gz`))).toString('utf8'),
}));

type Extractor = (html: string, url: string | undefined) => { text: string; note: string };
async function makeExtractor(): Promise<Extractor> {
  if (values.tool === 'readability') {
    const { Readability } = await import('@mozilla/readability');
    const { parseHTML } = await import('linkedom');
    return (html) => {
      const { document } = parseHTML(html);
      const article = new Readability(
        document as unknown as ConstructorParameters<typeof Readability>[0],
      ).parse();
      return { text: article?.textContent ?? '', note: article ? '' : 'no article' };
    };
  }
  return (html, url) => {
    const a = extractArticle(html, url ? { url } : {});
    const note = [
      a.extraction.method,
      `conf ${a.extraction.confidence.toFixed(2)}`,
      a.paywalled ? `paywalled (${a.paywallReason})` : '',
      a.language ?? '',
    ]
      .filter(Boolean)
      .join(', ');
    return { text: a.text, note };
  };
}

/**
 * Pages known to score below 0.5, and why. Only reasons that hold for any extractor belong here
 * (ground truth the page does not show, a page that is not an article); everything else is a bug
 * to fix. None at present; a page that falls below 0.5 is listed as "undocumented" with a guess.
 */
const KNOWN_LOW: Record<string, string> = {};

const extract = await makeExtractor();
const scores: { id: string; half: Half; score: PageScore; note: string; words: [number, number] }[] = [];
let elapsed = 0;
for (const page of pages) {
  const url = truth[page.id]!.url;
  const start = process.hrtime.bigint();
  const { text, note } = extract(page.html, url);
  elapsed += Number(process.hrtime.bigint() - start) / 1e9;
  const gt = truth[page.id]!.articleBody ?? '';
  const score = scorePage(gt, text);
  const words: [number, number] = [
    (gt.match(/[\p{L}\p{N}_]+/gu) ?? []).length,
    (text.match(/[\p{L}\p{N}_]+/gu) ?? []).length,
  ];
  scores.push({ id: page.id, half: halves.get(page.id)!, score, note, words });
}

if (values.verbose) {
  console.log(
    'page                                                              half  P     R     F1    words(truth/got)  notes',
  );
  for (const s of scores) {
    console.log(
      `${s.id} ${s.half === 'development' ? 'dev ' : 'held'}  ${fmt(s.score.precision)} ${fmt(s.score.recall)} ` +
        `${fmt(s.score.f1)} ${String(s.words[0]).padStart(6)}/${String(s.words[1]).padEnd(6)}  ${s.note}`,
    );
  }
  console.log('');
}

const low = scores.filter((s) => s.score.f1 < 0.5);
if (low.length > 0) {
  console.log(`pages below F1 0.5 (${low.length}):`);
  for (const s of low) {
    const auto =
      s.words[1] === 0
        ? 'nothing extracted'
        : s.score.precision < 0.5 && s.score.recall >= 0.5
          ? 'extra text (low precision)'
          : s.score.recall < 0.5 && s.score.precision >= 0.5
            ? 'missed text (low recall)'
            : 'wrong block';
    console.log(
      `  ${s.id} (${s.half}) F1 ${fmt(s.score.f1)}: ${KNOWN_LOW[s.id] ?? `undocumented: ${auto}`}; ${s.note}`,
    );
  }
} else {
  console.log('pages below F1 0.5: none');
}

const tool = values.tool === 'readability' ? '@mozilla/readability 0.6 + linkedom' : 'wirestream extract';
console.log(`\n${tool} on ${corpus}`);
const byHalf = (h: Half): CorpusScore => scoreCorpus(scores.filter((s) => s.half === h).map((s) => s.score));
const dev = byHalf('development');
const held = byHalf('held-out');
const whole = scoreCorpus(scores.map((s) => s.score));
if (dev.pages > 0) console.log(line(LABEL.development, dev));
if (held.pages > 0) console.log(line(LABEL['held-out'], held));
console.log(line(values.half ? `selected (${values.half})` : 'whole corpus', whole));
const pagesPerSec = Math.round(pages.length / elapsed);
console.log(`extraction: ${pagesPerSec} pages/s (wall clock, one thread, pages decompressed beforehand)`);
console.log(
  JSON.stringify({
    tool: values.tool,
    ...summary(whole),
    pagesPerSec,
    heldOut: held.pages > 0 ? summary(held) : null,
    development: dev.pages > 0 ? summary(dev) : null,
    below05: low.length,
  }),
);
