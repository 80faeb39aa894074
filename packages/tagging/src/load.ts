import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseGazetteer, type Gazetteer } from './gazetteer.js';
import { parseTaxonomy } from './taxonomy.js';
import { createTagger } from './tagger.js';
import type { Tagger } from './types.js';

// The data files ship next to src/ and dist/, so one relative path serves both.
export const DEFAULT_TAXONOMY_PATH = fileURLToPath(new URL('../taxonomy/taxonomy.yaml', import.meta.url));
export const DEFAULT_GAZETTEER_DIR = fileURLToPath(new URL('../gazetteer/', import.meta.url));

export function loadGazetteer(dir: string = DEFAULT_GAZETTEER_DIR): Gazetteer {
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  return parseGazetteer({
    countries: read('countries.yaml'),
    people: read('people.yaml'),
    organizations: read('organizations.yaml'),
  });
}

/** Loads the bundled (or given) taxonomy and the bundled gazetteer and builds the tagger. */
export function loadTagger(options: { taxonomyPath?: string; gazetteerDir?: string } = {}): Tagger {
  const taxonomy = parseTaxonomy(readFileSync(options.taxonomyPath ?? DEFAULT_TAXONOMY_PATH, 'utf8'));
  return createTagger(taxonomy, loadGazetteer(options.gazetteerDir));
}
