import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Needs promtool on PATH (Debian: `apt-get install -y prometheus`); CI installs it.
const dir = fileURLToPath(new URL('../../infra/prometheus/', import.meta.url));
const promtool = (...args: string[]): string =>
  execFileSync('promtool', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('promtool on infra/prometheus', () => {
  it('accepts the alerting rules', () => {
    expect(promtool('check', 'rules', 'alerts.yml')).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('fires each alert on the series made for it (alerts.test.yml)', () => {
    expect(promtool('test', 'rules', 'alerts.test.yml')).toMatch(/SUCCESS/);
  });

  it('accepts the scrape configuration', () => {
    expect(promtool('check', 'config', 'prometheus.yml')).toMatch(/is valid prometheus config file/);
  });
});
