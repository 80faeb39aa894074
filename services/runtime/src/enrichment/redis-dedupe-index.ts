/**
 * The dedupe index in Redis, shared by every enricher replica and by replay jobs (the runtime's
 * enrichment I/O, @wirestream/runtime/enrichment; moved here from the enricher so that replay need
 * not reach into it). The decisions themselves are @wirestream/dedupe's.
 */
import type { WirestreamConfig } from '@wirestream/contract';
import {
  decodeSignature,
  encodeSignature,
  pendingClaim,
  type Candidate,
  type CopySightings,
  type DedupeFacts,
  type DedupeIndex,
  type IndexSnapshot,
  type StoredArticle,
} from '@wirestream/dedupe';
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
 * ARGV[1] key prefix, ARGV[2] window in ms, ARGV[3] max candidates per article, then per article:
 * article id, item key, content hash, encoded signature, the number of band keys n, the n band keys.
 * Reply per article: { stored value, content owner, owner's stored value,
 * { {candidate id, signature, stored value}, … } } (false, i.e. nil, for what is missing).
 */
const LOOKUP = `
local prefix, window, max = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local clock = redis.call('TIME')
local generation = math.floor((tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)) / window)
local function bandsKey(g) return prefix .. 'bands:' .. string.format('%.0f', g) end
local current, previous = bandsKey(generation), bandsKey(generation - 1)
redis.call('UNLINK', bandsKey(generation - 2))
local wroteBands = false
local replies = {}
local a = 4
while a <= #ARGV do
  local id, item, content, sig = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3]
  local first, last = a + 5, a + 4 + tonumber(ARGV[a + 4])
  a = last + 1
  -- Nothing under this id yet: claim it for this item now, so a second item with the same URL deciding
  -- at the same moment finds the claim instead of nothing; the save replaces it with the decision.
  local self = redis.call('SET', prefix .. 'art:' .. id, 'claim:' .. item, 'NX', 'GET', 'PX', window)
  local owner = redis.call('SET', prefix .. 'content:' .. content, id, 'NX', 'GET', 'PX', window) or id
  if owner ~= id then
    -- An exact copy: the first copy already stands for this text in the bands.
    replies[#replies + 1] = { self, owner, redis.call('GET', prefix .. 'art:' .. owner), {} }
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
    replies[#replies + 1] = { self, owner, false, candidates }
  end
end
-- A safety net only: the lookups of generation + 2 unlink this hash before it would expire.
if wroteBands then redis.call('PEXPIREAT', current, string.format('%.0f', (generation + 3) * window)) end
return replies
`;

/** Stores decisions: KEYS are art: keys, ARGV[1] the window in ms, ARGV[1 + i] the entry of KEYS[i]. */
const SAVE = `
for i = 1, #KEYS do redis.call('SET', KEYS[i], ARGV[i + 1], 'PX', ARGV[1]) end
return #KEYS
`;

type Nullable = string | null;
type LookupReply = [Nullable, string, Nullable, Array<[string, string, Nullable]>];

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
    const args: Array<string | number> = [0, this.prefix, this.windowMs, MAX_CANDIDATES];
    for (const facts of batch) {
      args.push(
        facts.articleId,
        facts.itemKey,
        facts.contentHash,
        encodeSignature(facts.signature),
        facts.bandKeys.length,
        ...facts.bandKeys,
      );
    }
    const replies = (await (this.redis as WithScripts).wsDedupeLookup2(...args)) as LookupReply[];
    return batch.map((facts, i) => {
      const [self, owner, ownerStored, rawCandidates] = replies[i]!;
      const candidates: Candidate[] = [];
      for (const [articleId, sig, stored] of rawCandidates) {
        const signature = decodeSignature(sig);
        if (signature) candidates.push({ articleId, signature, entry: entryFrom(stored, articleId) });
      }
      return {
        self: entryFrom(self, facts.articleId),
        contentOwner: {
          articleId: owner,
          entry: owner === facts.articleId ? null : entryFrom(ownerStored, owner),
        },
        candidates,
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
