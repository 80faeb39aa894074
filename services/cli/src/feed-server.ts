import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';

export interface FeedServer {
  baseUrl: string;
  requests: number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.xml': 'application/xml; charset=utf-8',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.rdf': 'application/rdf+xml; charset=utf-8',
  '.json': 'application/feed+json; charset=utf-8',
};

/**
 * Serves the files under `root` over HTTP on 127.0.0.1 with ETag and Last-Modified, answering
 * conditional requests with 304 like a well-behaved agency server. Used for the bundled samples.
 */
export async function startFeedServer(root: string, port = 0): Promise<FeedServer> {
  const started = new Date();
  started.setMilliseconds(0);
  const state = { requests: 0 };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    state.requests++;
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (path.includes('..')) {
      res.writeHead(400).end();
      return;
    }
    let body: Buffer;
    try {
      body = await readFile(join(root, path));
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    const lastModified = started.toUTCString();
    const headers = { etag, 'last-modified': lastModified, 'cache-control': 'max-age=60' };
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    if (inm ? inm === etag : ims ? new Date(ims) >= started : false) {
      res.writeHead(304, headers).end();
      return;
    }
    res
      .writeHead(200, { ...headers, 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' })
      .end(body);
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    baseUrl: `http://127.0.0.1:${actualPort}`,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
