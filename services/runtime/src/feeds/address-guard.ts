/*
 * The SSRF guard of fetch-document.ts (the runtime's feed I/O, @wirestream/runtime/feeds; moved here
 * from the fetcher with it): which addresses a feed fetch may connect to, checked after DNS resolution.
 */

import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses a feed fetch may connect to. A feed list is input from outside: without this, a
 * feed (or a redirect it answers with) could make the fetcher read internal services or a cloud
 * provider's instance metadata, and publish what it got.
 */
export interface AddressPolicy {
  /** Private, loopback, link-local (and similar) addresses are allowed. Metadata addresses never are. */
  allowPrivate: boolean;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Host name → addresses. The system resolver in production; tests pass their own. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => {
      if (err) reject(err);
      else resolve(addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 })));
    });
  });

/** Instance metadata endpoints of the big clouds: never a feed, whatever the configuration says. */
const METADATA_ADDRESSES = new Set([
  '169.254.169.254', // AWS, GCP, Azure, Oracle, OpenStack
  '169.254.170.2', // AWS ECS task credentials
  '100.100.100.200', // Alibaba Cloud
  '168.63.129.16', // Azure WireServer (a public-looking address)
  'fd00:ec2::254', // AWS over IPv6
]);

/** Names that resolve to a metadata service inside a cloud (and to nothing, or anything, outside). */
const METADATA_HOSTS = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
]);

/** ipaddr.js range names, as operators read them in an error message. */
const RANGE_LABELS: Record<string, string> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'carrier-grade NAT (shared)',
  private: 'private',
  reserved: 'reserved',
  uniqueLocal: 'unique-local',
  deprecatedSiteLocal: 'site-local',
  discard: 'discard-only',
  benchmarking: 'benchmarking',
  teredo: 'Teredo tunnel',
  orchid2: 'ORCHID',
  deprecatedOrchid: 'ORCHID',
  droneRemoteIdProtocolEntityTags: 'reserved',
  segmentRouting: 'segment-routing',
};

/** Ranges that route on the public internet. Everything else is refused unless allowed. */
const PUBLIC_RANGES = new Set(['unicast', 'as112', 'as112v6', 'amt']);

/** IPv6 forms that carry an IPv4 address, which is what the packets finally reach. */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const range = address.range();
  const bytes = address.toByteArray();
  if (range === 'ipv4Mapped' || range === 'rfc6145' || range === 'rfc6052') {
    return new ipaddr.IPv4(bytes.slice(12, 16));
  }
  if (range === '6to4') return new ipaddr.IPv4(bytes.slice(2, 6));
  return null;
}

export type AddressVerdict = { allowed: true } | { allowed: false; addressClass: string; metadata: boolean };

/** The class of an IP address (v4 or v6, with or without brackets), and whether the policy lets a fetch reach it. */
export function checkAddress(raw: string, policy: AddressPolicy): AddressVerdict {
  const literal = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(literal);
  } catch {
    return { allowed: false, addressClass: 'unparseable', metadata: false };
  }
  if (parsed.kind() === 'ipv6') {
    const inner = embeddedIpv4(parsed as ipaddr.IPv6);
    if (inner) return checkAddress(inner.toString(), policy);
  }
  const normalized = parsed.toNormalizedString();
  const compact = parsed.toString();
  if (METADATA_ADDRESSES.has(compact) || METADATA_ADDRESSES.has(normalized)) {
    return { allowed: false, addressClass: 'cloud metadata', metadata: true };
  }
  const range = parsed.range();
  if (PUBLIC_RANGES.has(range) || policy.allowPrivate) return { allowed: true };
  return { allowed: false, addressClass: RANGE_LABELS[range] ?? range, metadata: false };
}

export function isMetadataHost(hostname: string): boolean {
  return METADATA_HOSTS.has(hostname.toLowerCase().replace(/\.$/, ''));
}

/** A connection the policy does not allow; becomes a FetchError with reason 'blocked-address'. */
export class AddressRefused extends Error {
  override readonly name = 'AddressRefused';
  readonly code = 'EADDRREFUSED';
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly addressClass: string,
  ) {
    const via = hostname === address ? '' : ` (${hostname} resolves to it)`;
    super(`refused to connect to ${address}${via}: ${addressClass} address`);
  }
}

/** Throws AddressRefused when the URL's host is an IP literal or a metadata name the policy refuses. */
export function checkUrlHost(url: URL, policy: AddressPolicy): void {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (isMetadataHost(host)) throw new AddressRefused(host, host, 'cloud metadata');
  if (!isIP(host)) return; // a name: checked by guardedLookup, on the addresses it resolves to
  const verdict = checkAddress(host, policy);
  if (!verdict.allowed) throw new AddressRefused(host, host, verdict.addressClass);
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for http.request: resolves the name, refuses the whole answer if any address is not
 * allowed (a name that mixes public and internal addresses is a rebinding attempt or a mistake), and
 * hands node the very addresses it checked, so the connection goes to what was checked.
 */
export function guardedLookup(
  policy: AddressPolicy,
  resolve: HostResolver = systemResolver,
): (hostname: string, options: LookupOptions, callback: LookupCallback) => void {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : null;
        const usable = addresses.filter((a) => wanted === null || a.family === wanted);
        if (usable.length === 0) {
          const err: NodeJS.ErrnoException = new Error(`no address for ${hostname}`);
          err.code = 'ENOTFOUND';
          return callback(err, '');
        }
        for (const { address } of usable) {
          const verdict = checkAddress(address, policy);
          if (!verdict.allowed)
            return callback(new AddressRefused(hostname, address, verdict.addressClass), '');
        }
        if (options.all) return callback(null, usable);
        const [first] = usable;
        return callback(null, first!.address, first!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
  };
}
