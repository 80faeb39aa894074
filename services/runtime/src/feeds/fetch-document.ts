/**
 * HTTP document fetching for feeds: conditional GET, deadline, size and redirect limits, and the SSRF
 * guard (address-guard.ts) on every hop. Part of the runtime's feed I/O (@wirestream/runtime/feeds),
 * because the fetcher and replay's backfill both fetch feed documents; moved here from the fetcher.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createUnzip } from 'node:zlib';
import {
  AddressRefused,
  checkUrlHost,
  guardedLookup,
  systemResolver,
  type AddressPolicy,
  type HostResolver,
} from './address-guard.js';

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
  /**
   * Development switch: every host may be on a private, loopback or link-local network. Off (or
   * left out) means public addresses only, checked after DNS resolution on every hop.
   */
  allowPrivateNetworks?: boolean;
}

export interface FetchOptions {
  /**
   * The one host name that may be on a private network: the feed's own, when the feed list says
   * `allowPrivateNetwork`. A redirect to any other host is checked like any feed's.
   */
  privateHost?: string | null;
  /** Name resolution; the system resolver unless a test maps names itself. */
  resolve?: HostResolver;
  /** The Accept header; feed types unless given (article pages ask for HTML). */
  accept?: string;
}

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export type FetchErrorReason =
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects'
  | 'http-status'
  | 'network'
  | 'bad-redirect'
  /** The host is (or resolves to) an address the fetcher may not reach: see address-guard.ts. */
  | 'blocked-address';

export class FetchError extends Error {
  override readonly name = 'FetchError';
  constructor(
    readonly reason: FetchErrorReason,
    message: string,
    readonly status: number | null = null,
    /** Response headers when a response came back: Retry-After on a 429/503 matters to the scheduler. */
    readonly headers: Headers | null = null,
  ) {
    super(message);
  }
}

// Keep-alive agents shared by every feed: a poll cycle goes back to each agency host many times.
// Two pools: a socket opened where private addresses were allowed must never serve a fetch where
// they are not (pools are keyed by host name, and a reused socket is not looked up again).
const pool = () => ({
  http: new HttpAgent({ keepAlive: true, scheduling: 'lifo' }),
  https: new HttpsAgent({ keepAlive: true, scheduling: 'lifo' }),
});
const agents = { publicOnly: pool(), privateAllowed: pool() };

function get(
  url: URL,
  headers: Record<string, string>,
  signal: AbortSignal,
  policy: AddressPolicy,
  resolver: HostResolver,
): Promise<IncomingMessage> {
  // IP literals never reach a lookup function, so they are checked here; names in the lookup.
  checkUrlHost(url, policy);
  const secure = url.protocol === 'https:';
  const agent = (policy.allowPrivate ? agents.privateAllowed : agents.publicOnly)[secure ? 'https' : 'http'];
  const attempt = (): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(
        url,
        { method: 'GET', headers, signal, agent, lookup: guardedLookup(policy, resolver) },
        resolve,
      );
      req.on('error', (err: NodeJS.ErrnoException) => {
        // A pooled socket the server closed while it sat idle fails at once, before any answer:
        // the request never reached the server, so a GET is sent again on a fresh socket (Node's
        // documented remedy, `request.reusedSocket`). Anything else is the feed's own failure.
        if (req.reusedSocket && !signal.aborted && STALE_SOCKET_CODES.has(err.code ?? '')) {
          attempt().then(resolve, reject);
        } else reject(err);
      });
      req.end();
    });
  return attempt();
}

/** Errors a keep-alive socket closed by the server gives on its next request. */
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE']);

function headersOf(response: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      try {
        headers.append(name, one);
      } catch {
        // A header value fetch's Headers refuses (stray control characters): not one we need.
      }
    }
  }
  return headers;
}

