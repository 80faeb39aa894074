/**
 * pnpm bench:dedupe [--window N] [--articles M] [--concurrency C] [--sequential S] [--no-pin] [--no-stories]
 *
 * The dedupe step as the enricher runs it (MinHash signature from tokens, content hash, then
 * dedupeArticle: RedisDedupeIndex.lookup, decide, save) against the configured Redis (REDIS_URL, default local),
 * with N articles (default 100,000) already in the window. The window is filled through the same
 * path, so its band sets look like production ones. Every article carries a story signature (what
 * survives translation: states, topic, figures, names, dates; synthetic, drawn like real ones) and
 * its story keys, so the cross-lingual story keys are looked up and written as in production, with
 * publication times spread over a week. Then M fresh articles (about 60% new stories, 20% exact
 * copies under other URLs, 10% near copies: last paragraph cut, agency boilerplate added, 10%
 * reports of a recent story in another language: another text, most of the same facts) are timed: once with C articles in flight (as a worker would run them with ioredis autopipelining)
 * and once strictly one after another, for comparison. Every decision of the timed run is checked.
 *
 * The process re-executes itself under `taskset -c 0` (unless --no-pin or taskset is missing), so
 * all JavaScript, GC and libuv threads share one core; Redis runs in its own process.
 *
 * Round trips are counted on the client by wrapping ioredis' sendCommand: one request/reply
 * exchange is one command, except that a MULTI…EXEC block counts once (it is written together and
 * answered together). The index sends the lookups (and the saves) made in one turn of the event loop
 * as one script call, so with C articles in flight an article costs less than one round trip; one
 * after another it costs two (lookup, save). Commands executed inside the Lua scripts are not round
 * trips; the server-side count (INFO commandstats deltas, which include them and any other client's
 * traffic) is printed for reference, and so is the growth of Redis' used memory per article while
 * the window fills. Last line: JSON with articlesPerSec, redisRoundTripsPerArticle, windowSize.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  bandKeys,
  contentHashOf,
  dedupeArticle,
  minhashSignature,
  type DedupeDecision,
  type DedupeFacts,
} from '@wirestream/dedupe';
import { compareStories, storyPlacement, type StorySignature } from '@wirestream/story';
import { createLogger, createRedis, loadConfig, type Redis } from '@wirestream/runtime';
import { RedisDedupeIndex } from '@wirestream/runtime/enrichment';
import { pinToOneCore } from './support/pin.js';

const { values } = parseArgs({
  options: {
    window: { type: 'string', default: '100000' },
    articles: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '32' },
    sequential: { type: 'string', default: '2000' },
    'no-pin': { type: 'boolean', default: false },
    'no-stories': { type: 'boolean', default: false },
  },
});

pinToOneCore(values['no-pin'] ?? false);

const WINDOW = Number(values.window);
const MEASURED = Number(values.articles);
const CONCURRENCY = Number(values.concurrency);
const SEQUENTIAL = Number(values.sequential);
/** --no-stories: articles without story signatures, as before cross-lingual linking (for comparison). */
const STORIES = !values['no-stories'];
const say = (text: string): void => void process.stderr.write(`${text}\n`);

// ---- synthetic corpus -------------------------------------------------------------------------

/** mulberry32: small, seeded, good enough to make text. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// 20 syllables → 160,000 three-syllable content words, plus function words that recur in every text,
// as "the", "of", "said" do: unrelated stories share almost no word trigrams, like real ones.
const SYLLABLES = 'ba ce di fo gu ha ki lo mu na pe ri so tu va we xi yo za ru'.split(' ');
const CONTENT = SYLLABLES.flatMap((a) =>
  SYLLABLES.flatMap((b) => SYLLABLES.flatMap((c) => SYLLABLES.map((d) => `${a}${b}${c}${d}`))),
);
const FUNCTION = 'the of and to in a said on for that with as by at from was is it has were'.split(' ');
const BOILERPLATE =
  'copyright example wire all rights reserved reporting by the desk editing by the night editor';

function story(seed: number): string[][] {
  const next = prng(seed);
  const paragraphs: string[][] = [];
  const count = 4 + Math.floor(next() * 3);
  for (let p = 0; p < count; p++) {
    const words: string[] = [];
    const length = 50 + Math.floor(next() * 40);
    for (let w = 0; w < length; w++)
      words.push(
        next() < 0.3
          ? FUNCTION[Math.floor(next() * FUNCTION.length)]!
          : CONTENT[Math.floor(next() * CONTENT.length)]!,
      );
    paragraphs.push(words);
  }
  return paragraphs;
}

type Kind = 'new' | 'exact' | 'near' | 'translation';
interface Article {
  index: number;
  kind: Kind;
  /** The article this one copies, for copies. */
  of: number | null;
  articleId: string;
  itemKey: string;
  tokens: string[];
  body: string;
  story: StorySignature;
}

