/**
 * `import` of saved feed files and JSON Lines of articles, in process and through the command line
 * against the real broker and Redis: everything is published once, a second import publishes
 * nothing, --dry-run reports without publishing, and an import stopped with Ctrl-C (SIGINT) resumes
 * from its checkpoint in Redis without publishing any article twice.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord } from '@wirestream/contract';
import { importFiles, importPaths, openJobServices, type JobServices } from '@wirestream/replay';
import { createLogger } from '@wirestream/runtime';
import { kafkaBrokers, redisUrl, uniquePrefix } from '../harness/services.js';
import { testConfig } from '../support/config.js';
import { readAll, stories, type Story } from './support.js';

const prefix = uniquePrefix('import');
const config = testConfig(prefix, { replay: { maxRecordsPerSecond: 0 }, log: { level: 'warn' } });
const root = new URL('../../', import.meta.url).pathname;
const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

const withLinks = (name: string, list: Story[]): Story[] =>
  list.map((s) => ({ ...s, link: `https://${name}.example/a/${s.guid}` }));
const rssStories = withLinks(
  'saved-rss',
  stories(4, () => false, 41),
);
const atomStories = withLinks(
  'saved-atom',
  stories(3, () => false, 42),
);
const lineStories = withLinks(
  'lines',
  stories(5, () => false, 43),
);
const cliStories = withLinks(
  'cli-lines',
  stories(6, () => false, 44),
);
const sigintStories = withLinks(
  'sigint-lines',
  stories(16, () => false, 45),
);

const jsonLines = (list: Story[], source: string): string =>
  list
    .map((s) =>
      JSON.stringify({
        title: s.title,
        body: s.body,
        url: s.link,
        published: '2025-05-01T08:00:00Z',
        source,
      }),
    )
    .join('\n');

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ws-import-'));
  mkdirSync(join(dir, 'feeds'));
  writeFileSync(
    join(dir, 'feeds', 'saved.rss'),
    `<?xml version="1.0"?><rss version="2.0"><channel><title>Saved Wire</title><link>https://saved-rss.example/</link>${rssStories
      .map(
        (s) =>
          `<item><guid>${s.link}</guid><title>${escape(s.title)}</title><link>${s.link}</link><pubDate>Thu, 01 May 2025 08:00:00 GMT</pubDate><description>${escape(s.body)}</description></item>`,
      )
      .join('')}</channel></rss>`,
  );
  writeFileSync(
    join(dir, 'feeds', 'saved.atom'),
    `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title><id>urn:atom-desk</id><updated>2025-05-01T08:00:00Z</updated>${atomStories
      .map(
        (s) =>
          `<entry><id>${s.link}</id><title>${escape(s.title)}</title><link href="${s.link}"/><updated>2025-05-01T08:00:00Z</updated><content type="html">${escape(s.body)}</content></entry>`,
      )
      .join('')}</feed>`,
  );
  writeFileSync(join(dir, 'articles.jsonl'), `${jsonLines(lineStories, 'Lines Agency')}\n\n`);
  writeFileSync(join(dir, 'notes.txt'), 'not a feed, left out of a folder import\n');
  return dir;
}

let services: JobServices;
const articles = async (): Promise<ArticleRecord[]> =>
  (await readAll(kafkaBrokers(), [`${prefix}news.articles.v1`])).map((r) => r.value as ArticleRecord);
const cliEnv = {
  ...process.env,
  KAFKA_BROKERS: kafkaBrokers().join(','),
  KAFKA_TOPIC_PREFIX: prefix,
  REDIS_URL: redisUrl(),
  REDIS_KEY_PREFIX: prefix,
  LOG_LEVEL: 'warn',
  REPLAY_MAX_RECORDS_PER_SECOND: '0',
};
const cli = ['--conditions=source', '--import', 'tsx', 'services/cli/src/bin.ts'];
const lastJson = (stdout: string): Record<string, unknown> =>
  JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;

beforeAll(async () => {
  services = await openJobServices(config, createLogger('warn'));
});
afterAll(async () => {
  await services?.close();
});

describe('import', () => {
  const dir = folder();

  it('finds feed files and JSON Lines in a folder, in a stable order', () => {
    expect(importFiles([dir]).map((f) => [f.file.slice(dir.length), f.kind])).toEqual([
      ['/articles.jsonl', 'lines'],
      ['/feeds/saved.atom', 'feed'],
      ['/feeds/saved.rss', 'feed'],
    ]);
  });

  it('publishes every article of the feed files and the JSON Lines once', async () => {
    const summary = await importPaths(services, { paths: [dir] });
    const expected = rssStories.length + atomStories.length + lineStories.length;
    expect(summary).toMatchObject({
      kind: 'import',
      read: expected,
      new: expected,
      failed: 0,
      stopped: false,
    });
    const published = await articles();
    expect(published).toHaveLength(expected);
    const byUrl = new Map(published.map((a) => [a.url, a]));
    expect(byUrl.get(rssStories[0]!.link)?.source).toMatchObject({
      feedId: 'file-saved',
      agency: 'Saved Wire',
    });
    expect(byUrl.get(atomStories[0]!.link)?.source.agency).toBe('Atom Desk');
    expect(byUrl.get(lineStories[0]!.link)?.source.agency).toBe('Lines Agency');
  });

  it('publishes nothing when the same files are imported again', async () => {
    const before = (await articles()).length;
    const summary = await importPaths(services, { paths: [dir] });
    expect(summary).toMatchObject({ new: 0, updated: 0, unchanged: before });
    expect(await articles()).toHaveLength(before);
  });

  it('--dry-run on the command line lists what would be published and publishes nothing', async () => {
    const before = (await articles()).length;
    const file = join(dir, 'cli.jsonl');
    writeFileSync(file, jsonLines(cliStories, 'Cli Desk'));
    const run = spawnSync('node', [...cli, 'import', file, '--dry-run'], {
      cwd: root,
      encoding: 'utf8',
      env: cliEnv,
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.type === 'change')).toHaveLength(cliStories.length);
    expect(lastJson(run.stdout)).toMatchObject({
      type: 'summary',
      dryRun: true,
      new: cliStories.length,
      read: cliStories.length,
    });
    // Progress went to stderr as JSON lines (not a terminal), ending with a final one.
    const progress = run.stderr.split('\n').filter((l) => l.includes('"type":"progress"'));
    expect(JSON.parse(progress.pop()!)).toMatchObject({ final: true, kind: 'import' });
    expect(await articles()).toHaveLength(before);
  });

  it('stops on SIGINT with a checkpoint and resumes without publishing an article twice', async () => {
    const before = (await articles()).length;
    const file = join(dir, 'sigint.jsonl');
    writeFileSync(file, jsonLines(sigintStories, 'Sigint Desk'));
    const args = [...cli, 'import', file, '--rate', '4'];
    const child = spawn('node', args, { cwd: root, env: cliEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const interrupted = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // Interrupt once the first progress line shows some records done.
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/"type":"progress".*"new":[1-9]/.test(stderr)) resolve();
      }),
    );
    child.kill('SIGINT');
    expect(await interrupted).toBe(130);
    const first = lastJson(stdout);
    expect(first).toMatchObject({ stopped: true });
    expect(first.new as number).toBeLessThan(sigintStories.length);

    const rest = spawnSync('node', [...cli, 'import', file, '--rate', '0'], {
      cwd: root,
      encoding: 'utf8',
      env: cliEnv,
      timeout: 120_000,
    });
    expect(rest.status, rest.stderr).toBe(0);
    const second = lastJson(rest.stdout);
    expect(second).toMatchObject({ resumed: true, stopped: false });
    expect((first.new as number) + (second.new as number)).toBe(sigintStories.length);
    const published = await articles();
    expect(published).toHaveLength(before + sigintStories.length);
    expect(new Set(published.map((a) => a.id)).size).toBe(published.length);
  });
});
