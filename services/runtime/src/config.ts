import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { WirestreamConfig, validate } from '@wirestream/contract';
import { registerSecret } from './logger.js';

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
  ['KAFKA_SSL_CA_FILE', ['kafka', 'tls', 'caFile'], String],
  ['KAFKA_SSL_CERT_FILE', ['kafka', 'tls', 'certFile'], String],
  ['KAFKA_SSL_KEY_FILE', ['kafka', 'tls', 'keyFile'], String],
  ['KAFKA_SSL_KEY_PASSWORD', ['kafka', 'tls', 'keyPassword'], String],
  ['KAFKA_SSL_SERVERNAME', ['kafka', 'tls', 'servername'], String],
  ['KAFKA_SSL_REJECT_UNAUTHORIZED', ['kafka', 'tls', 'rejectUnauthorized'], bool],
  ['REDIS_URL', ['redis', 'url'], String],
  ['REDIS_USERNAME', ['redis', 'username'], String],
  ['REDIS_PASSWORD', ['redis', 'password'], String],
  ['REDIS_TLS_CA_FILE', ['redis', 'tls', 'caFile'], String],
  ['REDIS_TLS_CERT_FILE', ['redis', 'tls', 'certFile'], String],
  ['REDIS_TLS_KEY_FILE', ['redis', 'tls', 'keyFile'], String],
  ['REDIS_TLS_KEY_PASSWORD', ['redis', 'tls', 'keyPassword'], String],
  ['REDIS_TLS_SERVERNAME', ['redis', 'tls', 'servername'], String],
  ['REDIS_TLS_REJECT_UNAUTHORIZED', ['redis', 'tls', 'rejectUnauthorized'], bool],
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
  ['FETCH_ALLOW_PRIVATE_NETWORKS', ['fetcher', 'allowPrivateNetworks'], bool],
  ['ENRICHER_GROUP_ID', ['enricher', 'groupId'], String],
  ['DEDUPE_WINDOW_DAYS', ['enricher', 'dedupeWindowDays'], Number],
  ['ENRICHER_DELIVERY', ['enricher', 'delivery'], String],
  ['ENRICHER_SESSION_TIMEOUT_MS', ['enricher', 'sessionTimeoutMs'], int],
  ['ENRICHER_NINJS', ['enricher', 'ninjs'], bool],
  ['WIRESTREAM_TAXONOMY', ['enricher', 'taxonomyFile'], String],
  ['REPLAY_MAX_RECORDS_PER_SECOND', ['replay', 'maxRecordsPerSecond'], Number],
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

/** The path of the first secret written into a config file: a password key, or a URL carrying credentials. */
function secretInFile(node: unknown, path = ''): string | undefined {
  if (typeof node === 'string') {
    return /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]*@/i.test(node) ? `the credentials in ${path}` : undefined;
  }
  if (!node || typeof node !== 'object') return undefined;
  for (const [key, value] of Object.entries(node)) {
    const at = path ? `${path}.${key}` : key;
    if (/password|passphrase/i.test(key)) return `the password ${at}`;
    const found = secretInFile(value, at);
    if (found) return found;
  }
  return undefined;
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
    const secret = secretInFile(tree);
    if (secret) {
      throw new Error(
        `${file}: ${secret} belongs in the environment (KAFKA_SASL_PASSWORD, REDIS_PASSWORD, ...), not in the config file`,
      );
    }
  }
  const fromEnv: Tree = {};
  for (const [name, path, convert] of ENV_MAP) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(fromEnv, path, convert(value));
  }
  const config = validate(WirestreamConfig, merge(merge(tree, fromEnv), options.overrides ?? {}), 'config');
  // From here on no log line of this process can carry these values (see logger.ts).
  for (const secret of [
    config.kafka.sasl?.password,
    config.kafka.tls?.keyPassword,
    config.redis.password,
    config.redis.tls?.keyPassword,
    urlPassword(config.redis.url),
  ])
    registerSecret(secret);
  return config;
}

/**
 * Whether the user named the Kafka brokers (a config file given, or KAFKA_BROKERS set) rather than
 * leaving the default: `wirestream start` may start a local broker only in the second case.
 */
export function brokersNamed(options: LoadConfigOptions = {}): boolean {
  const env = options.env ?? process.env;
  return Boolean(options.file) || Boolean(env.KAFKA_BROKERS);
}

function urlPassword(url: string): string | undefined {
  try {
    return new URL(url).password || undefined;
  } catch {
    return undefined;
  }
}
