/**
 * `pnpm schemas:generate`: writes every file generated from the contract (json-schema/*.json,
 * asyncapi.yaml, docs/asyncapi.md) once the official AsyncAPI parser accepted the document.
 * `--check` writes nothing and fails, naming them, when checked-in files are stale or missing.
 * Last line: one JSON object with `files`, `stale` (a list) and `asyncapiErrors`.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ASYNCAPI_FILE, JSON_SCHEMA_DIR, renderGeneratedFiles } from '../src/generated.js';
import { parseAsyncApi } from './asyncapi-parser.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const check = process.argv.includes('--check');
const files = renderGeneratedFiles();

const errors = await parseAsyncApi(files[ASYNCAPI_FILE]!);
for (const e of errors) console.error(`${ASYNCAPI_FILE}: ${e}`);

const current = (path: string): string | null =>
  existsSync(`${root}${path}`) ? readFileSync(`${root}${path}`, 'utf8') : null;
const stale = Object.keys(files).filter((path) => current(path) !== files[path]);
// A schema file no source renders any more is stale too.
for (const file of readdirSync(`${root}${JSON_SCHEMA_DIR}`))
  if (!(`${JSON_SCHEMA_DIR}${file}` in files)) stale.push(`${JSON_SCHEMA_DIR}${file} (no longer generated)`);

if (check) {
  for (const path of stale) console.log(`stale: ${path}`);
  if (stale.length > 0) console.log('run `pnpm schemas:generate` and commit the result');
  else console.log(`${Object.keys(files).length} generated files up to date`);
} else if (errors.length === 0) {
  for (const [path, text] of Object.entries(files)) {
    if (current(path) === text) continue;
    mkdirSync(dirname(`${root}${path}`), { recursive: true });
    writeFileSync(`${root}${path}`, text);
    console.log(`wrote ${path}`);
  }
  for (const path of stale.filter((p) => p.endsWith('(no longer generated)')))
    console.log(`left in place, delete it by hand: ${path}`);
}
console.log(JSON.stringify({ files: Object.keys(files).length, stale, asyncapiErrors: errors.length }));
process.exit(errors.length > 0 || (check && stale.length > 0) ? 1 : 0);
