import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { FeedList, validate, type FeedSource } from '@wirestream/contract';

/**
 * Reads a YAML feed list. `{{name}}` placeholders are filled from `vars` (the bundled samples use
 * `{{base}}` for the address of the local sample server).
 */
export function loadFeedList(file: string, vars: Record<string, string> = {}): FeedSource[] {
  const text = readFileSync(file, 'utf8').replace(
    /\{\{(\w+)\}\}/g,
    (whole, name: string) => vars[name] ?? whole,
  );
  return validate(FeedList, parseYaml(text), `feed list ${file}`).feeds;
}
