import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';

export interface FeedServer {
  baseUrl: string;
  requests: number;
  close(): Promise<void>;
}

export interface FeedServerOptions {
  /** Port on 127.0.0.1; 0 (the default) takes a free one. */
  port?: number;
  /**
   * A folder of sites: one subfolder per host name (`nordwire.example/…`), served under
   * `/<host>/…` (a path without extension finds its `.html` file), and `robots.txt` in the folder
   * itself served as `/robots.txt`. Every absolute link to one of those hosts in a served document
   * is rewritten to this server (`https://nordwire.example/x` → `<base>/nordwire.example/x`), so
   * feed items link to pages it has while the files keep their real-looking URLs.
   */
  sites?: string;
}

const TYPES: Record<string, string> = {
  '.xml': 'application/xml; charset=utf-8',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.rdf': 'application/rdf+xml; charset=utf-8',
  '.json': 'application/feed+json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const hostsIn = (sites: string): string[] =>
  readdirSync(sites).filter((name) => name.includes('.') && statSync(join(sites, name)).isDirectory());

/** Rewrites absolute http(s) links to the given hosts onto `base`; null when there are no hosts. */
function linkRewriter(hosts: readonly string[], base: string): ((text: string) => string) | null {
  if (hosts.length === 0) return null;
  const names = hosts.map((h) => h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const link = new RegExp(`https?://(${names})(?=[/"'<>\\s?#]|$)`, 'g');
  return (text) => text.replace(link, `${base}/$1`);
}

/**
 * Serves the files under `root` (and, with `sites`, sample article pages) over HTTP on 127.0.0.1
 * with ETag and Last-Modified, answering conditional requests with 304 like a well-behaved agency
 * server. Used for the bundled samples and by tests.
 */
export async function startFeedServer(root: string, options: FeedServerOptions = {}): Promise<FeedServer> {
  const started = new Date();
  started.setMilliseconds(0);
  const state = { requests: 0, rewrite: null as ((text: string) => string) | null };
  const sites = options.sites ?? null;
  const hosts = new Set(sites ? hostsIn(sites) : []);

  /** The file a path names: a sample site's page (or robots.txt), else a file under root. */
  const fileFor = (path: string): string[] => {
    if (sites && path === '/robots.txt') return [join(sites, 'robots.txt')];
    const host = path.split('/')[1] ?? '';
    if (sites && hosts.has(host)) {
      const file = join(sites, path);
      return extname(path) ? [file] : [`${file}.html`, file];
    }
    return [join(root, path)];
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    state.requests++;
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (path.includes('..')) {
      res.writeHead(400).end();
      return;
    }
    let body: Buffer | null = null;
    let file = '';
    for (const candidate of fileFor(path)) {
      body = await readFile(candidate).catch(() => null);
      file = candidate;
      if (body) break;
    }
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    if (state.rewrite && /charset=utf-8/.test(type))
      body = Buffer.from(state.rewrite(body.toString('utf8')), 'utf8');
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    const lastModified = started.toUTCString();
    const headers = { etag, 'last-modified': lastModified, 'cache-control': 'max-age=60' };
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    if (inm ? inm === etag : ims ? new Date(ims) >= started : false) {
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': type }).end(body);
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const baseUrl = `http://127.0.0.1:${actualPort}`;
  state.rewrite = linkRewriter([...hosts], baseUrl);
  return {
    baseUrl,
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

/** Where the bundled samples live in a checkout: the feed list, the feeds and the agencies' sites. */
export const sampleFiles = (repoRoot: string): { list: string; feeds: string; sites: string } => ({
  list: `${repoRoot}examples/feeds.yaml`,
  feeds: `${repoRoot}examples/feeds`,
  sites: `${repoRoot}examples/pages`,
});

/**
 * The port the sample server asks for first. A fixed one because item links name the server: on
 * another port every sample item would look changed to a fetcher that remembers the last run.
 */
export const SAMPLES_PORT = 18_431;

/**
 * Serves the bundled sample feeds and their article pages (examples/). On `port` when it is free,
 * else on any free port (the links then differ from a run on the usual port; `onFallback` says so).
 */
export async function startSampleServer(
  repoRoot: string,
  port = SAMPLES_PORT,
  onFallback?: (err: Error) => void,
): Promise<FeedServer> {
  const files = sampleFiles(repoRoot);
  try {
    return await startFeedServer(files.feeds, { sites: files.sites, port });
  } catch (err) {
    if (port === 0 || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    onFallback?.(err as Error);
    return startFeedServer(files.feeds, { sites: files.sites, port: 0 });
  }
}
