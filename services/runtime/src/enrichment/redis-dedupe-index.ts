/**
 * The dedupe index in Redis, shared by every enricher replica and by replay jobs (the runtime's
 * enrichment I/O, @wirestream/runtime/enrichment; moved here from the enricher so that replay need
 * not reach into it). The decisions themselves are @wirestream/dedupe's.
 */
import type { WirestreamConfig } from '@wirestream/contract';
import {
  decodeSignature,
  encodeSignature,
  MAX_STORY_CANDIDATES,
  pendingClaim,
  STORY_HOLDERS,
  storyHour,
  type Candidate,
  type CopySightings,
  type DedupeFacts,
  type DedupeIndex,
  type IndexSnapshot,
  type StoredArticle,
  type StoryCandidate,
} from '@wirestream/dedupe';
import { decodeStory, encodeStory, STORY_WINDOW_MS } from '@wirestream/story';
import { redisKey, type Redis } from '../redis.js';

/*
 * Key layout, under `<keyPrefix>dd2:` (W is the dedupe window):
 *
 *   art:<articleId>      string: the stored decision as JSON, or `claim:<itemKey>` while the item that
 *                        claimed the id has not saved its decision yet. Expires W after the last lookup
 *                        or save.
 *   sig:<articleId>      string: the article's MinHash signature, once it owns its text. Expires W after
 *                        the last lookup.
 *   content:<hash>       string: the article that owns this normalised text. Expires after W.
 *   ssig:<articleId>     string: the article's story signature (JSON, see @wirestream/story), once it
 *                        owns its text. Expires W after the last lookup.
 *   story:<bucket>       hash: story key (a state and a figure, time or name: `AM|48`) → the last
 *                        STORY_HOLDERS articles that had it (`<id>@<language>@<publication hour>`),
 *                        most recent first, space-separated, for the bucket floor(publishedAt / 96 h)
 *                        (twice the story window). A lookup reads its bucket and the nearer one beside
 *                        it, and writes its own; each script call renews the TTL (W) of the hashes it
 *                        wrote, and a holder whose ssig: key has expired is no candidate.
 *   bands:<generation>   hash: band key → the last article that had the band, for the generation
 *                        floor(now / W) by the Redis clock. A lookup reads the current and the
 *                        previous generation and writes the current one, so a band is found for at
 *                        least W; older holders are dropped with their whole generation (UNLINK, freed
 *                        in the background, so dropping a big hash does not stall Redis), and a holder
 *                        whose sig: key has expired is no candidate any more.
 *
 * All values are plain strings of one allocation each and carry their TTL in the SET that writes
 * them; hashes with values this long would not stay in Redis' compact encoding. The scripts build
 * key names themselves, so the index needs one Redis server (or a primary with replicas), not Cluster.
 *
 * Earlier releases used `dd:` with one string key per band, and an art: hash with one field per
 * decision field. This layout uses new names, so the two never read each other's keys: running
 * enrichers of the old release keep working on theirs, and those all carry a TTL and simply expire.
 * (During a rolling upgrade, an article seen by both releases is decided by each on its own.)
 */

/**
 * Looks up a batch of articles in order, each as one atomic step: reads what is stored under the
 * article's id and claims the id when nothing is (SET … NX GET), claims its content hash (first writer
 * owns it) and, when it owns its text, stores its signature, reads and takes over its LSH bands and
 * returns the candidates with their signatures and entries. Articles of one batch see each other's
 * claims as if they had come one after another, so two enrichers racing on copies of one story cannot
 * both win.
 *
 * A band holds the last article that had it, not all of them, so a lookup costs the same whatever
 * the window size: per article 2 calls (3 for an exact copy), plus 4 when it owns its text (SET of
 * its signature, 2 HMGET and 1 HSET over all its bands; 5 when it was seen before) and 1 MGET per
 * candidate (at most ARGV[3]); per batch 2 or 3 (TIME, UNLINK, PEXPIREAT).
 *
 * When it owns its text and has a story signature, it also stores the signature, reads the reports
 * under its story keys in its time bucket and the nearer one beside it, in other languages and
 * within the story window, ranks them by how many keys found them (then by recency, as
 * MemoryDedupeIndex does), takes over the keys in its own bucket and returns the first ARGV[4] with
 * their signatures and entries: 3 calls (2 HMGET, 1 HSET over all its keys), plus SET of the
 * signature, plus 1 MGET per story candidate; per batch one PEXPIRE per story bucket written.
 *
 * ARGV[1] key prefix, ARGV[2] window in ms, ARGV[3] max candidates per article, ARGV[4] max story
 * candidates per article, ARGV[5] reports kept per story key, ARGV[6] the story window in hours,
 * then per article: article id, item key, content hash, encoded signature, the number of band keys n, the n band keys, the story signature ('' for none),
 * its language, its publication hour, its bucket and the neighbour bucket it reads, the number of
 * story keys m, the m story keys.
 * Reply per article: { stored value, content owner, owner's stored value,
 * { {candidate id, signature, stored value}, … }, { {story candidate id, story signature, stored
 * value}, … } } (false, i.e. nil, for what is missing).
 */
