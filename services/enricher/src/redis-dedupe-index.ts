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
 * KEYS[1] article entry, KEYS[2] content owner, KEYS[3] signature, KEYS[4..] band sets
 * ARGV: article id, signature, ttl seconds, key prefix, max candidates, members read per band
 */
const LOOKUP = `
local self = redis.call('HGETALL', KEYS[1])
local owner = redis.call('SET', KEYS[2], ARGV[1], 'NX', 'GET', 'EX', ARGV[3])
if not owner then owner = ARGV[1] end
local ownerEntry = {}
local candidates = {}
if owner ~= ARGV[1] then
  -- An exact copy: the first copy already stands for this text in the bands.
  ownerEntry = redis.call('HGETALL', ARGV[4] .. 'art:' .. owner)
  return { self, owner, ownerEntry, candidates }
end
redis.call('SET', KEYS[3], ARGV[2], 'EX', ARGV[3])
local seen = {}
local ids = {}
local max = tonumber(ARGV[5])
local perBand = tonumber(ARGV[6])
for i = 4, #KEYS do
  if #ids < max then
    -- A bounded sample per band: a band shared by many articles must not make a lookup slow.
    for _, id in ipairs(redis.call('SRANDMEMBER', KEYS[i], perBand)) do
      if id ~= ARGV[1] and not seen[id] and #ids < max then
        seen[id] = true
        table.insert(ids, id)
      end
    end
  end
  redis.call('SADD', KEYS[i], ARGV[1])
  redis.call('EXPIRE', KEYS[i], ARGV[3])
end
for _, id in ipairs(ids) do
  local sig = redis.call('GET', ARGV[4] .. 'sig:' .. id)
  if sig then
    table.insert(candidates, { id, sig, redis.call('HGETALL', ARGV[4] .. 'art:' .. id) })
  end
end
return { self, owner, ownerEntry, candidates }
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
    duplicateOf: text('duplicateOf'),
    reason: text('reason') as StoredArticle['reason'],
    similarity: map.get('similarity') ? Number(map.get('similarity')) : null,
    storyId: map.get('storyId') ?? '',
  };
}

/** The script registered with defineCommand, as ioredis adds it to the client. */
type WithLookup = Redis & { wsDedupeLookup(...args: Array<string | number>): Promise<unknown> };

/** Candidates read per article at most; bounds the work when a band is very common. */
const MAX_CANDIDATES = 32;
const MEMBERS_PER_BAND = 8;

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
      ...facts.bandKeys.map((b) => `${p}band:${b}`),
    ];
    const reply = (await (this.redis as WithLookup).wsDedupeLookup(
      keys.length,
      ...keys,
      facts.articleId,
      encodeSignature(facts.signature),
      this.ttlSeconds,
      p,
      MAX_CANDIDATES,
      MEMBERS_PER_BAND,
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
