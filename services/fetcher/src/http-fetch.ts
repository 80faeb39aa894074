/** A feed response with the body read in full (or null for 304 Not Modified). */
export interface FetchedDocument {
  status: number;
  url: string;
  finalUrl: string;
  /** Set when a 301/308 moved the feed: the URL to poll from now on. */
  movedPermanentlyTo: string | null;
  headers: Headers;
  body: Buffer | null;
}

export interface FetchLimits {
  timeoutMs: number;
  maxBodyBytes: number;
  maxRedirects: number;
  userAgent: string;
}

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export type FetchErrorReason =
  'timeout' | 'too-large' | 'too-many-redirects' | 'http-status' | 'network' | 'bad-redirect';

export class FetchError extends Error {
  override readonly name = 'FetchError';
  constructor(
    readonly reason: FetchErrorReason,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

async function readBounded(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new FetchError('too-large', `body of ${declared} bytes exceeds the limit of ${maxBytes}`);
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    // Counted after decompression, so a small gzip bomb is stopped as soon as it inflates past the limit.
    if (size > maxBytes) {
      await reader.cancel();
      throw new FetchError('too-large', `body exceeds the limit of ${maxBytes} bytes`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks, size);
}

/**
 * GET with conditional headers, a deadline for the whole exchange, a body size limit and a redirect
 * limit. Redirects are followed by hand so that each hop is counted (and can be checked).
 */
export async function fetchDocument(
  url: string,
  validators: Validators,
  limits: FetchLimits,
): Promise<FetchedDocument> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let current = url;
  let movedPermanentlyTo: string | null = null;
  let permanentSoFar = true;
  try {
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = {
        'user-agent': limits.userAgent,
        accept:
          'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
      };
      if (validators.etag) headers['if-none-match'] = validators.etag;
      if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
      const response = await fetch(current, { headers, redirect: 'manual', signal });
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        await response.body?.cancel();
        const location = response.headers.get('location');
        if (!location)
          throw new FetchError(
            'bad-redirect',
            `HTTP ${response.status} without a Location header`,
            response.status,
          );
        if (hop >= limits.maxRedirects) {
          throw new FetchError(
            'too-many-redirects',
            `more than ${limits.maxRedirects} redirects`,
            response.status,
          );
        }
        const next = new URL(location, current).toString();
        permanentSoFar &&= response.status === 301 || response.status === 308;
        if (permanentSoFar) movedPermanentlyTo = next;
        current = next;
        continue;
      }
      if (response.status === 304) {
        await response.body?.cancel();
        return {
          status: 304,
          url,
          finalUrl: current,
          movedPermanentlyTo,
          headers: response.headers,
          body: null,
        };
      }
      if (response.status < 200 || response.status >= 300) {
        await response.body?.cancel();
        throw new FetchError('http-status', `HTTP ${response.status}`, response.status);
      }
      const body = await readBounded(response, limits.maxBodyBytes);
      return {
        status: response.status,
        url,
        finalUrl: current,
        movedPermanentlyTo,
        headers: response.headers,
        body,
      };
    }
  } catch (err) {
    if (err instanceof FetchError) throw err;
    if (signal.aborted) throw new FetchError('timeout', `no complete response within ${limits.timeoutMs} ms`);
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new FetchError('network', cause?.code ?? cause?.message ?? (err as Error).message);
  }
}
