import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pageUrl, previousArchiveUrl } from './archive-links.js';
import { jobIdFor } from './job-state.js';
import { createProgressReporter, rateAndEta } from './progress.js';
import { RateLimiter, type Clock } from './rate-limit.js';
import { emptyCounts, formatSummary } from './summary.js';
import { parseDuration, parseInstant, parseRange } from './time-range.js';

describe('time range', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  it('reads ISO dates, instants, "now" and durations ago', () => {
    expect(parseInstant('2026-03-01', now).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(parseInstant('2026-03-01T06:30', now).toISOString()).toBe('2026-03-01T06:30:00.000Z');
    expect(parseInstant('2026-03-01T06:30:00+02:00', now).toISOString()).toBe('2026-03-01T04:30:00.000Z');
    expect(parseInstant('2h', now).toISOString()).toBe('2026-03-10T10:00:00.000Z');
    expect(parseInstant('now', now).getTime()).toBe(now.getTime());
    expect(parseDuration('1.5d')).toBe(36 * 3_600_000);
    expect(parseDuration('soon')).toBeNull();
    expect(() => parseInstant('yesterday', now)).toThrow(/not a time/);
  });
  it('refuses an empty range and defaults --to to now', () => {
    expect(() => parseRange('2h', '3h', now)).toThrow(/later than/);
    expect(parseRange('1d', undefined, now).to.getTime()).toBe(now.getTime());
  });
});

describe('archive links', () => {
  it('finds RFC 5005 prev-archive in Atom and RSS, resolved against the document', () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><link rel="self" href="/feed.xml"/>
      <link href="archive/3.xml?x=1&amp;y=2" rel="prev-archive"/></feed>`;
    expect(previousArchiveUrl(atom, 'https://a.example/news/feed.xml')).toBe(
      'https://a.example/news/archive/3.xml?x=1&y=2',
    );
    const rss = `<rss><channel><atom:link rel='prev-archive' href='https://a.example/2025.xml'/></channel></rss>`;
    expect(previousArchiveUrl(rss, 'https://a.example/')).toBe('https://a.example/2025.xml');
    expect(
      previousArchiveUrl('<feed><link rel="next-archive" href="/x"/></feed>', 'https://a.example/'),
    ).toBeNull();
    expect(previousArchiveUrl('{"version":"x","next_url":"/page/2.json"}', 'https://a.example/f.json')).toBe(
      'https://a.example/page/2.json',
    );
  });
  it('builds paged URLs keeping the query', () => {
    expect(pageUrl('https://a.example/feed/?lang=en', 'paged', 3)).toBe(
      'https://a.example/feed/?lang=en&paged=3',
    );
    expect(pageUrl('https://a.example/feed?page=1', 'page', 2)).toBe('https://a.example/feed?page=2');
  });
});

describe('rate limiter', () => {
  function fakeClock(): Clock & { slept: number[] } {
    let t = 0;
    const slept: number[] = [];
    return {
      slept,
      now: () => t,
      sleep: async (ms) => {
        slept.push(ms);
        t += ms;
      },
    };
  }
  it('lets a short burst through, then paces to the rate', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(10, clock);
    for (let i = 0; i < 12; i++) await limiter.take();
    // 2 tokens of burst, then one every 100 ms: 10 records waited for, about 1 s in all.
    expect(clock.now()).toBeGreaterThanOrEqual(1000);
    expect(clock.now()).toBeLessThanOrEqual(1100);
  });
  it('does not wait at all without a limit', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(0, clock);
    for (let i = 0; i < 1000; i++) await limiter.take();
    expect(clock.slept).toEqual([]);
  });
});

describe('progress', () => {
  it('computes rate and ETA', () => {
    expect(rateAndEta(50, 200, 10_000)).toEqual({ ratePerSecond: 5, etaSeconds: 30 });
    expect(rateAndEta(0, null, 0)).toEqual({ ratePerSecond: 0, etaSeconds: null });
  });
  it('writes JSON lines when not on a terminal, at most once per interval, and a final one', () => {
    const stream = new PassThrough();
    let t = 0;
    const reporter = createProgressReporter({
      job: 'j',
      kind: 'replay-items',
      stream,
      tty: false,
      intervalMs: 1000,
      now: () => t,
    });
    const counts = { ...emptyCounts(), read: 4, new: 1 };
    reporter.update({ done: 4, total: 8, counts });
    t = 500;
    reporter.update({ done: 5, total: 8, counts });
    t = 2000;
    reporter.stop({ done: 8, total: 8, counts });
    const lines = String(stream.read())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ type: 'progress', job: 'j', final: false, done: 4, total: 8 });
    expect(lines[1]).toMatchObject({
      final: true,
      done: 8,
      ratePerSecond: 4,
      etaSeconds: 0,
      counts: { new: 1 },
    });
  });
});

describe('jobs', () => {
  it('derive the same id from the same definition and another from any change', () => {
    expect(jobIdFor('replay-items', { from: 1, to: 2 })).toBe(jobIdFor('replay-items', { from: 1, to: 2 }));
    expect(jobIdFor('replay-items', { from: 1, to: 2 })).not.toBe(
      jobIdFor('replay-items', { from: 1, to: 3 }),
    );
    expect(jobIdFor('import', {})).toMatch(/^import-[0-9a-f]{12}$/);
  });
  it('summarise in one line', () => {
    const line = formatSummary({
      ...emptyCounts(),
      read: 10,
      updated: 2,
      unchanged: 8,
      job: 'replay-items-x',
      kind: 'replay-items',
      mode: 'changes',
      dryRun: true,
      resumed: false,
      stopped: false,
      seconds: 1.25,
    });
    expect(line).toContain('would publish 0 new, 2 updated and 0 re-issued');
    expect(line).toContain('read 10');
  });
});
