import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { redisKey, type Redis } from '@wirestream/runtime';
import type { WirestreamConfig } from '@wirestream/contract';

// Only the holder may release or extend a lease: a replica whose lease already expired (and was
// taken by another) must not delete or prolong the new holder's.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export const defaultReplicaId = (): string =>
  `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;

/**
 * Per-feed leases in Redis, so that of several fetcher replicas only one fetches a feed at a time.
 * A lease expires by itself, so a replica that dies gives its feeds back without any cleanup.
 */
export class FeedLeases {
  constructor(
    private readonly redis: Redis,
    private readonly config: WirestreamConfig['redis'],
    readonly replicaId: string,
    readonly ttlMs: number,
  ) {}

  private key = (feedId: string): string => redisKey(this.config, 'feed', feedId, 'lease');

  async acquire(feedId: string): Promise<boolean> {
    return (await this.redis.set(this.key(feedId), this.replicaId, 'PX', this.ttlMs, 'NX')) === 'OK';
  }

  async renew(feedId: string): Promise<boolean> {
    return (await this.redis.eval(RENEW, 1, this.key(feedId), this.replicaId, this.ttlMs)) === 1;
  }

  async release(feedId: string): Promise<boolean> {
    return (await this.redis.eval(RELEASE, 1, this.key(feedId), this.replicaId)) === 1;
  }

  async holder(feedId: string): Promise<string | null> {
    return this.redis.get(this.key(feedId));
  }

  /**
   * Runs `work` while holding the feed's lease, renewing it every third of its lifetime so a slow
   * fetch keeps it; resolves to null without running `work` when another replica holds it.
   */
  async withLease<T>(feedId: string, work: () => Promise<T>): Promise<{ value: T } | null> {
    if (!(await this.acquire(feedId))) return null;
    const timer = setInterval(() => void this.renew(feedId).catch(() => undefined), this.ttlMs / 3);
    timer.unref();
    try {
      return { value: await work() };
    } finally {
      clearInterval(timer);
      await this.release(feedId).catch(() => undefined);
    }
  }
}
