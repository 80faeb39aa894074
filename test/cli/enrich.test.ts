import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArticleRecord } from '@wirestream/contract';

const root = new URL('../../', import.meta.url).pathname;
const devset = `${root}../shared/devset/articles.jsonl`;
const seedFile = `${root}../shared/examples/seed-article-de.txt`;

function wirestream(
  args: string[],
  input: string,
): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(
    'node',
    ['--conditions=source', '--import', 'tsx', 'services/cli/src/bin.ts', ...args],
    {
      cwd: root,
      input,
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'warn' },
    },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('wirestream enrich', () => {
  it('writes one valid article per devset line, in order', () => {
    expect(existsSync(devset)).toBe(true);
    const input = readFileSync(devset, 'utf8');
    const lines = input.split('\n').filter((l) => l.trim());
    const run = wirestream(['enrich'], input);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = run.stdout.trimEnd().split('\n');
    expect(out).toHaveLength(lines.length);
    out.forEach((text, i) => {
      const article = ArticleRecord.parse(JSON.parse(text));
      const source = JSON.parse(lines[i]!) as { title: string };
      expect(article.title).toBe(source.title.replace(/\s+/g, ' ').trim());
    });
  });

  it('tags the seed story: sanctions and bilateral relations, RU, AZ and US, pair AZ-RU', () => {
    const line = JSON.stringify({
      body: readFileSync(seedFile, 'utf8'),
      language: 'de',
      source: 'Agenturen',
    });
    const run = wirestream(['enrich'], `${line}\n`);
    expect(run.status).toBe(0);
    const article = ArticleRecord.parse(JSON.parse(run.stdout));
    const slugs = article.topics.map((t) => t.slug);
    expect(slugs).toEqual(
      expect.arrayContaining(['sanctions', 'bilateral-relations', 'energy', 'diplomacy']),
    );
    const primary = article.entities.countries.filter((c) => c.primary).map((c) => c.code);
    expect(primary).toEqual(expect.arrayContaining(['AZ', 'RU', 'US']));
    expect(article.bilateral.map((b) => b.pair)).toContain('AZ-RU');
    for (const topic of article.topics) expect(topic.evidence.length).toBeGreaterThan(0);
    expect(article.credit).toMatch(/Quelle: Agenturen/);
    expect(article.body).not.toMatch(/Quelle: Agenturen/);
  });

  it('marks an exact copy under another URL as a duplicate of the first line', () => {
    const body =
      'Die Hafenbehörde hat den Containerterminal nach dem Sturm für drei Tage geschlossen. '.repeat(8);
    const a = JSON.stringify({ title: 'Terminal geschlossen', body, url: 'https://one.example/a' });
    const b = JSON.stringify({ title: 'Hafen dicht', body, url: 'https://two.example/b?utm_source=x' });
    const run = wirestream(['enrich'], `${a}\n${b}\n`);
    const [first, second] = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => ArticleRecord.parse(JSON.parse(l)));
    expect(first!.dedupe.status).toBe('unique');
    expect(second!.dedupe).toMatchObject({ status: 'duplicate', duplicateOf: first!.id });
    expect(second!.storyId).toBe(first!.storyId);
  });

  it('answers a line it cannot read with an error in its place and a non-zero exit', () => {
    const run = wirestream(['enrich'], `{"title": "ok", "body": "Ein kurzer Text."}\nnot json\n`);
    expect(run.status).toBe(1);
    const out = run.stdout.trimEnd().split('\n');
    expect(out).toHaveLength(2);
    expect(JSON.parse(out[1]!)).toMatchObject({ line: 2 });
    expect(run.stderr).toMatch(/line 2: invalid JSON/);
  });
});
