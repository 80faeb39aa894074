/**
 * The feed state in Redis: validators, schedule and health of each feed, the hashes of the items
 * already published, and the validators and extracted text of the article pages fetched lately.
 * Written by the fetcher, read by the monitor and `wirestream feeds`/`status`; part of the runtime's
 * feed I/O (@wirestream/runtime/feeds), moved here from the fetcher so that they need not reach into
 * it. The state's shape and its health live in @wirestream/feeds.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ItemPage, WirestreamConfig } from '@wirestream/contract';
import type { FeedState } from '@wirestream/feeds';
import { redisKey, type Redis } from '../redis.js';

const FIELDS: readonly (keyof FeedState)[] = [
  'url',
  'etag',
  'lastModified',
  'lastStatus',
  'lastFetchAt',
  'lastSuccessAt',
  'lastDurationMs',
  'consecutiveFailures',
  'lastError',
  'nextPollAt',
  'parked',
  'documentSha256',
];

/** Forget items that left the feed this long ago: a feed that re-adds an old item after that re-emits it. */
const FORGET_AFTER_SECONDS = 30 * 24 * 3600;

function decode(values: readonly (string | null | undefined)[]): FeedState {
  const raw = new Map(FIELDS.map((f, i) => [f, values[i] ?? '']));
  const text = (k: keyof FeedState): string | null => (raw.get(k) ? raw.get(k)! : null);
  const num = (k: keyof FeedState): number | null => (raw.get(k) ? Number(raw.get(k)) : null);
  return {
    url: text('url'),
    etag: text('etag'),
    lastModified: text('lastModified'),
    lastStatus: num('lastStatus'),
    lastFetchAt: text('lastFetchAt'),
    lastSuccessAt: text('lastSuccessAt'),
    lastDurationMs: num('lastDurationMs'),
    consecutiveFailures: num('consecutiveFailures') ?? 0,
    lastError: text('lastError'),
    nextPollAt: text('nextPollAt'),
    parked: raw.get('parked') === 'true',
    documentSha256: text('documentSha256'),
  };
}

/**
 * What the fetcher remembers of an article page it fetched: the validators of the answer and the
 * page as it went on the raw record, so that a 304 to the next conditional request reuses it.
 */
export interface StoredPage {
  /** The URL fetched (the item's link). */
  url: string;
  etag: string | null;
  lastModified: string | null;
  page: ItemPage;
}

/**
 * Feed validators, schedule and health, and the hashes of the items already published, in Redis,
 * so a restarted (or another) fetcher does not publish everything again; likewise the pages.
 */