const LOOKUP = `
local prefix, window, max = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local maxStories, holders, hours = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local clock = redis.call('TIME')
local generation = math.floor((tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)) / window)
local function bandsKey(g) return prefix .. 'bands:' .. string.format('%.0f', g) end
local current, previous = bandsKey(generation), bandsKey(generation - 1)
redis.call('UNLINK', bandsKey(generation - 2))
local wroteBands = false
local replies = {}
local function storyKey(b) return prefix .. 'story:' .. string.format('%.0f', b) end
local touched = {}
-- Reads the reports under the story keys ARGV[first..last] in bucket b and its neighbour bucket nb
-- (each key holds the last ARGV[5] reports that had it, most recent first, as <id>@<lang>@<hour>),
-- keeps those in another language within ARGV[6] hours of the article's publication hour, ranks them by
-- the number of keys that found them (then first found first), and takes over the keys in bucket b.
local function stories(id, ssig, lang, hour, b, nb, first, last)
  redis.call('SET', prefix .. 'ssig:' .. id, ssig, 'PX', window)
  local own = storyKey(b)
  local lists = {
    redis.call('HMGET', own, unpack(ARGV, first, last)),
    redis.call('HMGET', storyKey(nb), unpack(ARGV, first, last)),
  }
  local me = id .. '@' .. lang .. '@' .. hour
  local hits, ids, writes = {}, {}, {}
  for i = 1, last - first + 1 do
    for l = 1, 2 do
      local value = lists[l][i]
      if value then
        for holder, holderLang, holderHour in string.gmatch(value, '(%S+)@(%S*)@(%d+)') do
          if holder ~= id and holderLang ~= lang and math.abs(tonumber(holderHour) - hour) <= hours then
            if hits[holder] then hits[holder] = hits[holder] + 1
            else hits[holder] = 1; ids[#ids + 1] = holder end
          end
        end
      end
    end
    local kept, n = me, 1
    if lists[1][i] then
      for entry, holder in string.gmatch(lists[1][i], '((%S+)@%S*@%d+)') do
        if holder ~= id and n < holders then kept = kept .. ' ' .. entry; n = n + 1 end
      end
    end
    writes[2 * i - 1] = ARGV[first + i - 1]
    writes[2 * i] = kept
  end
  redis.call('HSET', own, unpack(writes))
  touched[own] = true
  local order = {}
  for i, holder in ipairs(ids) do order[holder] = i end
  table.sort(ids, function(x, y)
    if hits[x] ~= hits[y] then return hits[x] > hits[y] end
    return order[x] < order[y]
  end)
  local found = {}
  for i = 1, math.min(#ids, maxStories) do
    local got = redis.call('MGET', prefix .. 'ssig:' .. ids[i], prefix .. 'art:' .. ids[i])
    if got[1] then found[#found + 1] = { ids[i], got[1], got[2] } end
  end
  return found
end
local a = 7
while a <= #ARGV do
  local id, item, content, sig = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3]
  local first, last = a + 5, a + 4 + tonumber(ARGV[a + 4])
  local ssig, lang, hour = ARGV[last + 1], ARGV[last + 2], tonumber(ARGV[last + 3])
  local bucket, neighbour = tonumber(ARGV[last + 4]), tonumber(ARGV[last + 5])
  local sfirst, slast = last + 7, last + 6 + tonumber(ARGV[last + 6])
  a = slast + 1
  -- Nothing under this id yet: claim it for this item now, so a second item with the same URL deciding
  -- at the same moment finds the claim instead of nothing; the save replaces it with the decision.
  local self = redis.call('SET', prefix .. 'art:' .. id, 'claim:' .. item, 'NX', 'GET', 'PX', window)
  local owner = redis.call('SET', prefix .. 'content:' .. content, id, 'NX', 'GET', 'PX', window) or id
  if owner ~= id then
    -- An exact copy: the first copy already stands for this text in the bands.
    replies[#replies + 1] = { self, owner, redis.call('GET', prefix .. 'art:' .. owner), {}, {} }
  else
    redis.call('SET', prefix .. 'sig:' .. id, sig, 'PX', window)
    -- Seen again (a redelivery, another feed linking the page): its decision stays as long as its signature.
    if self then redis.call('PEXPIRE', prefix .. 'art:' .. id, window) end
    local ids, seen = {}, {}
    if last >= first then
      local newer = redis.call('HMGET', current, unpack(ARGV, first, last))
      local older = redis.call('HMGET', previous, unpack(ARGV, first, last))
      local claims = {}
      for i = 1, last - first + 1 do
        local holder = newer[i] or older[i]
        if holder and holder ~= id and not seen[holder] and #ids < max then
          seen[holder] = true
          ids[#ids + 1] = holder
        end
        claims[2 * i - 1] = ARGV[first + i - 1]
        claims[2 * i] = id
      end
      redis.call('HSET', current, unpack(claims))
      wroteBands = true
    end
    local candidates = {}
    for _, other in ipairs(ids) do
      local got = redis.call('MGET', prefix .. 'sig:' .. other, prefix .. 'art:' .. other)
      if got[1] then candidates[#candidates + 1] = { other, got[1], got[2] } end
    end
    local storyCandidates = {}
    if ssig ~= '' and slast >= sfirst then storyCandidates = stories(id, ssig, lang, hour, bucket, neighbour, sfirst, slast) end
    replies[#replies + 1] = { self, owner, false, candidates, storyCandidates }
  end
end
-- A safety net only: the lookups of generation + 2 unlink this hash before it would expire.
if wroteBands then redis.call('PEXPIREAT', current, string.format('%.0f', (generation + 3) * window)) end
-- Story buckets live a window after their last write (renewed once per call, not per article).
for bucket in pairs(touched) do redis.call('PEXPIRE', bucket, window) end
return replies
`;

