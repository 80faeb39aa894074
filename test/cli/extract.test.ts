import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenLocal } from '../support/listen.js';

const root = new URL('../../', import.meta.url).pathname;
const corpus = `${root}../shared/corpora/article-extraction/html`;

function wirestream(
  args: string[],
  env: Record<string, string> = {},
  input = '',
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      'node',
      ['--conditions=source', '--import', 'tsx', 'services/cli/src/bin.ts', ...args],
      {
        cwd: root,
        env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

// A page written for this test: the story, and the furniture an extractor must leave out.
const story = [
  'The harbour authority of a small northern port reopened its ferry terminal on Monday after three weeks of repairs to the storm-damaged quay.',
  'Engineers replaced forty metres of the outer wall and reinforced the ramp that lorries use to board the night ferry, the authority said in a statement.',
  'Local traders said the closure had cost them most of the autumn tourist trade, and asked the regional council for help with the losses.',
];
const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ferry terminal reopens | Coastal Courier</title>
<meta property="og:site_name" content="Coastal Courier">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Ferry terminal reopens after storm repairs","datePublished":"2026-11-30T08:00:00Z","author":{"@type":"Person","name":"Ines Varga"}}</script>
</head><body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
<article><h1>Ferry terminal reopens after storm repairs</h1>${story.map((p) => `<p>${p}</p>`).join('')}</article>
<aside class="related"><h2>Related</h2><ul><li><a href="/a">Storm closes the port</a></li><li><a href="/b">Council meets traders</a></li></ul></aside>
<footer>© Coastal Courier. All rights reserved.</footer></body></html>`;

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/story')
      return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    if (req.url === '/moved') return void res.writeHead(301, { location: '/story' }).end();
    if (req.url === '/image') return void res.writeHead(200, { 'content-type': 'image/png' }).end('PNG');
    res.writeHead(404).end('not here');
  });
  base = await listenLocal(server);
});
afterAll(() => server.close());

describe('wirestream extract', () => {
  it('extracts the story from a page on stdin, with metadata and where it came from', async () => {
    const run = await wirestream(['extract', '-'], {}, page);
    expect(run.status).toBe(0);
    const article = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(article['text']).toBe(story.join('\n\n'));
    expect(article).toMatchObject({
      author: 'Ines Varga',
      publishedAt: '2026-11-30T08:00:00.000Z',
      siteName: 'Coastal Courier',
    });
    expect(String(article['text'])).not.toMatch(/cookies|Related|rights reserved/);
  });

  it('fetches a page by URL over HTTP, following a redirect, and refuses what is not HTML', async () => {
    const env = { FETCH_ALLOW_PRIVATE_NETWORKS: 'true' };
    const run = await wirestream(['extract', '--url', `${base}/moved`], env);
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { text: string }).text).toBe(story.join('\n\n'));
    const image = await wirestream(['extract', '--url', `${base}/image`], env);
    expect(image.status).not.toBe(0);
    expect(image.stderr).toMatch(/not an HTML page/);
    const missing = await wirestream(['extract', '--url', `${base}/nothing`], env);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/404/);
  });

  it('refuses a private address unless the configuration allows it', async () => {
    const run = await wirestream(['extract', '--url', `${base}/story`]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/private|blocked|refused/i);
  });

  it('prints one JSON line per file of a folder, gzipped or not, and names a file it could not read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wirestream-extract-'));
    try {
      writeFileSync(join(dir, 'a.html'), page);
      writeFileSync(join(dir, 'b.html.gz'), gzipSync(page));
      writeFileSync(join(dir, 'c.html.gz'), 'not gzip at all');
      writeFileSync(join(dir, 'notes.txt'), 'ignored');
      const run = await wirestream(['extract', '--dir', dir]);
      expect(run.status).toBe(1);
      const lines = run.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.map((l) => l['file'])).toEqual(['a.html', 'b.html.gz', 'c.html.gz']);
      expect(lines[0]!['text']).toBe(story.join('\n\n'));
      expect(lines[1]!['text']).toBe(story.join('\n\n'));
      expect(String(lines[2]!['error'])).toMatch(/header|gzip/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads every page of the extraction benchmark corpus', { timeout: 120_000 }, async () => {
    const pages = readdirSync(corpus).filter((f) => f.endsWith('.html.gz'));
    expect(pages.length).toBe(181);
    const run = await wirestream(['extract', '--dir', corpus]);
    expect(run.status).toBe(0);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; text: string });
    expect(lines.map((l) => l.file)).toEqual([...pages].sort());
    // Every page is a news or blog article: each yields a story, not an empty string.
    expect(lines.filter((l) => l.text.length < 200).map((l) => l.file)).toEqual([]);
  });
});
