import { describe, expect, it } from 'vitest';
import { ALLOW_ALL, DISALLOW_ALL, parseRobots, productToken, robotsAllows } from './robots.js';

const ROBOTS = `
# comments are ignored
User-agent: *
Disallow: /private/
Allow: /private/press/
Disallow: /*.pdf$

User-agent: SomeBot
User-agent: wirestream
Disallow: /members
Allow: /members/open

User-agent: OtherBot
Disallow: /
`;

describe('robots.txt', () => {
  it('uses the * groups when none names us', () => {
    const rules = parseRobots(ROBOTS, 'curious-crawler');
    expect(robotsAllows(rules, '/private/memo')).toBe(false);
    expect(robotsAllows(rules, '/private/press/release')).toBe(true);
    expect(robotsAllows(rules, '/world/story')).toBe(true);
    expect(robotsAllows(rules, '/files/report.pdf')).toBe(false);
    expect(robotsAllows(rules, '/files/report.pdf?x=1')).toBe(true);
  });

  it('uses our own group when one names us, and only it', () => {
    const rules = parseRobots(ROBOTS, productToken('wirestream/0.1 (+https://github.com/wirestream)'));
    expect(robotsAllows(rules, '/members/list')).toBe(false);
    expect(robotsAllows(rules, '/members/open/day')).toBe(true);
    expect(robotsAllows(rules, '/private/memo')).toBe(true);
  });

  it('lets the longest match win, Allow on a tie', () => {
    const rules = parseRobots('User-agent: *\nDisallow: /a\nAllow: /a\nDisallow: /b/c\nAllow: /b', 'x');
    expect(robotsAllows(rules, '/a/1')).toBe(true);
    expect(robotsAllows(rules, '/b/c/1')).toBe(false);
    expect(robotsAllows(rules, '/b/d')).toBe(true);
  });

  it('treats an empty Disallow, an empty file and garbage as allowing everything', () => {
    expect(robotsAllows(parseRobots('User-agent: *\nDisallow:', 'x'), '/any')).toBe(true);
    expect(robotsAllows(parseRobots('', 'x'), '/any')).toBe(true);
    expect(robotsAllows(parseRobots('<html>not robots</html>', 'x'), '/any')).toBe(true);
  });

  it('reads Crawl-delay from the groups that apply to us, the largest winning, and ignores garbage', () => {
    const text =
      'User-agent: *\nCrawl-delay: 2\n\nUser-agent: wirestream\nCrawl-delay: 0.5\nDisallow: /x\nCrawl-delay: 1.5\n';
    expect(parseRobots(text, 'wirestream').crawlDelaySeconds).toBe(1.5);
    expect(parseRobots(text, 'other').crawlDelaySeconds).toBe(2);
    expect(
      parseRobots('User-agent: *\nCrawl-delay: soon\nCrawl-delay: -3', 'x').crawlDelaySeconds,
    ).toBeUndefined();
    expect(parseRobots(ROBOTS, 'x').crawlDelaySeconds).toBeUndefined();
  });

  it('has the fixed answers for a missing and an unreachable robots.txt', () => {
    expect(robotsAllows(ALLOW_ALL, '/x')).toBe(true);
    expect(robotsAllows(DISALLOW_ALL, '/x')).toBe(false);
  });
});
