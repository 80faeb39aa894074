/**
 * The taxonomy is edited while a worker runs: the reloading tagger picks the change up from the
 * file, the records carry the new taxonomy version, and a broken edit leaves the old rules working.
 * No Kafka or Redis: only the file system.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReloadingTagger } from '@wirestream/runtime/enrichment';
import { DEFAULT_GAZETTEER_DIR, DEFAULT_TAXONOMY_PATH, GAZETTEER_FILES } from '@wirestream/tagging';

const dir = mkdtempSync(join(tmpdir(), 'ws-taxonomy-'));
const taxonomyPath = join(dir, 'taxonomy.yaml');
const gazetteerDir = join(dir, 'gazetteer');
mkdirSync(gazetteerDir);
for (const name of GAZETTEER_FILES) copyFileSync(join(DEFAULT_GAZETTEER_DIR, name), join(gazetteerDir, name));
const original = readFileSync(DEFAULT_TAXONOMY_PATH, 'utf8');
writeFileSync(taxonomyPath, original);

const errors: unknown[] = [];
const infos: unknown[] = [];
const tagger = new ReloadingTagger({
  taxonomyPath,
  gazetteerDir,
  intervalMs: 50,
  logger: { error: (fields) => errors.push(fields), info: (fields) => infos.push(fields) },
});
afterAll(() => {
  tagger.close();
  rmSync(dir, { recursive: true, force: true });
});

// A story in words the bundled lexicon does not know as a topic.
const article = {
  title: 'Banks race to prepare for quantum decryption',
  summary: 'Regulators warn that quantum decryption could expose stored customer records.',
  body: 'Several lenders have begun replacing the encryption of archived records, fearing quantum decryption within a decade.',
  language: 'en',
};
const slugs = (): string[] => tagger.tag(article).topics.map((t) => t.slug);

/** Inserts a term at the top of a topic's English terms: what an editor would do by hand. */
function withTerm(text: string, slug: string, term: string, weight: number): string {
  const at = text.indexOf(`  - slug: ${slug}\n`);
  const terms = text.indexOf('      en:\n        terms:\n          {\n', at);
  expect(at).toBeGreaterThanOrEqual(0);
  expect(terms).toBeGreaterThan(at);
  const insertAt = terms + '      en:\n        terms:\n          {\n'.length;
  return `${text.slice(0, insertAt)}            ${term}: ${weight},\n${text.slice(insertAt)}`;
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the taxonomy reload');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('taxonomy reload without a restart', () => {
  const first = tagger.taxonomyVersion;
  const version = (original.match(/^version: '([^']+)'/m) ?? [])[1]!;

  it('starts from the file it was given, with the version field plus a content hash', () => {
    expect(first.startsWith(`${version}+`)).toBe(true);
    expect(tagger.tag(article).taxonomyVersion).toBe(first);
    expect(slugs()).not.toContain('cyber');
  });

  let second = '';
  it('applies an added term and a new version once the file changes', async () => {
    writeFileSync(
      taxonomyPath,
      withTerm(original, 'cyber', 'quantum decryption', 4).replace(
        /^version: .*$/m,
        "version: 'reload-test-2'",
      ),
    );
    await waitFor(() => tagger.taxonomyVersion !== first);
    second = tagger.taxonomyVersion;
    expect(second.startsWith('reload-test-2+')).toBe(true);
    const result = tagger.tag(article);
    expect(result.taxonomyVersion).toBe(second);
    expect(result.topics.map((t) => t.slug)).toContain('cyber');
    expect(result.topics.find((t) => t.slug === 'cyber')!.evidence[0]!.term).toBe('quantum decryption');
  });

  it('changes the version on an edit even when nobody bumps the version field', async () => {
    const current = readFileSync(taxonomyPath, 'utf8');
    writeFileSync(taxonomyPath, withTerm(current, 'cyber', 'post-quantum', 2));
    await waitFor(() => tagger.taxonomyVersion !== second);
    expect(tagger.taxonomyVersion.startsWith('reload-test-2+')).toBe(true);
    second = tagger.taxonomyVersion;
  });

  it('keeps the old rules and logs when the edit does not parse or validate', async () => {
    const before = errors.length;
    writeFileSync(taxonomyPath, `${readFileSync(taxonomyPath, 'utf8')}\n  - slug: [unclosed\n`);
    await waitFor(() => errors.length > before);
    expect(tagger.taxonomyVersion).toBe(second);
    expect(slugs()).toContain('cyber');

    // Valid YAML that breaks the schema (a negative threshold) is refused the same way.
    const afterSyntax = errors.length;
    const invalid = original.replace(/threshold: 5\n/, 'threshold: -5\n');
    expect(invalid).not.toBe(original);
    writeFileSync(taxonomyPath, invalid);
    await waitFor(() => errors.length > afterSyntax);
    expect(tagger.taxonomyVersion).toBe(second);
    expect(slugs()).toContain('cyber');
  });

  it('recovers with the next valid save', async () => {
    writeFileSync(taxonomyPath, original);
    await waitFor(() => tagger.taxonomyVersion !== second);
    expect(tagger.taxonomyVersion).toBe(first);
    expect(slugs()).not.toContain('cyber');
    expect(infos.length).toBeGreaterThanOrEqual(3);
  });
});
