import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { WirestreamConfig, validate } from '@wirestream/contract';

type Env = Record<string, string | undefined>;
type Tree = Record<string, unknown>;

const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const int = (value: string): number => Number.parseInt(value, 10);
const bool = (value: string): boolean => /^(1|true|yes|on)$/i.test(value);

/** Environment variable → config path. The environment wins over the file; secrets live only here. */
const ENV_MAP: Array<[string, string[], (v: string) => unknown]> = [
  ['KAFKA_BROKERS', ['kafka', 'brokers'], list],
  ['KAFKA_CLIENT_ID', ['kafka', 'clientId'], String],
  ['KAFKA_TOPIC_PREFIX', ['kafka', 'topicPrefix'], String],
  ['KAFKA_SSL', ['kafka', 'ssl'], bool],
  ['KAFKA_REPLICATION_FACTOR', ['kafka', 'replicationFactor'], int],
  ['KAFKA_SASL_MECHANISM', ['kafka', 'sasl', 'mechanism'], (v) => v.toLowerCase()],
  ['KAFKA_SASL_USERNAME', ['kafka', 'sasl', 'username'], String],
  ['KAFKA_SASL_PASSWORD', ['kafka', 'sasl', 'password'], String],
  ['REDIS_URL', ['redis', 'url'], String],
  ['REDIS_KEY_PREFIX', ['redis', 'keyPrefix'], String],
  ['WIRESTREAM_FEEDS', ['fetcher', 'feedsFile'], String],
  ['FETCH_CONCURRENCY', ['fetcher', 'concurrency'], int],
  ['FETCH_TIMEOUT_MS', ['fetcher', 'timeoutMs'], int],
  ['FETCH_MAX_BODY_BYTES', ['fetcher', 'maxBodyBytes'], int],
  ['FETCH_MAX_REDIRECTS', ['fetcher', 'maxRedirects'], int],
  ['FETCH_MAX_PER_HOST', ['fetcher', 'maxPerHost'], int],
  ['FETCH_PARK_AFTER_FAILURES', ['fetcher', 'parkAfterFailures'], int],
  ['FETCH_LEASE_MS', ['fetcher', 'leaseMs'], int],
  ['FETCHER_REPLICA_ID', ['fetcher', 'replicaId'], String],
  ['ENRICHER_GROUP_ID', ['enricher', 'groupId'], String],
  ['DEDUPE_WINDOW_DAYS', ['enricher', 'dedupeWindowDays'], Number],
  ['LOG_LEVEL', ['log', 'level'], String],
  ['METRICS_PORT', ['metrics', 'port'], int],
];

function setPath(tree: Tree, path: string[], value: unknown): void {
  let node = tree;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Tree;
  }
  node[path[path.length - 1]!] = value;
}

function merge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] =
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      prev &&
      typeof prev === 'object' &&
      !Array.isArray(prev)
        ? merge(prev as Tree, value as Tree)
        : value;
  }
  return out;
}

export interface LoadConfigOptions {
  /** YAML file; defaults to $WIRESTREAM_CONFIG when set. */
  file?: string | undefined;
  env?: Env;
  /** Values from the command line; they win over both. */
  overrides?: Tree;
}

/** The one way to get configuration: file, then environment, then overrides, validated by the contract. */
export function loadConfig(options: LoadConfigOptions = {}): WirestreamConfig {
  const env = options.env ?? process.env;
  const file = options.file ?? env.WIRESTREAM_CONFIG;
  let tree: Tree = {};
  if (file) {
    const parsed: unknown = parseYaml(readFileSync(file, 'utf8'));
    if (parsed && typeof parsed === 'object') tree = parsed as Tree;
    if (JSON.stringify(tree).includes('"password"')) {
      throw new Error(
        `${file}: passwords belong in the environment (KAFKA_SASL_PASSWORD), not in the config file`,
      );
    }
  }
  const fromEnv: Tree = {};
  for (const [name, path, convert] of ENV_MAP) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(fromEnv, path, convert(value));
  }
  return validate(WirestreamConfig, merge(merge(tree, fromEnv), options.overrides ?? {}), 'config');
}
