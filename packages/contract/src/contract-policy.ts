/**
 * The evolution policy of this contract, as `pnpm contract:check` applies it (docs/consumers.md,
 * schema evolution): which schema files are topic records (read by others: full compatibility) and
 * which are input documents (written by people: what was accepted stays accepted), and which enums
 * are open, so that a new value is additive. Readers must expect values of an open enum they do not
 * know (treat them as "other"); every enum not listed here is closed, and a value added to it needs a
 * new topic version. An enum is opened by a release (listed here and in the docs before any value is
 * added), never on the way to adding a value.
 */
import type { CompatMode, CompatPolicy } from './compat.js';
import { schemaMeta } from './asyncapi.js';
import { TOPICS } from './topics.js';

const ARTICLE_OPEN_ENUMS = [
  '.revisionReason',
  '.publishedAtNote',
  '.pageStatus',
  '.dedupe.status',
  '.dedupe.reason',
  '.dedupe.evidence.shared[].kind',
];

/** Open enums by schema file, at the paths the check reports. */
export const OPEN_ENUMS: Readonly<Record<string, readonly string[]>> = {
  'news.raw.v1.json': ['.feed.format', '.page.status'],
  'news.articles.v1.json': ARTICLE_OPEN_ENUMS,
  'news.duplicates.v1.json': ['.status', '.reason', ...ARTICLE_OPEN_ENUMS.map((p) => `.article${p}`)],
  'news.dlq.v1.json': ['.stage'],
};

const TOPIC_FILES = new Set(TOPICS.map((spec) => `${schemaMeta(spec.schema).id}.json`));

export const CONTRACT_POLICY: CompatPolicy = {
  // A released topic schema whose topic left the registry is still a topic's.
  modeOf: (file: string): CompatMode =>
    TOPIC_FILES.has(file) || file.startsWith('news.') ? 'topic' : 'input',
  isOpenEnum: (file: string, path: string): boolean => OPEN_ENUMS[file]?.includes(path) ?? false,
};

/** The topics whose records a schema file describes, e.g. news.articles.v1 and its streams. */
export const topicsOfSchema = (file: string): string[] =>
  TOPICS.filter((spec) => `${schemaMeta(spec.schema).id}.json` === file).map((spec) => spec.name);
