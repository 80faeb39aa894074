import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Registry } from 'prom-client';
import type { Logger } from './logger.js';
import { runtimeRegistry } from './metrics.js';

/**
 * The one operations endpoint of every process: /metrics (the runtime's registry merged with the
 * registries of the stages the process runs), /healthz (the process is alive) and /readyz (its
 * dependencies answer). Workers start it on config.metrics.port; the monitor serves its status page
 * and API from the same server through `routes`.
 */

export interface OpsResponse {
  status?: number;
  type: string;
  body: string;
}

export interface OpsServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default 0.0.0.0. */
  host?: string;
  /** The metrics registries of the stages this process runs; served with the runtime's own. */
  registries?: readonly Registry[];
  /** Whether the process can do its work now (/readyz answers 503 when not, or when this throws). */
  ready: () => Promise<boolean> | boolean;
  /** More GET routes by path, e.g. the monitor's status page and API. */
  routes?: Readonly<Record<string, () => Promise<OpsResponse> | OpsResponse>>;
  /** Where a route that fails is reported. */
  logger?: Logger;
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.statusCode = status;
  res.setHeader('content-type', type);
  res.setHeader('cache-control', 'no-store');
  res.end(body);
}

export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const metrics = Registry.merge([runtimeRegistry, ...(options.registries ?? [])]);
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'text/plain', 'method not allowed\n');
    const route = options.routes?.[path];
    if (route) {
      const answer = await route();
      return send(res, answer.status ?? 200, answer.type, answer.body);
    }
    if (path === '/metrics') return send(res, 200, metrics.contentType, await metrics.metrics());
    if (path === '/healthz') return send(res, 200, 'text/plain', 'ok\n');
    if (path === '/readyz') {
      const ok = await Promise.resolve()
        .then(options.ready)
        .catch(() => false);
      return send(res, ok ? 200 : 503, 'text/plain', ok ? 'ready\n' : 'not ready\n');
    }
    return send(res, 404, 'text/plain', 'not found\n');
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      options.logger?.error({ err, path: req.url }, 'ops request failed');
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error\n');
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '0.0.0.0', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () =>
      new Promise((resolve) => {
        // Keep-alive connections (a Prometheus scraper's) must not hold the shutdown up.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