/** Stores decisions: KEYS are art: keys, ARGV[1] the window in ms, ARGV[1 + i] the entry of KEYS[i]. */
const SAVE = `
for i = 1, #KEYS do redis.call('SET', KEYS[i], ARGV[i + 1], 'PX', ARGV[1]) end
return #KEYS
`;

type Nullable = string | null;
type LookupReply = [
  Nullable,
  string,
  Nullable,
  Array<[string, string, Nullable]>,
  Array<[string, string, Nullable]>,
];

const CLAIM = 'claim:';

/**
 * What an art: key holds: the stored decision (every field of StoredArticle, as the save wrote it),
 * a claim of the id by an item whose decision is not stored yet, or nothing.
 */
function entryFrom(stored: Nullable, articleId: string): StoredArticle | null {
  if (stored === null) return null;
  if (!stored.startsWith(CLAIM)) return JSON.parse(stored) as StoredArticle;
  return pendingClaim(articleId, stored.slice(CLAIM.length));
}

/** The scripts registered with defineCommand, as ioredis adds them to the client. */
type WithScripts = Redis & {
  wsDedupeLookup2(...args: Array<string | number>): Promise<unknown>;
  wsDedupeSave2(...args: Array<string | number>): Promise<unknown>;
};

/** Candidates read per article at most; bounds the work when many bands point elsewhere. */
const MAX_CANDIDATES = 32;

/**
 * Articles per script call at most: one call runs them back to back inside Redis, so this bounds how
 * long one call holds Redis (a few milliseconds) while sparing a command and a script start per article.
 */
const MAX_BATCH = 64;

interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(err: unknown): void;
}

/**
 * Gathers the calls made in one turn of the event loop (the enricher decides a chunk of records
 * concurrently, so their lookups are issued together) and runs them as one call per MAX_BATCH. A
 * failed call fails each of its items.
 */
class TickBatch<T, R> {
  private waiting: Array<Waiting<T, R>> = [];

  constructor(private readonly run: (items: T[]) => Promise<R[]>) {}

  add(item: T, schedule: () => void): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      if (this.waiting.length === 0) schedule();
      this.waiting.push({ item, resolve, reject });
    });
  }

  flush(): void {
    const all = this.waiting;
    this.waiting = [];
    for (let from = 0; from < all.length; from += MAX_BATCH) {
      const part = all.slice(from, from + MAX_BATCH);
      Promise.resolve()
        .then(() => this.run(part.map((w) => w.item)))
        .then(
          (results) => part.forEach((w, i) => w.resolve(results[i]!)),
          (err: unknown) => part.forEach((w) => w.reject(err)),
        );
    }
  }
}

export class RedisDedupeIndex implements DedupeIndex, CopySightings {
  private readonly windowMs: number;
  private readonly prefix: string;
  private readonly lookups = new TickBatch<DedupeFacts, IndexSnapshot>((batch) => this.lookupBatch(batch));
  private readonly saves = new TickBatch<StoredArticle, void>((batch) => this.saveBatch(batch));
  private flushScheduled = false;