/** The body as sent, or inflated when the server compressed it (brotli, gzip, zlib deflate). */
function decodedBody(response: IncomingMessage): Readable {
  const encoding = (response.headers['content-encoding'] ?? '').trim().toLowerCase();
  const inflate =
    encoding === 'br'
      ? createBrotliDecompress()
      : ['gzip', 'x-gzip', 'deflate'].includes(encoding)
        ? createUnzip()
        : null;
  // pipeline() destroys both ends on error, so a corrupt stream or an abort rejects the read below.
  return inflate ? pipeline(response, inflate, () => undefined) : response;
}

async function readBounded(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw new FetchError('too-large', `body of ${declared} bytes exceeds the limit of ${maxBytes}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of decodedBody(response)) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    // Counted after decompression, so a small gzip bomb is stopped as soon as it inflates past the limit.
    if (size > maxBytes) {
      response.destroy();
      throw new FetchError('too-large', `body exceeds the limit of ${maxBytes} bytes`);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, size);
}

/** The headers of every request: what we accept, and the validators that make it conditional. */
const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

function requestHeaders(limits: FetchLimits, validators: Validators, accept: string): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': limits.userAgent,
    'accept-encoding': 'br, gzip, deflate',
    accept,
  };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  return headers;
}

/**
 * GET with conditional headers, a deadline for the whole exchange, a body size limit and a redirect
 * limit. Redirects are followed by hand so that each hop is counted (and can be checked).
 *
 * node:http rather than fetch(): at thousands of feeds per cycle, fetch's per-request objects
 * (Request, Response, web streams) were most of the fetcher's CPU and garbage.
 */
export async function fetchDocument(
  url: string,
  validators: Validators,
  limits: FetchLimits,
  options: FetchOptions = {},
): Promise<FetchedDocument> {
  const resolver = options.resolve ?? systemResolver;
  const privateHost = options.privateHost?.toLowerCase() ?? null;
  // Not AbortSignal.timeout(): its timer would keep the signal and its listeners alive until it fires.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  const signal = controller.signal;
  let current = url;
  let movedPermanentlyTo: string | null = null;
  let permanentSoFar = true;
  try {
    for (let hop = 0; ; hop++) {
      const headers = requestHeaders(limits, validators, options.accept ?? FEED_ACCEPT);
      const target = new URL(current);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') {
        throw new FetchError('bad-redirect', `cannot fetch ${target.protocol} URLs`);
      }
      // Checked again on every hop: a public feed may redirect to an internal address.
      const policy: AddressPolicy = {
        allowPrivate: limits.allowPrivateNetworks === true || target.hostname.toLowerCase() === privateHost,
      };
      const response = await get(target, headers, signal, policy, resolver);
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && status !== 304) {
        response.resume();
        const location = response.headers.location;
        if (!location)
          throw new FetchError('bad-redirect', `HTTP ${status} without a Location header`, status);
        if (hop >= limits.maxRedirects) {
          throw new FetchError('too-many-redirects', `more than ${limits.maxRedirects} redirects`, status);
        }
        const next = new URL(location, current).toString();
        permanentSoFar &&= status === 301 || status === 308;
        if (permanentSoFar) movedPermanentlyTo = next;
        current = next;
        continue;
      }
      if (status === 304) {
        response.resume();
        return {
          status: 304,
          url,
          finalUrl: current,
          movedPermanentlyTo,
          headers: headersOf(response),
          body: null,
        };
      }
      if (status < 200 || status >= 300) {
        response.resume();
        throw new FetchError('http-status', `HTTP ${status}`, status, headersOf(response));
      }
      const body = await readBounded(response, limits.maxBodyBytes);
      return {
        status,
        url,
        finalUrl: current,
        movedPermanentlyTo,
        headers: headersOf(response),
        body,
      };
    }
  } catch (err) {
    if (err instanceof FetchError) throw err;
    // Never retried within the poll: the next try is the feed's ordinary backoff.
    if (err instanceof AddressRefused) throw new FetchError('blocked-address', err.message);
    if (signal.aborted) throw new FetchError('timeout', `no complete response within ${limits.timeoutMs} ms`);
    const code = (err as NodeJS.ErrnoException).code;
    throw new FetchError('network', code ?? (err as Error).message);
  } finally {
    clearTimeout(timer);
  }
}
