import { createServer, type Server } from 'node:http';
import { listenLocal } from '../support/listen.js';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, fetchDocument, type FetchLimits } from '@wirestream/runtime/feeds';

const limits: FetchLimits = {
  timeoutMs: 800,
  maxBodyBytes: 64 * 1024,
  maxRedirects: 3,
  userAgent: 'wirestream-test',
  // The misbehaving server below listens on 127.0.0.1.
  allowPrivateNetworks: true,
};
const none = { etag: null, lastModified: null };

/** A feed server that misbehaves on purpose, one path per kind of trouble. */
let server: Server;
let dropped = 0;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    switch (url.pathname) {
      case '/ok':
        if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
        return void res.writeHead(200, { etag: '"v1"', 'content-type': 'application/rss+xml' }).end('<rss/>');
      case '/slow':
        res.writeHead(200);
        res.write('<rss>');
        return void setTimeout(() => res.end('</rss>'), 3000);
      case '/huge':
        res.writeHead(200);
        return void res.end(Buffer.alloc(200 * 1024, 'a'));
      case '/bomb':
        res.writeHead(200, { 'content-encoding': 'gzip' });
        return void res.end(gzipSync(Buffer.alloc(5 * 1024 * 1024, 'a')));
      case '/loop':
        return void res.writeHead(302, { location: '/loop' }).end();
      case '/moved':
        return void res.writeHead(301, { location: '/ok' }).end();
      case '/temporary':
        return void res.writeHead(302, { location: '/moved' }).end();
      case '/once-per-socket': {
        // Closes a kept-alive connection when it is used again, as a server whose idle timeout
        // fired just as the client picked the socket from its pool.
        const socket = req.socket as typeof req.socket & { served?: number };
        socket.served = (socket.served ?? 0) + 1;
        if (socket.served > 1) {
          dropped++;
          return void socket.destroy();
        }
        return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss/>');
      }
      case '/gone':
        return void res.writeHead(410).end();
      default:
        return void res.writeHead(404).end();
    }
  });
  base = await listenLocal(server);
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const failure = async (path: string): Promise<FetchError> => {
  try {
    await fetchDocument(`${base}${path}`, none, limits);
  } catch (err) {
    if (err instanceof FetchError) return err;
    throw err;
  }
  throw new Error(`${path} did not fail`);
};

describe('fetchDocument against a misbehaving server', () => {
  it('returns the body and validators, then 304 when the ETag still matches', async () => {
    const first = await fetchDocument(`${base}/ok`, none, limits);
    expect(first.status).toBe(200);
    expect(first.body?.toString()).toBe('<rss/>');
    const second = await fetchDocument(
      `${base}/ok`,
      { etag: first.headers.get('etag'), lastModified: null },
      limits,
    );
    expect(second.status).toBe(304);
    expect(second.body).toBeNull();
  });

  it('sends a GET again on a fresh socket when a kept-alive one was closed by the server', async () => {
    // Every pooled socket gets used twice in a row, so the server drops each one on its second
    // request; each fetch must still succeed.
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await fetchDocument(`${base}/once-per-socket`, none, limits));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    // Proof that the retry path ran: the server really did drop reused sockets under these fetches.
    expect(dropped).toBeGreaterThan(0);
  });

  it('gives up on a response that does not complete in time', async () => {
    expect((await failure('/slow')).reason).toBe('timeout');
  });

  it('refuses a body over the size limit, also when it only grows that large when decompressed', async () => {
    expect((await failure('/huge')).reason).toBe('too-large');
    expect((await failure('/bomb')).reason).toBe('too-large');
  });

  it('stops following redirects after the limit', async () => {
    expect((await failure('/loop')).reason).toBe('too-many-redirects');
  });

  it('reports a permanent move only when every hop was permanent', async () => {
    const moved = await fetchDocument(`${base}/moved`, none, limits);
    expect(moved.movedPermanentlyTo).toBe(`${base}/ok`);
    const viaTemporary = await fetchDocument(`${base}/temporary`, none, limits);
    expect(viaTemporary.finalUrl).toBe(`${base}/ok`);
    expect(viaTemporary.movedPermanentlyTo).toBeNull();
  });

  it('names the HTTP status of a failure', async () => {
    const gone = await failure('/gone');
    expect(gone).toMatchObject({ reason: 'http-status', status: 410 });
  });
});