  constructor(
    private readonly redis: Redis,
    config: WirestreamConfig,
  ) {
    this.windowMs = Math.ceil(config.enricher.dedupeWindowDays * 86_400) * 1000;
    this.prefix = redisKey(config.redis, 'dd2', '');
    const scripts = redis as WithScripts;
    if (!('wsDedupeLookup2' in scripts)) redis.defineCommand('wsDedupeLookup2', { lua: LOOKUP });
    if (!('wsDedupeSave2' in scripts)) redis.defineCommand('wsDedupeSave2', { lua: SAVE });
  }

  lookup(facts: DedupeFacts): Promise<IndexSnapshot> {
    return this.lookups.add(facts, this.schedule);
  }

  save(entry: StoredArticle): Promise<void> {
    return this.saves.add(entry, this.schedule);
  }

  async sightCopy(articleId: string, itemKey: string, position: string): Promise<string | null> {
    // Same-URL copies are rare: one call of their own, outside the batched scripts.
    return this.redis.set(
      `${this.prefix}copy:${articleId}:${itemKey}`,
      position,
      'PX',
      this.windowMs,
      'NX',
      'GET',
    );
  }

  async entries(articleIds: readonly string[]): Promise<Map<string, StoredArticle | null>> {
    if (articleIds.length === 0) return new Map();
    const found = await this.redis.mget(articleIds.map((id) => this.artKey(id)));
    return new Map(
      articleIds.map((id, i) => {
        const entry = entryFrom(found[i] ?? null, id);
        // A claim without a stored decision says nothing yet.
        return [id, entry?.pending ? null : entry];
      }),
    );
  }

  /**
   * One flush per turn of the event loop, saves first: a lookup made in the same turn as a save may
   * then already find that decision instead of a pending claim it would have to wait for.
   */
  private readonly schedule = (): void => {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    process.nextTick(() => {
      this.flushScheduled = false;
      this.saves.flush();
      this.lookups.flush();
    });
  };

  private artKey(articleId: string): string {
    return `${this.prefix}art:${articleId}`;
  }

  private async lookupBatch(batch: readonly DedupeFacts[]): Promise<IndexSnapshot[]> {
    const args: Array<string | number> = [
      0,
      this.prefix,
      this.windowMs,
      MAX_CANDIDATES,
      MAX_STORY_CANDIDATES,
      STORY_HOLDERS,
      STORY_WINDOW_MS / 3_600_000,
    ];
    for (const facts of batch) {
      const story = facts.story;
      args.push(
        facts.articleId,
        facts.itemKey,
        facts.contentHash,
        encodeSignature(facts.signature),
        facts.bandKeys.length,
        ...facts.bandKeys,
        story ? encodeStory(story.signature) : '',
        story?.signature.lang ?? '',
        story ? storyHour(story.signature.at) : 0,
        story?.bucket ?? 0,
        story?.neighbour ?? 0,
        story?.keys.length ?? 0,
        ...(story?.keys ?? []),
      );
    }
    const replies = (await (this.redis as WithScripts).wsDedupeLookup2(...args)) as LookupReply[];
    return batch.map((facts, i) => {
      const [self, owner, ownerStored, rawCandidates, rawStories] = replies[i]!;
      const candidates: Candidate[] = [];
      for (const [articleId, sig, stored] of rawCandidates) {
        const signature = decodeSignature(sig);
        if (signature) candidates.push({ articleId, signature, entry: entryFrom(stored, articleId) });
      }
      const storyCandidates: StoryCandidate[] = [];
      for (const [articleId, ssig, stored] of rawStories ?? []) {
        const story = decodeStory(ssig);
        if (story) storyCandidates.push({ articleId, story, entry: entryFrom(stored, articleId) });
      }
      return {
        self: entryFrom(self, facts.articleId),
        contentOwner: {
          articleId: owner,
          entry: owner === facts.articleId ? null : entryFrom(ownerStored, owner),
        },
        candidates,
        storyCandidates,
      };
    });
  }

  private async saveBatch(batch: readonly StoredArticle[]): Promise<void[]> {
    const keys = batch.map((entry) => this.artKey(entry.articleId));
    // Every field goes into the JSON, so a field added to StoredArticle is stored without a change here.
    const entries = batch.map(({ pending: _claim, ...decision }) => JSON.stringify(decision));
    await (this.redis as WithScripts).wsDedupeSave2(keys.length, ...keys, this.windowMs, ...entries);
    return batch.map(() => undefined);
  }
}
