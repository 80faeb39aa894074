import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseGazetteer, type Gazetteer, type GazetteerFiles } from './gazetteer.js';
import { parseTaxonomy } from './taxonomy.js';
import { createTagger } from './tagger.js';
import type { Tagger } from './types.js';

// The data files ship next to src/ and dist/, so one relative path serves both.
export const DEFAULT_TAXONOMY_PATH = fileURLToPath(new URL('../taxonomy/taxonomy.yaml', import.meta.url));
export const DEFAULT_GAZETTEER_DIR = fileURLToPath(new URL('../gazetteer/', import.meta.url));

/** The gazetteer files a tagger reads, relative to the gazetteer directory. */
export const GAZETTEER_FILES = ['countries.yaml', 'people.yaml', 'organizations.yaml'] as const;

function readGazetteerFiles(dir: string): GazetteerFiles {
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  return {
    countries: read('countries.yaml'),
    people: read('people.yaml'),
    organizations: read('organizations.yaml'),
  };
}

export function loadGazetteer(dir: string = DEFAULT_GAZETTEER_DIR): Gazetteer {
  return parseGazetteer(readGazetteerFiles(dir));
}

/**
 * The version written into records: the taxonomy's own `version` field, for people, plus a hash of
 * the taxonomy and gazetteer text, so that every change to the rules shows in the records even
 * when nobody bumped the field (or only the gazetteer changed).
 */
export function taxonomyVersionOf(
  taxonomyVersion: string,
  taxonomyText: string,
  files: GazetteerFiles,
): string {
  const hash = createHash('sha256');
  for (const text of [taxonomyText, files.countries, files.people, files.organizations]) {
    hash.update(text).update('\u0000');
  }
  return `${taxonomyVersion}+${hash.digest('hex').slice(0, 8)}`;
}

/**
 * Loads the bundled (or given) taxonomy and gazetteer and builds the tagger; throws when a file is
 * missing or invalid.
 */
export function loadTagger(options: { taxonomyPath?: string; gazetteerDir?: string } = {}): Tagger {
  const text = readFileSync(options.taxonomyPath ?? DEFAULT_TAXONOMY_PATH, 'utf8');
  const files = readGazetteerFiles(options.gazetteerDir ?? DEFAULT_GAZETTEER_DIR);
  const taxonomy = parseTaxonomy(text);
  return createTagger(taxonomy, parseGazetteer(files), {
    version: taxonomyVersionOf(taxonomy.version, text, files),
  });
}