export class FeedStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly config: WirestreamConfig['redis'],
  ) {}

  private stateKey = (feedId: string): string => redisKey(this.config, 'feed', feedId, 'state');
  private itemsKey = (feedId: string): string => redisKey(this.config, 'feed', feedId, 'items');

  async get(feedId: string): Promise<FeedState> {
    return decode(await this.redis.hmget(this.stateKey(feedId), ...FIELDS));
  }

  /** Many feeds in one round trip. */
  async getMany(feedIds: readonly string[]): Promise<FeedState[]> {
    if (feedIds.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of feedIds) pipeline.hmget(this.stateKey(id), ...FIELDS);
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([err, values]) => {
      if (err) throw err;
      return decode(values as (string | null)[]);
    });
  }

  /** nextPollAt of many feeds in one round trip: what the scheduler reads every tick. */
  async nextPollTimes(feedIds: readonly string[]): Promise<(string | null)[]> {
    if (feedIds.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of feedIds) pipeline.hget(this.stateKey(id), 'nextPollAt');
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([err, value]) => {
      if (err) throw err;
      return typeof value === 'string' && value !== '' ? value : null;
    });
  }

  async update(feedId: string, patch: Partial<FeedState>): Promise<void> {
    const fields = Object.entries(patch).flatMap(([k, v]) => [
      k,
      v === null || v === undefined ? '' : String(v),
    ]);
    if (fields.length > 0) await this.redis.hset(this.stateKey(feedId), ...fields);
  }

  /** itemKey → item hash of what was published before. */
  async seenItems(feedId: string): Promise<Map<string, { hash: string; lastSeen: number }>> {
    const raw = await this.redis.hgetall(this.itemsKey(feedId));
    return new Map(
      Object.entries(raw).map(([key, value]) => {
        const [hash = '', lastSeen = '0'] = value.split(' ');
        return [key, { hash, lastSeen: Number(lastSeen) }];
      }),
    );
  }

  /** Called only after the broker acknowledged the records, so a crash in between re-publishes rather than loses. */
  async markSeen(
    feedId: string,
    current: ReadonlyMap<string, string>,
    previous: ReadonlyMap<string, { hash: string; lastSeen: number }>,
    nowSeconds: number,
  ): Promise<void> {
    const key = this.itemsKey(feedId);
    const pipeline = this.redis.multi();
    const fields: string[] = [];
    for (const [itemKey, hash] of current) fields.push(itemKey, `${hash} ${nowSeconds}`);
    if (fields.length > 0) pipeline.hset(key, ...fields);
    const stale = [...previous].filter(
      ([k, v]) => !current.has(k) && nowSeconds - v.lastSeen > FORGET_AFTER_SECONDS,
    );
    if (stale.length > 0) pipeline.hdel(key, ...stale.map(([k]) => k));
    await pipeline.exec();
  }

  /** One key per page URL (hashed: URLs are long and may hold anything). */
  private pageKey = (url: string): string =>
    redisKey(this.config, 'page', createHash('sha256').update(url).digest('hex').slice(0, 32));

  /** The stored pages of these URLs, in one round trip; URLs with none (or none that reads) are left out. */
  async pages(urls: readonly string[]): Promise<Map<string, StoredPage>> {
    const found = new Map<string, StoredPage>();
    if (urls.length === 0) return found;
    const pipeline = this.redis.pipeline();
    for (const url of urls) pipeline.hmget(this.pageKey(url), 'etag', 'lastModified', 'page');
    const replies = (await pipeline.exec()) ?? [];
    replies.forEach(([err, values], i) => {
      if (err) throw err;
      const [etag, lastModified, page] = values as (string | null)[];
      if (!page || (!etag && !lastModified)) return;
      try {
        const stored = JSON.parse(gunzipSync(Buffer.from(page, 'base64')).toString('utf8')) as ItemPage;
        found.set(urls[i]!, {
          url: urls[i]!,
          etag: etag || null,
          lastModified: lastModified || null,
          page: stored,
        });
      } catch {
        // Unreadable (written by another version?): fetched again in full, and stored anew.
      }
    });
    return found;
  }

  /**
   * Remembers pages for `ttlSeconds` (gzipped: the text is most of it). Called after the records
   * that carry them were acknowledged, as the feed's own validators are.
   */
  async savePages(pages: readonly StoredPage[], ttlSeconds: number): Promise<void> {
    if (pages.length === 0) return;
    const pipeline = this.redis.multi();
    for (const { url, etag, lastModified, page } of pages) {
      const key = this.pageKey(url);
      const packed = gzipSync(JSON.stringify(page)).toString('base64');
      pipeline.hset(key, 'etag', etag ?? '', 'lastModified', lastModified ?? '', 'page', packed);
      pipeline.expire(key, ttlSeconds);
    }
    await pipeline.exec();
  }

  async listFeedIds(): Promise<string[]> {
    const ids = new Set<string>();
    const pattern = redisKey(this.config, 'feed', '*', 'state');
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      const start = redisKey(this.config, 'feed', '').length;
      for (const k of keys) ids.add(k.slice(start, -':state'.length));
    } while (cursor !== '0');
    return [...ids].sort();
  }
}
