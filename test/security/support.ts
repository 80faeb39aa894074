/**
 * Helpers shared by the security tests: a logger whose lines the test can read, and a wait for the
 * first sign of a failure from clients that retry on their own.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createLogger, type Logger } from '@wirestream/runtime';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const run = promisify(execFile);

/** A password nobody could guess or have hard-coded, with characters that need escaping in URLs. */
export const freshPassword = (label: string): string => `${label}-${randomBytes(9).toString('base64url')}`;

export interface CapturedLog {
  logger: Logger;
  /** Every line written so far, as the process would have printed it. */
  text(): string;
  lines(): Array<Record<string, unknown>>;
}

/** A real pino logger (the project's, with its redaction) writing into memory instead of stderr. */
export function captureLog(level = 'debug'): CapturedLog {
  const written: string[] = [];
  const logger = createLogger(level, 'security-test', { write: (line: string) => written.push(line) });
  return {
    logger,
    text: () => written.join(''),
    lines: () => written.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/**
 * Resolves with the first failure of `attempt`: its rejection, or a log line matching `pattern`
 * (clients that retry a failed connection for minutes log each attempt long before they give up).
 */
export async function firstFailure(
  attempt: Promise<unknown>,
  log: CapturedLog,
  pattern: RegExp,
  timeoutMs = 30_000,
): Promise<string> {
  let poll: NodeJS.Timeout | undefined;
  const fromLog = new Promise<string>((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    poll = setInterval(() => {
      const line = log.lines().find((l) => pattern.test(JSON.stringify(l)));
      if (line) resolve([line.msg, line.error, line.err].filter(Boolean).map(String).join(': '));
      else if (Date.now() > deadline)
        reject(new Error(`no failure matching ${pattern} within ${timeoutMs} ms`));
    }, 100);
  });
  const fromPromise = attempt.then(
    () => {
      throw new Error('expected the connection to fail, but it succeeded');
    },
    (err: unknown) =>
      err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}` : String(err),
  );
  try {
    return await Promise.race([fromLog, fromPromise]);
  } finally {
    clearInterval(poll);
  }
}

/**
 * A throwaway CA with a server certificate for 127.0.0.1/localhost and a client certificate, as PEM
 * files in `dir`: ca.pem, server.pem, server.key, client.pem, client.key.
 */
export async function makeCertificates(dir: string): Promise<void> {
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  await openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=security test CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
  );
  for (const who of ['server', 'client']) {
    await openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${who}`,
      '-keyout',
      `${who}.key`,
      '-out',
      `${who}.csr`,
    );
    await writeFile(
      join(dir, `${who}.ext`),
      `subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=${who === 'server' ? 'serverAuth' : 'clientAuth'}\n`,
    );
    await openssl(
      'x509',
      '-req',
      '-in',
      `${who}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      `${who}.ext`,
      '-out',
      `${who}.pem`,
    );
  }
}