/** What article i is: a new story or a copy of an earlier article; deterministic in i. */
function plan(i: number): { kind: Kind; of: number | null } {
  const next = prng(i * 7919 + 17);
  const roll = next();
  if (i < 50 || roll >= 0.4) return { kind: 'new', of: null };
  // Another agency's report in another language follows the story within minutes.
  if (roll >= 0.3) return { kind: 'translation', of: Math.max(0, i - 1 - Math.floor(next() * 40)) };
  // Half the copies follow their original closely (workers race on them), half come from deep in the window.
  const of = next() < 0.5 ? Math.max(0, i - 1 - Math.floor(next() * 40)) : Math.floor(next() * i);
  return { kind: roll < 0.2 ? 'exact' : 'near', of };
}

function paragraphsOf(i: number): string[][] {
  const { kind, of } = plan(i);
  if (of === null || kind === 'translation') return story(i);
  const original = paragraphsOf(of);
  return kind === 'exact' ? original : [...original.slice(0, -1), BOILERPLATE.split(' ')];
}

// ---- synthetic story signatures ---------------------------------------------------------------

const LANGUAGES = ['de', 'en', 'fr', 'es', 'ru'];
// States by how often wire copy is about them: a few very often, most rarely.
const STATES =
  'US RU UA CN DE FR GB IL IR TR JP IN BR PL IT ES KR KP SA EG ZA NG KE AR MX CA AU PK AF SY IQ VE CO PE CL KZ AZ AM GE RS HU'.split(
    ' ',
  );
const TOPICS =
  'sanctions bilateral-relations diplomacy energy trade transport-logistics aviation-accident arrest-detention armed-conflict elections economy-markets media-freedom justice-courts natural-disaster health cyber'.split(
    ' ',
  );
const CONSONANTS = 'BDFGKLMNPRSTVZ456789';
/** One article per WINDOW spread over a week of publication times, as a real window holds. */
const SPACING_MS = (7 * 86_400_000) / 100_000;
const BASE_MS = Date.parse('2026-06-01T00:00:00Z');

function storySignature(i: number): StorySignature {
  const { kind, of } = plan(i);
  const at = BASE_MS + i * SPACING_MS;
  if (of !== null && kind !== 'translation') return { ...storySignature(of), at };
  if (of !== null) return translated(storySignature(of), i, at);
  const next = prng(i * 104729 + 7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() ** 2 * list.length)]!;
  const states = [...new Set([pick(STATES), ...(next() < 0.4 ? [pick(STATES)] : [])])].sort();
  const figures: StorySignature['figures'] = [];
  for (let f = 4 + Math.floor(next() * 8); f > 0; f--) {
    const roll = next();
    const [key, kind] =
      roll < 0.15
        ? [
            `t${String(Math.floor(next() * 24)).padStart(2, '0')}:${String(Math.floor(next() * 60)).padStart(2, '0')}`,
            'time' as const,
          ]
        : roll < 0.3
          ? [String(Math.round(next() * 1000) / 10), 'decimal' as const]
          : roll < 0.5
            ? [String(2 + Math.floor(next() * 11)), 'small' as const]
            : [String(13 + Math.floor(next() * 99_987)), 'number' as const];
    figures.push([key, key, kind]);
  }
  const names: StorySignature['names'] = [];
  for (let n = 1 + Math.floor(next() * 5); n > 0; n--) {
    let key = '';
    for (let c = 3 + Math.floor(next() * 4); c > 0; c--)
      key += CONSONANTS[Math.floor(next() * CONSONANTS.length)];
    names.push([key, key, 'name']);
  }
  const day = new Date(at).toISOString().slice(0, 10);
  return {
    v: 1,
    lang: LANGUAGES[Math.floor(next() * LANGUAGES.length)]!,
    at,
    countries: states,
    mentioned: [],
    topics: [pick(TOPICS)],
    subjects: ['politics'],
    people: [],
    orgs: [['office:government', 'government']],
    names,
    figures,
    dates: [[day, day]],
    leadDates: [day],
  };
}

