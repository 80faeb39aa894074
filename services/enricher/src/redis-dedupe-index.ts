import type { WirestreamConfig } from '@wirestream/contract';
import {
  decodeSignature,
  encodeSignature,
  type Candidate,
  type DedupeFacts,
  type DedupeIndex,
  type IndexSnapshot,
  type StoredArticle,
} from '@wirestream/dedupe';
import { redisKey, type Redis } from '@wirestream/runtime';

/**
 * Reads the article's own entry, claims its content hash (first writer owns it) and its LSH bands,
 * stores its signature, and returns the candidates with their signatures and entries: one atomic
 * round trip, so two enrichers racing on copies of one story cannot both win.
 *
 * A band key holds the last article that had the band (SET … GET EX: read, claim and refresh in one
 * call), not the set of all of them. A lookup therefore costs at most one call per band plus two per
 * candidate, whatever the window size, and a band shared by thousands of articles is still one small
 * key. Copies of one story find each other because they share many bands: losing the older holders of
 * one band to a later article leaves the others, and the newest copy of a story names its root.
 *
 * KEYS[1] article entry, KEYS[2] content owner, KEYS[3] signature, KEYS[4..] band keys
 * ARGV: article id, signature, ttl seconds, key prefix, max candidates
 */
const LOOKUP = `
local self = redis.call('HGETALL', KEYS[1])
if #self == 0 then
  -- Claim the article id for this item now, so a second item with the same URL deciding at the same
  -- moment finds the claim instead of nothing; the save fills in the decision.
  redis.call('HSET', KEYS[1], 'articleId', ARGV[1], 'itemKey', ARGV[#ARGV])
  redis.call('EXPIRE', KEYS[1], ARGV[3])
end
local owner = redis.call('SET', KEYS[2], ARGV[1], 'NX', 'GET', 'EX', ARGV[3])
if not owner then owner = ARGV[1] end
if owner ~= ARGV[1] then
  -- An exact copy: the first copy already stands for this text in the bands.
  return { self, owner, redis.call('HGETALL', ARGV[4] .. 'art:' .. owner), {} }
end
redis.call('SET', KEYS[3], ARGV[2], 'EX', ARGV[3])
local seen = {}
local ids = {}
local max = tonumber(ARGV[5])
for i = 4, #KEYS do
  local last = redis.call('SET', KEYS[i], ARGV[1], 'GET', 'EX', ARGV[3])
  if last and last ~= ARGV[1] and not seen[last] and #ids < max then
    seen[last] = true
    table.insert(ids, last)
  end
end
local candidates = {}
for _, id in ipairs(ids) do
  local sig = redis.call('GET', ARGV[4] .. 'sig:' .. id)
  if sig then
    table.insert(candidates, { id, sig, redis.call('HGETALL', ARGV[4] .. 'art:' .. id) })
  end
end
return { self, owner, {}, candidates }
`;

type Flat = string[];

function entryFrom(flat: Flat): StoredArticle | null {
  if (!flat || flat.length === 0) return null;
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) map.set(flat[i]!, flat[i + 1]!);
  const text = (k: string): string | null => (map.get(k) ? map.get(k)! : null);
  return {
    articleId: map.get('articleId') ?? '',
    itemKey: map.get('itemKey') ?? '',
    contentHash: map.get('contentHash') ?? '',
    revision: Number(map.get('revision') ?? 1),
    status: (map.get('status') ?? 'unique') as StoredArticle['status'],
    ...(map.has('status') ? {} : { pending: true }),
    duplicateOf: text('duplicateOf'),
    reason: text('reason') as StoredArticle['reason'],
    similarity: map.get('similarity') ? Number(map.get('similarity')) : null,
    storyId: map.get('storyId') ?? '',
  };
}

/** The script registered with defineCommand, as ioredis adds it to the client. */
type WithLookup = Redis & { wsDedupeLookup(...args: Array<string | number>): Promise<unknown> };

/** Candidates read per article at most; bounds the work when many bands point elsewhere. */
const MAX_CANDIDATES = 32;

export class RedisDedupeIndex implements DedupeIndex {
  private readonly ttlSeconds: number;
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    config: WirestreamConfig,
  ) {
    this.ttlSeconds = Math.ceil(config.enricher.dedupeWindowDays * 86_400);
    this.prefix = redisKey(config.redis, 'dd', '');
    if (!('wsDedupeLookup' in redis)) redis.defineCommand('wsDedupeLookup', { lua: LOOKUP });
  }

  async lookup(facts: DedupeFacts): Promise<IndexSnapshot> {
    const p = this.prefix;
    const keys = [
      `${p}art:${facts.articleId}`,
      `${p}content:${facts.contentHash}`,
      `${p}sig:${facts.articleId}`,
      // "band:" keys held sets in earlier releases and SET … GET fails on a set: new name, old keys expire.
      ...facts.bandKeys.map((b) => `${p}band1:${b}`),
    ];
    const reply = (await (this.redis as WithLookup).wsDedupeLookup(
      keys.length,
      ...keys,
      facts.articleId,
      encodeSignature(facts.signature),
      this.ttlSeconds,
      p,
      MAX_CANDIDATES,
      facts.itemKey,
    )) as [Flat, string, Flat, Array<[string, string, Flat]>];
    const [self, owner, ownerEntry, rawCandidates] = reply;
    const candidates: Candidate[] = [];
    for (const [articleId, sig, entry] of rawCandidates) {
      const signature = decodeSignature(sig);
      if (signature) candidates.push({ articleId, signature, entry: entryFrom(entry) });
    }
    return {
      self: entryFrom(self),
      contentOwner: { articleId: owner, entry: owner === facts.articleId ? null : entryFrom(ownerEntry) },
      candidates,
    };
  }

  async entries(articleIds: readonly string[]): Promise<Map<string, StoredArticle | null>> {
    const pipeline = this.redis.pipeline();
    for (const id of articleIds) pipeline.hgetall(`${this.prefix}art:${id}`);
    const replies = (await pipeline.exec()) ?? [];
    return new Map(
      articleIds.map((id, i) => {
        const [err, value] = replies[i] ?? [null, null];
        if (err) throw err;
        const entry = entryFrom(Object.entries((value ?? {}) as Record<string, string>).flat());
        // A claim without a stored decision says nothing yet.
        return [id, entry?.pending ? null : entry];
      }),
    );
  }

  async save(entry: StoredArticle): Promise<void> {
    const key = `${this.prefix}art:${entry.articleId}`;
    await this.redis
      .multi()
      .hset(key, {
        articleId: entry.articleId,
        itemKey: entry.itemKey,
        contentHash: entry.contentHash,
        revision: entry.revision,
        status: entry.status,
        duplicateOf: entry.duplicateOf ?? '',
        reason: entry.reason ?? '',
        similarity: entry.similarity ?? '',
        storyId: entry.storyId,
      })
      .expire(key, this.ttlSeconds)
      .exec();
  }
}
