import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs on stderr: stdout belongs to command output (`enrich`, `tail`), so logs never
 * mix into data a user pipes on. Credentials are redacted wherever they appear.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', name = 'wirestream'): Logger {
  return pino(
    {
      name,
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'password',
          '*.password',
          '*.*.password',
          'sasl',
          '*.sasl',
          'authorization',
          '*.authorization',
        ],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: 2, sync: false }),
  );
}

/** Strips credentials from a URL before it is logged or stored in an error record. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = 'redacted';
    if (parsed.username) parsed.username = 'redacted';
    return parsed.toString();
  } catch {
    return url;
  }
}