/** The same story told by another agency in another language: most facts kept, a few its own. */
function translated(original: StorySignature, i: number, at: number): StorySignature {
  const next = prng(i * 15485863 + 3);
  const keep = <T>(list: readonly T[]): T[] => list.filter(() => next() < 0.8);
  const lang = LANGUAGES.filter((l) => l !== original.lang)[Math.floor(next() * 4)]!;
  return {
    ...original,
    lang,
    at,
    figures: [...keep(original.figures), [String(13 + Math.floor(next() * 99_987)), 'x', 'number']],
    names: keep(original.names),
  };
}

function article(i: number, runSalt: string): Article {
  const tokens = paragraphsOf(i).flat();
  const id = `${runSalt}${i.toString(16).padStart(8, '0')}`;
  return {
    index: i,
    ...plan(i),
    articleId: `a-${id}`,
    itemKey: `i-${id}`,
    tokens,
    body: tokens.join(' '),
    story: storySignature(i),
  };
}

// ---- the step under test ----------------------------------------------------------------------

const config = loadConfig({
  overrides: {
    redis: { keyPrefix: `bench-dedupe-${randomBytes(4).toString('hex')}.` },
    // Keys of an interrupted run vanish within two hours; the window size in articles is what matters here.
    enricher: { dedupeWindowDays: 1 / 12 },
    log: { level: 'warn' },
  },
});
const redis = createRedis(config.redis, createLogger('warn'));
await redis.connect();
const index = new RedisDedupeIndex(redis, config);
const decideOptions = { nearDuplicateThreshold: config.enricher.nearDuplicateThreshold };

async function dedupeStep(a: Article): Promise<DedupeDecision> {
  const signature = minhashSignature(a.tokens);
  const facts: DedupeFacts = {
    articleId: a.articleId,
    itemKey: a.itemKey,
    contentHash: contentHashOf({ title: '', summary: '', body: a.body }),
    signature,
    bandKeys: bandKeys(signature),
    ...(STORIES ? { story: { signature: a.story, ...storyPlacement(a.story) } } : {}),
  };
  return dedupeArticle(index, facts, decideOptions);
}

