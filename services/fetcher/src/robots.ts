/**
 * robots.txt, as far as page fetching needs it (RFC 9309): the groups for our user agent (or `*`),
 * their Allow and Disallow path prefixes with `*` and `$`, the longest match winning and Allow
 * winning a tie, and Crawl-delay (not in RFC 9309, but what many sites use to ask for a pace). Pure;
 * the cache and the fetching are in page-robots.ts.
 */

export interface RobotsRules {
  allow: string[];
  disallow: string[];
  /** Seconds the site asks crawlers to leave between requests (the largest its groups for us give). */
  crawlDelaySeconds?: number;
  /** Set when robots.txt could not be read (5xx, 429, timeout, network): why, and everything is disallowed. */
  unreachable?: string;
}

/** No rules: everything allowed (no robots.txt, or a 4xx for it). */
export const ALLOW_ALL: RobotsRules = { allow: [], disallow: [] };
/** Everything disallowed (robots.txt unreachable: RFC 9309 says assume so). */
export const DISALLOW_ALL: RobotsRules = { allow: [], disallow: ['/'] };

interface Group {
  agents: string[];
  rules: RobotsRules;
}

function groupsOf(text: string): Group[] {
  const groups: Group[] = [];
  let current: Group | null = null;
  let inRules = false;
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const field = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (field === 'user-agent') {
      // Consecutive User-agent lines share one group; one after rules starts a new group.
      if (!current || inRules) {
        current = { agents: [], rules: { allow: [], disallow: [] } };
        groups.push(current);
        inRules = false;
      }
      current.agents.push(value.toLowerCase());
    } else if (current && (field === 'allow' || field === 'disallow')) {
      inRules = true;
      // An empty Disallow allows everything: it adds no rule.
      if (value !== '') current.rules[field].push(value);
    } else if (current && field === 'crawl-delay') {
      inRules = true;
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds > 0)
        current.rules.crawlDelaySeconds = Math.max(current.rules.crawlDelaySeconds ?? 0, seconds);
    }
  }
  return groups;
}

/** The rules for `product` (e.g. "wirestream"): its own groups if any name it, else the `*` groups. */
export function parseRobots(text: string, product: string): RobotsRules {
  const name = product.toLowerCase();
  const groups = groupsOf(text);
  const own = groups.filter((g) => g.agents.some((a) => a !== '*' && name.includes(a)));
  const chosen = own.length > 0 ? own : groups.filter((g) => g.agents.includes('*'));
  const delay = Math.max(0, ...chosen.map((g) => g.rules.crawlDelaySeconds ?? 0));
  return {
    allow: chosen.flatMap((g) => g.rules.allow),
    disallow: chosen.flatMap((g) => g.rules.disallow),
    ...(delay > 0 ? { crawlDelaySeconds: delay } : {}),
  };
}

const patternCache = new Map<string, RegExp>();

function patternOf(rule: string): RegExp {
  let re = patternCache.get(rule);
  if (!re) {
    const anchored = rule.endsWith('$');
    const body = (anchored ? rule.slice(0, -1) : rule)
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    re = new RegExp(`^${body}${anchored ? '$' : ''}`);
    if (patternCache.size > 10_000) patternCache.clear();
    patternCache.set(rule, re);
  }
  return re;
}

const longestMatch = (rules: readonly string[], path: string): number =>
  rules.reduce((best, rule) => (rule.length > best && patternOf(rule).test(path) ? rule.length : best), -1);

/** Whether `pathAndQuery` (e.g. "/world/story?id=1") may be fetched under these rules. */
export function robotsAllows(rules: RobotsRules, pathAndQuery: string): boolean {
  const disallowed = longestMatch(rules.disallow, pathAndQuery);
  if (disallowed < 0) return true;
  return longestMatch(rules.allow, pathAndQuery) >= disallowed;
}

/** The product token of a user agent string: "wirestream/0.1 (+https://…)" → "wirestream". */
export const productToken = (userAgent: string): string => userAgent.split(/[\s/]/)[0] ?? userAgent;
