import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FeedSource } from '@wirestream/contract';
import { feedIdFromUrl, loadFeedList } from '@wirestream/feeds';
import { watchFeedList } from '@wirestream/fetcher';

const dir = mkdtempSync(join(tmpdir(), 'ws-feed-list-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const opml = (outlines: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Agencies</title></head><body>
  <outline text="Wires">
    ${outlines}
  </outline>
</body></opml>`;

describe('feed lists: YAML and OPML, reloaded without a restart', () => {
  const stops: Array<() => void> = [];
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  it('reads OPML outlines (nested, text or title) and derives stable ids from the URLs', () => {
    const path = file(
      'agencies.opml',
      opml(`<outline type="rss" text="Nordwire World" xmlUrl="https://nordwire.example/world.xml"/>
    <outline title="Sudpress &amp; Co" text="ignored" xmlUrl="https://www.sudpress.example/rss/all" language="fr"/>
    <outline text="A folder, no feed"><outline text="Deep" xmlUrl="https://deep.example/feed"/></outline>`),
    );
    const feeds = loadFeedList(path);
    expect(feeds.map((f) => [f.url, f.agency, f.language ?? null, f.intervalSeconds])).toEqual([
      ['https://nordwire.example/world.xml', 'Nordwire World', null, 300],
      ['https://www.sudpress.example/rss/all', 'Sudpress & Co', 'fr', 300],
      ['https://deep.example/feed', 'Deep', null, 300],
    ]);
    expect(feeds[0]!.id).toMatch(/^nordwire\.example-world\.xml-[0-9a-f]{8}$/);
    expect(feeds[1]!.id).toMatch(/^sudpress\.example-rss-all-[0-9a-f]{8}$/);
    // The same URL gives the same id in another list and another format.
    const yaml = file('same.yaml', 'feeds:\n  - url: https://deep.example/feed\n    agency: Deep\n');
    expect(loadFeedList(yaml)[0]!.id).toBe(feeds[2]!.id);
    expect(feedIdFromUrl('https://deep.example/feed')).toBe(feeds[2]!.id);
    expect(feedIdFromUrl('https://deep.example/feed?page=2')).not.toBe(feeds[2]!.id);
  });

  it('detects OPML by content when the extension says nothing, and keeps given YAML ids', () => {
    const sniffed = file('list.txt', opml('<outline text="X" xmlUrl="https://x.example/rss"/>'));
    expect(loadFeedList(sniffed).map((f) => f.agency)).toEqual(['X']);
    const yaml = file(
      'list.yml',
      'feeds:\n  - id: given-id\n    url: https://a.example/rss\n    agency: A\n  - url: https://b.example/rss\n    agency: B\n',
    );
    expect(loadFeedList(yaml).map((f) => f.id)).toEqual(['given-id', feedIdFromUrl('https://b.example/rss')]);
  });

  it('rejects a list that names one URL twice, and an OPML outline with a bad URL', () => {
    const twice = file(
      'twice.opml',
      opml(
        '<outline text="A" xmlUrl="https://a.example/rss"/><outline text="A again" xmlUrl="https://a.example/rss"/>',
      ),
    );
    expect(() => loadFeedList(twice)).toThrow(/duplicate feed id/);
    const bad = file('bad.opml', opml('<outline text="A" xmlUrl="ftp://a.example/rss"/>'));
    expect(() => loadFeedList(bad)).toThrow(/feed list/);
  });

  it('picks up feeds added to and removed from an OPML file while running', async () => {
    const path = file(
      'live.opml',
      opml(
        '<outline text="One" xmlUrl="https://one.example/rss"/><outline text="Two" xmlUrl="https://two.example/rss"/>',
      ),
    );
    const lists: FeedSource[][] = [];
    const errors: Error[] = [];
    stops.push(
      watchFeedList(
        path,
        (feeds) => lists.push(feeds),
        (err) => errors.push(err),
        20,
      ),
    );
    // Each edit is rewritten (one byte longer each time) until the watcher reports it: the watcher
    // takes its first look at the file asynchronously, and an edit made before that is its baseline.
    let pad = 0;
    const edit = (text: string) => () => writeFileSync(path, `${text}${' '.repeat(++pad)}`);
    // A broken edit is reported and does not replace the list.
    const broken = edit('<opml><body><outline xmlUrl="not a url"');
    await vi.waitFor(
      () => {
        broken();
        expect(errors.length).toBeGreaterThan(0);
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(lists).toEqual([]);
    const fixed = edit(
      opml(
        '<outline text="Two" xmlUrl="https://two.example/rss"/><outline text="Three" xmlUrl="https://three.example/rss"/>',
      ),
    );
    await vi.waitFor(
      () => {
        fixed();
        expect(lists.length).toBeGreaterThan(0);
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(lists.at(-1)!.map((f) => f.agency)).toEqual(['Two', 'Three']);
  });
});