async function runAll(
  articles: readonly Article[],
  concurrency: number,
  out: Map<number, DedupeDecision>,
): Promise<void> {
  let nextIndex = 0;
  const worker = async (): Promise<void> => {
    while (nextIndex < articles.length) {
      const a = articles[nextIndex++]!;
      out.set(a.index, await dedupeStep(a));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * The index keeps bands in one hash per generation (window-long, by the Redis clock) and reads the
 * current and the previous one. In a deployment both are full; a fresh benchmark prefix has only the
 * current one, and probing a missing hash costs next to nothing. A copy of the filled generation under
 * the previous generation's name makes every lookup probe two full hashes, as in production. (This
 * knows the index's key layout; see services/runtime/src/enrichment/redis-dedupe-index.ts.)
 */
async function fillPreviousGeneration(): Promise<void> {
  const windowMs = Math.ceil(config.enricher.dedupeWindowDays * 86_400) * 1000;
  const [seconds, micros] = await redis.time();
  const generation = Math.floor((Number(seconds) * 1000 + Math.floor(Number(micros) / 1000)) / windowMs);
  const bands = (g: number): string => `${config.redis.keyPrefix}dd2:bands:${g}`;
  if ((await redis.exists(bands(generation))) === 0) return say('no band hash of this generation to copy');
  // HSCAN in steps rather than one COPY, which would hold the shared Redis for a second or more.
  let cursor = '0';
  do {
    const [next, fields] = await redis.hscan(bands(generation), cursor, 'COUNT', 2000);
    cursor = next;
    if (fields.length) await redis.hset(bands(generation - 1), ...fields);
  } while (cursor !== '0');
  await redis.pexpire(bands(generation - 1), 2 * windowMs);
  say(`previous band generation: ${await redis.hlen(bands(generation - 1))} bands`);
}

// ---- counting ---------------------------------------------------------------------------------

const sent = { commands: 0, exchanges: 0 };
type SendCommand = Redis['sendCommand'];
const originalSend: SendCommand = redis.sendCommand.bind(redis);
redis.sendCommand = ((command: { name: string; inTransaction?: boolean }, ...rest: unknown[]) => {
  sent.commands++;
  if (command.name === 'exec' || (command.name !== 'multi' && !command.inTransaction)) sent.exchanges++;
  return (originalSend as (...args: unknown[]) => unknown)(command, ...rest);
}) as unknown as SendCommand;

/** Calls per command, and microseconds under the key `usec:<command>`, from INFO commandstats. */
async function serverCalls(): Promise<Map<string, number>> {
  const text = await redis.info('commandstats');
  const calls = new Map<string, number>();
  for (const m of text.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
    calls.set(m[1]!, Number(m[2]));
    calls.set(`usec:${m[1]!}`, Number(m[3]));
  }
  return calls;
}

function diff(after: Map<string, number>, before: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, n] of after)
    if (n - (before.get(name) ?? 0) > 0) out.set(name, n - (before.get(name) ?? 0));
  return out;
}

async function measure(articles: readonly Article[], concurrency: number) {
  const decisions = new Map<number, DedupeDecision>();
  const before = { ...sent };
  const serverBefore = await serverCalls();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await runAll(articles, concurrency, decisions);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const server = diff(await serverCalls(), serverBefore);
  const n = articles.length;
  return {
    decisions,
    articlesPerSec: n / seconds,
    cpuMsPerArticle: (used.user + used.system) / 1000 / n,
    roundTrips: (sent.exchanges - before.exchanges) / n,
    commands: (sent.commands - before.commands) / n,
    server,
  };
}

// ---- checking ---------------------------------------------------------------------------------

/** The article an article was made from, first of all: one event, whatever the copies and reports. */
function rootOf(i: number): number {
  let j = i;
  while (plan(j).of !== null) j = plan(j).of!;
  return j;
}

/** The generator's index of an article id (`a-<salt><index, 8 hex digits>`). */
const indexOf = (articleId: string): number => Number.parseInt(articleId.slice(-8), 16);

/** Every decision of a timed run against what the generator made; returns the mistakes. */
function check(
  articles: readonly Article[],
  decisions: Map<number, DedupeDecision>,
  storyOf: (i: number) => string | undefined,
): string[] {
  const mistakes: string[] = [];
  const winners = new Map<string, number>();
  for (const a of articles) {
    const d = decisions.get(a.index)!;
    if (d.status === 'unique') winners.set(a.body, (winners.get(a.body) ?? 0) + 1);
    if (a.kind === 'new' && d.status !== 'unique') mistakes.push(`${a.index} new story decided ${d.status}`);
    if (a.kind === 'translation' && STORIES) {
      // A report that keeps too few of the facts is rightly not linked; one the match links must be
      // found when its original owns its text (a copy's text may be owned by an older copy, outside
      // the story window: then not linking it is right).
      const owns = plan(a.of!).kind === 'new' || plan(a.of!).kind === 'translation';
      const linkable = owns && compareStories(a.story, storySignature(a.of!)).linked;
      if (d.status !== 'same-story' && linkable)
        mistakes.push(`${a.index} report of ${a.of} in another language decided ${d.status}`);
      else if (d.status === 'same-story' && rootOf(indexOf(d.evidence!.matched)) !== rootOf(a.index))
        mistakes.push(`${a.index} report of ${a.of} in another language linked to another event`);
    } else if (a.kind !== 'new' && a.kind !== 'translation') {
      const expected = storyOf(a.of!);
      if (d.status === 'unique') mistakes.push(`${a.index} ${a.kind} copy of ${a.of} decided unique`);
      else if (expected && d.storyId !== expected)
        mistakes.push(
          `${a.index} ${a.kind} copy of ${a.of} (${plan(a.of!).kind} of ${plan(a.of!).of}) joined another story: ${JSON.stringify({ ...d, save: null })} expected ${expected}`,
        );
    }
  }
  for (const [, n] of winners) if (n > 1) mistakes.push(`one text won ${n} times`);
  return mistakes;
}

// ---- run ----------------------------------------------------------------------------------------

const salt = randomBytes(3).toString('hex');
const stories = new Map<number, string>();
const remember = (decisions: Map<number, DedupeDecision>): void => {
  for (const [i, d] of decisions) stories.set(i, d.storyId);
};

const usedMemory = async (): Promise<number> =>
  Number(/^used_memory:(\d+)/m.exec(await redis.info('memory'))?.[1] ?? 0);

let result: Record<string, number> | null = null;
try {
  say(`filling the window with ${WINDOW} articles (${CONCURRENCY} in flight)…`);
  const memoryBefore = await usedMemory();
  const fillStarted = performance.now();
  const BATCH = 5000;
  for (let from = 0; from < WINDOW; from += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, WINDOW - from) }, (_, k) => article(from + k, salt));
    const decisions = new Map<number, DedupeDecision>();
    await runAll(batch, CONCURRENCY, decisions);
    remember(decisions);
  }
  // Includes whatever other clients stored meanwhile; on a quiet Redis it is the index alone.
  const bytesPerArticle = ((await usedMemory()) - memoryBefore) / WINDOW;
  say(
    `window filled in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s, ` +
      `${Math.round(bytesPerArticle)} bytes of Redis memory per article`,
  );
  await fillPreviousGeneration();

  const timed = Array.from({ length: MEASURED }, (_, k) => article(WINDOW + k, salt));
  const concurrent = await measure(timed, CONCURRENCY);
  const concurrentMistakes = check(
    timed,
    concurrent.decisions,
    (i) => stories.get(i) ?? concurrent.decisions.get(i)?.storyId,
  );
  remember(concurrent.decisions);

  const sequentialSet = Array.from({ length: SEQUENTIAL }, (_, k) => article(WINDOW + MEASURED + k, salt));
  const sequential = await measure(sequentialSet, 1);
  const sequentialMistakes = check(
    sequentialSet,
    sequential.decisions,
    (i) => stories.get(i) ?? sequential.decisions.get(i)?.storyId,
  );

  const kinds = timed.reduce<Record<string, number>>(
    (acc, a) => ({ ...acc, [a.kind]: (acc[a.kind] ?? 0) + 1 }),
    {},
  );
  const statuses = [...concurrent.decisions.values()].reduce<Record<string, number>>(
    (acc, d) => ({ ...acc, [d.status]: (acc[d.status] ?? 0) + 1 }),
    {},
  );
  const serverTotal = [...concurrent.server]
    .filter(([k]) => !k.startsWith('usec:'))
    .reduce((s, [, n]) => s + n, 0);
  // Time Redis spent executing our two exchanges (the script, inner calls included, and the transaction).
  const redisUsec =
    ((concurrent.server.get('usec:evalsha') ?? 0) + (concurrent.server.get('usec:exec') ?? 0)) / MEASURED;
  say(`timed articles: ${MEASURED} (${JSON.stringify(kinds)}); decisions ${JSON.stringify(statuses)}`);
  say(
    `${CONCURRENCY} in flight: ${concurrent.articlesPerSec.toFixed(0)} articles/s, ` +
      `${concurrent.cpuMsPerArticle.toFixed(3)} ms node CPU per article, ` +
      `${concurrent.roundTrips.toFixed(2)} round trips and ${concurrent.commands.toFixed(2)} commands per article, ` +
      `${concurrentMistakes.length} wrong decisions`,
  );
  say(
    `sequential: ${sequential.articlesPerSec.toFixed(0)} articles/s, ` +
      `${sequential.roundTrips.toFixed(2)} round trips per article, ${sequentialMistakes.length} wrong decisions`,
  );
  say(
    `server (INFO commandstats delta, includes calls made inside the Lua script and any other client): ` +
      `${(serverTotal / MEASURED).toFixed(1)} calls and ${redisUsec.toFixed(0)} µs of Redis time per article; top: ${[
        ...concurrent.server,
      ]
        .filter(([k]) => !k.startsWith('usec:'))
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([k, v]) => `${k} ${(v / MEASURED).toFixed(2)}`)
        .join(', ')}`,
  );
  for (const m of [...concurrentMistakes, ...sequentialMistakes].slice(0, 10)) say(`  ${m}`);
  result = {
    articlesPerSec: Math.round(concurrent.articlesPerSec),
    redisRoundTripsPerArticle: Number(concurrent.roundTrips.toFixed(2)),
    windowSize: WINDOW,
    storySignatures: STORIES ? 1 : 0,
    concurrency: CONCURRENCY,
    sequentialArticlesPerSec: Math.round(sequential.articlesPerSec),
    nodeCpuMsPerArticle: Number(concurrent.cpuMsPerArticle.toFixed(3)),
    commandsPerArticle: Number(concurrent.commands.toFixed(2)),
    serverCallsPerArticle: Number((serverTotal / MEASURED).toFixed(1)),
    redisUsecPerArticle: Math.round(redisUsec),
    redisBytesPerArticle: Math.round(bytesPerArticle),
    wrongDecisions: concurrentMistakes.length + sequentialMistakes.length,
  };
} finally {
  // In small steps: one UNLINK of ten thousand small keys held the shared Redis for tens of milliseconds.
  say('removing the benchmark keys…');
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.redis.keyPrefix}*`, 'COUNT', 2000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}
// Printed after the clean-up, so that it is the last line of the run.
if (result) console.log(JSON.stringify(result));
