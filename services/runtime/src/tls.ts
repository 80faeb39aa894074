import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { TlsConfig } from '@wirestream/contract';

function readPem(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    // The path is configuration, not a secret; the file's content never appears in the message.
    throw new Error(
      `cannot read the TLS ${what} file ${path}: ${(err as NodeJS.ErrnoException).code ?? err}`,
    );
  }
}

/**
 * Node TLS options from the configured file paths, read once when a client is built. Without a CA
 * file Node's bundled CAs apply; certificates are always verified unless rejectUnauthorized is false.
 */
export function tlsConnectionOptions(config: TlsConfig | undefined): ConnectionOptions {
  const options: ConnectionOptions = { rejectUnauthorized: config?.rejectUnauthorized ?? true };
  if (!config) return options;
  if (config.caFile) options.ca = readPem(config.caFile, 'CA');
  if (config.certFile) options.cert = readPem(config.certFile, 'certificate');
  if (config.keyFile) options.key = readPem(config.keyFile, 'key');
  if (config.keyPassword) options.passphrase = config.keyPassword;
  if (config.servername) options.servername = config.servername;
  return options;
}
