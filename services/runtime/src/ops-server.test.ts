import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Counter, Registry } from 'prom-client';
import { startOpsServer, type OpsServer } from './ops-server.js';

let server: OpsServer;
let ready = true;
const stage = new Registry();
new Counter({ name: 'wirestream_test_stage_total', help: 'a stage metric', registers: [stage] }).inc(3);

beforeAll(async () => {
  server = await startOpsServer({
    port: 0,
    host: '127.0.0.1',
    registries: [stage],
    ready: () => ready,
    routes: {
      '/': () => ({ type: 'text/html', body: '<p>page</p>' }),
      '/boom': () => {
        throw new Error('boom');
      },
    },
  });
});
afterAll(() => server.close());

const get = async (path: string, method = 'GET'): Promise<Response> =>
  fetch(`http://127.0.0.1:${server.port}${path}`, { method });

describe('startOpsServer', () => {
  it('serves the stage metrics with the process metrics, /healthz and /readyz', async () => {
    const metrics = await (await get('/metrics')).text();
    expect(metrics).toContain('wirestream_test_stage_total 3');
    expect(metrics).toContain('wirestream_process_process_resident_memory_bytes');
    expect(metrics).toContain('# TYPE wirestream_dead_letters_total counter');
    expect(await (await get('/healthz')).text()).toBe('ok\n');
    expect((await get('/readyz')).status).toBe(200);
    ready = false;
    expect((await get('/readyz')).status).toBe(503);
  });

  it('serves extra routes, and answers 404, 405 and 500 where it should', async () => {
    const page = await get('/?x=1');
    expect([page.status, page.headers.get('content-type'), await page.text()]).toEqual([
      200,
      'text/html',
      '<p>page</p>',
    ]);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect((await get('/nothing')).status).toBe(404);
    expect((await get('/metrics', 'POST')).status).toBe(405);
    expect((await get('/boom')).status).toBe(500);
  });
});
