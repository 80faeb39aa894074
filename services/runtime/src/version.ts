import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** Stamped on every article so consumers can tell which code produced it. */
export const PIPELINE_VERSION: string = pkg.version;
