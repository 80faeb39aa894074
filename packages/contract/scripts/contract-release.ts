/**
 * `pnpm contract:release`: records the current JSON Schema of every document as release
 * CONTRACT_VERSION (src/version.ts) in packages/contract/released/<version>/, the baseline of the
 * next `pnpm contract:check`. Refuses when that version is not above the last release, or when the
 * contract is not compatible with the last release. The schemas come from the source, as
 * `pnpm schemas:generate` renders them. How to cut one: docs/consumers.md#cutting-a-release.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { checkSchemas } from '../src/compat.js';
import { CONTRACT_POLICY } from '../src/contract-policy.js';
import { renderJsonSchemas } from '../src/json-schema.js';
import { CONTRACT_VERSION } from '../src/version.js';
import { RELEASED_DIR, compareVersions, currentSchemas, readRelease, releasedVersions } from './released.js';

const fail = (message: string): never => {
  console.error(`contract:release: ${message}`);
  process.exit(1);
};

const last = releasedVersions().at(-1);
if (last && compareVersions(CONTRACT_VERSION, last) <= 0)
  fail(
    `CONTRACT_VERSION ${CONTRACT_VERSION} is not above the last release ${last}: raise it in packages/contract/src/version.ts`,
  );
if (last) {
  const report = checkSchemas(readRelease(last), currentSchemas(), CONTRACT_POLICY);
  if (!report.compatible)
    fail(`${report.breaking.length} breaking changes against ${last}: see pnpm contract:check`);
}
const dir = `${RELEASED_DIR}${CONTRACT_VERSION}/`;
mkdirSync(dir, { recursive: true });
const files = renderJsonSchemas();
for (const [file, text] of Object.entries(files)) writeFileSync(`${dir}${file}`, text);
console.log(
  `released contract ${CONTRACT_VERSION}: ${Object.keys(files).length} schemas in packages/contract/released/${CONTRACT_VERSION}/`,
);
