/**
 * robots.txt for page fetching: one per origin, fetched once per TTL (concurrent asks share the one
 * fetch) by whatever fetch the page fetcher hands in (its host gate, limits and address policy),
 * with RFC 9309's answers for a file that is missing (allow all) or cannot be read (disallow all, for
 * a shorter while). The rules themselves are read by robots.ts.
 */
import { FetchError, type FetchedDocument } from '@wirestream/runtime/feeds';
import {
  ALLOW_ALL,
  DISALLOW_ALL,
  parseRobots,
  productToken,
  robotsAllows,
  type RobotsRules,
} from './robots.js';

/** An unreachable robots.txt (5xx, timeout) is tried again sooner than a read one. */
const UNREACHABLE_ROBOTS_TTL_MS = 5 * 60 * 1000;
/** Hosts whose robots.txt is remembered at once; older entries are dropped past this. */
const MAX_ROBOTS_ENTRIES = 5_000;

interface RobotsEntry {
  rules: Promise<RobotsRules>;
  expires: number;
}

/** Fetches `<origin>/robots.txt` (the caller's gate, limits and address policy). */
export type RobotsFetch = (robotsUrl: string) => Promise<FetchedDocument>;

export class RobotsCache {
  private readonly entries = new Map<string, RobotsEntry>();

  constructor(
    private readonly ttlMs: number,
    private readonly userAgent: string,
  ) {}

  /** The rules of the origin of `url`, from the cache or fetched now. */
  rulesFor(url: string, fetch: RobotsFetch): Promise<RobotsRules> {
    const origin = new URL(url).origin;
    const now = Date.now();
    let cached = this.entries.get(origin);
    if (!cached || cached.expires <= now) {
      if (this.entries.size >= MAX_ROBOTS_ENTRIES) this.prune(now);
      const entry: RobotsEntry = { rules: Promise.resolve(ALLOW_ALL), expires: Infinity };
      // Believed until it is read (concurrent asks share the one fetch), then for its TTL.
      entry.rules = this.read(origin, fetch, (ms) => {
        entry.expires = Date.now() + ms;
      });
      cached = entry;
      this.entries.set(origin, entry);
    }
    return cached.rules;
  }

  private async read(origin: string, fetch: RobotsFetch, setTtl: (ms: number) => void): Promise<RobotsRules> {
    try {
      const doc = await fetch(`${origin}/robots.txt`);
      setTtl(this.ttlMs);
      return parseRobots(doc.body?.toString('utf8') ?? '', productToken(this.userAgent));
    } catch (err) {
      // RFC 9309: a robots.txt that is not there (4xx) allows everything; one that cannot be read disallows.
      const missing =
        err instanceof FetchError &&
        err.status !== null &&
        err.status >= 400 &&
        err.status < 500 &&
        err.status !== 429;
      setTtl(missing ? this.ttlMs : Math.min(this.ttlMs, UNREACHABLE_ROBOTS_TTL_MS));
      if (missing) return ALLOW_ALL;
      const why = err instanceof FetchError ? `${err.reason}: ${err.message}` : String(err);
      return { ...DISALLOW_ALL, unreachable: why };
    }
  }

  /** Drops expired entries; when none has expired, the oldest half. */
  private prune(now: number): void {
    for (const [origin, entry] of this.entries) if (entry.expires <= now) this.entries.delete(origin);
    if (this.entries.size < MAX_ROBOTS_ENTRIES) return;
    let drop = Math.floor(this.entries.size / 2);
    for (const origin of this.entries.keys()) {
      if (drop-- <= 0) break;
      this.entries.delete(origin);
    }
  }
}

/** Why these rules keep us off the page at `url`, or null when they let us fetch it. */
export function robotsRefusal(rules: RobotsRules, url: string): string | null {
  const target = new URL(url);
  if (robotsAllows(rules, `${target.pathname}${target.search}`)) return null;
  return rules.unreachable
    ? `robots-unreachable: robots.txt could not be read (${rules.unreachable})`
    : 'robots-disallowed: robots.txt disallows this path';
}
