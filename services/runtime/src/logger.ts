import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

const REDACTED = '[redacted]';

/** Secret values handed to Kafka and Redis clients in this process; scrubbed from every log line. */
const secrets = new Set<string>();

// Shorter "secrets" would turn ordinary words of every log line into [redacted]; a password that short
// protects nothing anyway.
const MIN_SECRET_LENGTH = 3;

/**
 * Makes a secret value unloggable: every log line is scrubbed of it (as written and as JSON-escaped)
 * before it leaves the process. Clients call this as soon as they receive a password, so errors
 * thrown by libraries that quote their options cannot leak it either.
 */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < MIN_SECRET_LENGTH) return;
  secrets.add(value);
  const escaped = JSON.stringify(value).slice(1, -1);
  if (escaped !== value) secrets.add(escaped);
  const decoded = safeDecode(value);
  if (decoded !== value && decoded.length >= MIN_SECRET_LENGTH) secrets.add(decoded);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

// scheme://user:password@  — the credentials part of any URL, also inside longer text.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@"'<>]*:[^\s/@"'<>]*@/gi;

/** Text with URL credentials and every registered secret replaced by [redacted]. */
/** The message of a thrown value, whatever was thrown. */
export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function scrubSecrets(text: string): string {
  let out = text.replace(URL_CREDENTIALS, `$1${REDACTED}@`);
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

// Field names that hold credentials, at the top and one level down, plus where a logged config keeps
// them. Deeper wildcards cost pino several times more per line; values nested deeper are still caught
// by the line scrubber, because every secret the config loader hands out is registered.
const SECRET_KEYS = ['password', 'passphrase', 'keyPassword', 'sasl', 'authorization', 'cookie'];
const REDACT_PATHS = [
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`]),
  '*.tls.keyPassword',
  'config.kafka.sasl',
  'config.kafka.tls.keyPassword',
  'config.redis.password',
  'config.redis.tls.keyPassword',
];

/**
 * Structured JSON logs on stderr: stdout belongs to command output (`enrich`, `tail`), so logs never
 * mix into data a user pipes on. Credentials are removed twice: by field name (redact) and, as a
 * last line of defence, from the finished line (URL credentials and registered secret values).
 */
export function createLogger(
  /** config.log.level (LOG_LEVEL reaches it through the config loader). */
  level = 'info',
  name = 'wirestream',
  destination: DestinationStream = pino.destination({ fd: 2, sync: false }),
): Logger {
  return pino(
    {
      name,
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      hooks: { streamWrite: scrubSecrets },
    },
    destination,
  );
}

/** Strips credentials from a URL before it is logged or stored in an error record. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return parsed.toString();
    parsed.username = '';
    parsed.password = '';
    // The same shape the line scrubber produces, so a URL reads alike wherever it was cleaned.
    return parsed.toString().replace('//', `//${REDACTED}@`);
  } catch {
    return scrubSecrets(url);
  }
}
