import { describe, expect, it } from 'vitest';
import {
  AddressRefused,
  checkAddress,
  checkUrlHost,
  guardedLookup,
  type HostResolver,
} from './address-guard.js';

const strict = { allowPrivate: false };
const lenient = { allowPrivate: true };

const classOf = (address: string): string => {
  const verdict = checkAddress(address, strict);
  return verdict.allowed ? 'public' : verdict.addressClass;
};

describe('address classes', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['100.64.0.1', 'carrier-grade NAT (shared)'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['169.254.169.254', 'cloud metadata'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['100.100.100.200', 'cloud metadata'],
    ['192.0.2.10', 'reserved'],
  ])('%s is %s', (address, expected) => {
    expect(classOf(address)).toBe(expected);
  });

  it('reads the IPv4 address inside IPv4-mapped, NAT64 and 6to4 IPv6 addresses', () => {
    expect(classOf('::ffff:127.0.0.1')).toBe('loopback');
    expect(classOf('::ffff:7f00:1')).toBe('loopback');
    expect(classOf('[::ffff:169.254.169.254]')).toBe('cloud metadata');
    expect(classOf('64:ff9b::10.0.0.1')).toBe('private');
    expect(classOf('2002:7f00:1::')).toBe('loopback');
    expect(classOf('::ffff:8.8.8.8')).toBe('public');
  });

  it('lets public addresses through, and private ones only when allowed; metadata never', () => {
    for (const address of ['8.8.8.8', '151.101.1.69', '2001:4860:4860::8888', '2a00:1450:4001::1']) {
      expect(classOf(address)).toBe('public');
    }
    expect(checkAddress('10.0.0.1', lenient)).toEqual({ allowed: true });
    expect(checkAddress('::1', lenient)).toEqual({ allowed: true });
    expect(checkAddress('169.254.169.254', lenient)).toMatchObject({ allowed: false, metadata: true });
    expect(checkAddress('not-an-address', lenient)).toMatchObject({ allowed: false });
  });

  it('refuses IP literal hosts and metadata host names in URLs before any lookup', () => {
    expect(() => checkUrlHost(new URL('http://127.0.0.1:8080/feed'), strict)).toThrow(AddressRefused);
    expect(() => checkUrlHost(new URL('http://[::1]/feed'), strict)).toThrow(/loopback/);
    // WHATWG URL parsing turns the decimal and hex spellings of 127.0.0.1 into the dotted one.
    expect(() => checkUrlHost(new URL('http://2130706433/feed'), strict)).toThrow(/loopback/);
    expect(() => checkUrlHost(new URL('http://0x7f.1/feed'), strict)).toThrow(/loopback/);
    expect(() => checkUrlHost(new URL('http://metadata.google.internal/x'), lenient)).toThrow(
      /cloud metadata/,
    );
    expect(() => checkUrlHost(new URL('http://127.0.0.1/feed'), lenient)).not.toThrow();
    expect(() => checkUrlHost(new URL('https://news.example/feed'), strict)).not.toThrow();
  });
});

describe('guarded lookup', () => {
  const resolver =
    (table: Record<string, string[]>): HostResolver =>
    async (hostname) =>
      (table[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  const lookup = (
    host: string,
    table: Record<string, string[]>,
    options: { all?: boolean; family?: number } = {},
  ): Promise<unknown> =>
    new Promise((resolve, reject) =>
      guardedLookup(strict, resolver(table))(host, options, (err, address, family) =>
        err ? reject(err) : resolve(options.all ? address : { address, family }),
      ),
    );

  it('hands over the addresses it checked, in both callback shapes', async () => {
    const table = { 'news.example': ['93.184.216.34', '2606:2800:220:1::1'] };
    expect(await lookup('news.example', table)).toEqual({ address: '93.184.216.34', family: 4 });
    expect(await lookup('news.example', table, { all: true })).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1::1', family: 6 },
    ]);
    expect(await lookup('news.example', table, { family: 6 })).toEqual({
      address: '2606:2800:220:1::1',
      family: 6,
    });
  });

  it('refuses a name when any of its addresses is internal', async () => {
    await expect(lookup('intranet.example', { 'intranet.example': ['10.0.0.5'] })).rejects.toThrow(
      'refused to connect to 10.0.0.5 (intranet.example resolves to it): private address',
    );
    await expect(
      lookup(
        'mixed.example',
        { 'mixed.example': ['93.184.216.34', '::ffff:169.254.169.254'] },
        { all: true },
      ),
    ).rejects.toThrow(/cloud metadata/);
    await expect(lookup('nowhere.example', {})).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});
