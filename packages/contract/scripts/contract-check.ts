/**
 * `pnpm contract:check`: every current JSON Schema against the last release in
 * packages/contract/released/, by the evolution policy of docs/consumers.md (src/compat.ts,
 * src/contract-policy.ts). Exits 1 on a change that could break an existing reader of a topic (or
 * an existing config file or feed list). Last line: one JSON object with `schemas`, `compatible`,
 * `breaking` (a list), `additive` (a list) and `against` (the release compared with).
 */
import { checkSchemas, type SchemaFinding } from '../src/compat.js';
import { CONTRACT_POLICY, topicsOfSchema } from '../src/contract-policy.js';
import { CONTRACT_VERSION } from '../src/version.js';
import { compareVersions, currentSchemas, readRelease, releasedVersions } from './released.js';

const versions = releasedVersions();
const against = versions.at(-1);
if (!against) {
  console.log('no release in packages/contract/released/: cut one with `pnpm contract:release`');
  console.log(JSON.stringify({ schemas: 0, compatible: false, breaking: [], additive: [], against: null }));
  process.exit(1);
}

const released = readRelease(against);
const current = currentSchemas();
const report = checkSchemas(released, current, CONTRACT_POLICY);
const line = (f: SchemaFinding) => `${f.path} ${f.change}: ${f.detail}`;

/** What a breaking change needs: a new version of each topic the schema describes, or a deprecation. */
function remedy(schema: string): string {
  const topics = topicsOfSchema(schema);
  // A released topic schema whose topic left the registry still names its topic.
  const known =
    topics.length > 0 ? topics : [schema.replace(/\.json$/, '')].filter((n) => n.startsWith('news.'));
  if (known.length === 0)
    return 'existing files must stay valid: accept the old form too (deprecate it in the docs) rather than removing or narrowing it';
  const next = known.map((t) => t.replace(/\.v(\d+)$/, (_, v: string) => `.v${Number(v) + 1}`));
  const shown =
    next.length > 3 ? `${next.slice(0, 2).join(', ')} and ${next.length - 2} more` : next.join(', ');
  return `this breaks existing readers of ${known[0]}${known.length > 1 ? ` (and ${known.length - 1} more topics)` : ''}: publish the new form on a new topic version (${shown}) beside the old one, and leave ${known[0]} as released`;
}

for (const schema of [...new Set([...Object.keys(released), ...Object.keys(current)])].sort()) {
  const breaking = report.breaking.filter((f) => f.schema === schema);
  const additive = report.additive.filter((f) => f.schema === schema);
  const mode = CONTRACT_POLICY.modeOf(schema);
  if (breaking.length === 0 && additive.length === 0) console.log(`${schema}: unchanged since ${against}`);
  else if (breaking.length === 0) console.log(`${schema}: compatible with ${against} (${mode})`);
  else console.log(`${schema}: BREAKING against ${against} (${mode}): ${remedy(schema)}`);
  for (const f of breaking) console.log(`  ✗ ${line(f)}`);
  for (const f of additive) console.log(`  + ${line(f)}`);
}
if (report.compatible && report.additive.length > 0 && compareVersions(CONTRACT_VERSION, against) <= 0)
  console.log(
    `note: schemas changed since ${against} but CONTRACT_VERSION is ${CONTRACT_VERSION}; raise it (src/version.ts) before the next release`,
  );
console.log(
  report.compatible
    ? `contract compatible with release ${against}: ${report.additive.length} additive changes`
    : `contract NOT compatible with release ${against}: ${report.breaking.length} breaking changes`,
);
console.log(JSON.stringify({ ...report, against }));
process.exit(report.compatible ? 0 : 1);
