/** The released contracts kept in packages/contract/released/<version>/, and the current one. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { JsonSchema } from '../src/compat.js';
import { renderJsonSchemas } from '../src/json-schema.js';

export const RELEASED_DIR = fileURLToPath(new URL('../released/', import.meta.url));

const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;
const parts = (v: string): number[] => SEMVER.exec(v)!.slice(1).map(Number);

/** -1, 0 or 1 as semver `a` is below, equal to or above `b`. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return 0;
}

/** The released versions, oldest first. */
export function releasedVersions(): string[] {
  if (!existsSync(RELEASED_DIR)) return [];
  return readdirSync(RELEASED_DIR)
    .filter((name) => SEMVER.test(name))
    .sort(compareVersions);
}

export function readRelease(version: string): Record<string, JsonSchema> {
  const dir = `${RELEASED_DIR}${version}/`;
  return Object.fromEntries(
    readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .map((file) => [file, JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as JsonSchema]),
  );
}

/** The JSON Schema of every document as the source in this tree renders it (not the checked-in files). */
export function currentSchemas(): Record<string, JsonSchema> {
  return Object.fromEntries(
    Object.entries(renderJsonSchemas()).map(([file, text]) => [file, JSON.parse(text) as JsonSchema]),
  );
}
