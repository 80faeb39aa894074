import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { enricherRegistry } from '@wirestream/enricher';
import { fetcherRegistry } from '@wirestream/fetcher';
import { createMonitorMetrics } from '@wirestream/monitor';
import { runtimeRegistry } from '@wirestream/runtime';

const root = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');
// The YAML parser is a dependency of the workspace packages, not of the repository root.
const { parse } = createRequire(new URL('services/monitor/package.json', root))('yaml') as {
  parse(text: string): unknown;
};

interface Rule {
  alert?: string;
  expr?: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface Panel {
  title: string;
  type: string;
  targets?: { expr: string }[];
  datasource?: { uid: string };
}

/** Every metric a worker or the monitor can export, from the registries themselves (one per stage). */
async function knownMetrics(): Promise<Set<string>> {
  const names = new Set(['up']);
  const registries = [runtimeRegistry, fetcherRegistry, enricherRegistry, createMonitorMetrics().registry];
  const all = (await Promise.all(registries.map((r) => r.getMetricsAsJSON()))).flat();
  for (const m of all) {
    names.add(m.name);
    if (String(m.type) === 'histogram')
      for (const s of ['_bucket', '_sum', '_count']) names.add(`${m.name}${s}`);
  }
  return names;
}

/** Metric names in a PromQL expression: identifiers that are not functions, keywords or label names. */
function metricsIn(expr: string): string[] {
  const withoutStrings = expr.replace(/"[^"]*"/g, '""').replace(/\{[^}]*\}/g, '{}');
  const withoutGrouping = withoutStrings.replace(
    /\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g,
    '',
  );
  return [...withoutGrouping.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)]
    .map((m) => m[1]!)
    .filter((name) => !/^(and|or|unless|bool|offset|le|[0-9].*)$/.test(name))
    .filter((name) => !/^\d+[smhdwy]$/.test(name));
}

describe('Prometheus rules and Grafana dashboard', () => {
  it('finds the metric names in a PromQL expression', () => {
    expect(
      metricsIn(
        'histogram_quantile(0.99, sum by (le, stage) (rate(wirestream_stage_duration_seconds_bucket[5m])))',
      ),
    ).toEqual(['wirestream_stage_duration_seconds_bucket']);
    expect(metricsIn('up{job=~"wirestream-.*"} == 0')).toEqual(['up']);
  });

  it('gives every alert an expression, a duration, a severity and a summary, over metrics that exist', async () => {
    const known = await knownMetrics();
    const doc = parse(read('infra/prometheus/alerts.yml')) as { groups: { rules: Rule[] }[] };
    const rules = doc.groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining([
        'WirestreamConsumerLagHigh',
        'WirestreamFeedStale',
        'WirestreamDeadLetters',
        'WirestreamWorkerDown',
      ]),
    );
    for (const rule of rules) {
      expect(rule.expr, rule.alert).toMatch(/\S/);
      expect(rule.for, rule.alert).toMatch(/^\d+[smh]$/);
      expect(['info', 'warning', 'critical'], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toMatch(/\S/);
      expect(rule.annotations?.description, rule.alert).toMatch(/\S/);
      for (const name of metricsIn(rule.expr!)) expect(known.has(name), `${rule.alert}: ${name}`).toBe(true);
    }
    expect(rules.find((r) => r.alert === 'WirestreamConsumerLagHigh')?.for).toBe('5m');
  });

  it('queries only metrics that exist, through the provisioned data source', async () => {
    const known = await knownMetrics();
    const dashboard = JSON.parse(read('infra/grafana/dashboard.json')) as { uid: string; panels: Panel[] };
    const datasource = parse(read('infra/grafana/provisioning/datasources/prometheus.yml')) as {
      datasources: { uid: string }[];
    };
    const uid = datasource.datasources[0]!.uid;
    const panels = dashboard.panels.filter((p) => p.type !== 'row');
    expect(panels.length).toBeGreaterThanOrEqual(8);
    const titles = panels.map((p) => p.title.toLowerCase()).join(' | ');
    for (const topic of ['behind', 'throughput|appended', 'feed', 'latency|duration'])
      expect(titles).toMatch(new RegExp(topic));
    for (const panel of panels) {
      expect(panel.datasource?.uid, panel.title).toBe(uid);
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const { expr } of panel.targets!)
        for (const name of metricsIn(expr)) expect(known.has(name), `${panel.title}: ${name}`).toBe(true);
    }
  });

  it('scrapes the three workers and mounts these files in the monitoring profile', () => {
    const config = parse(read('infra/prometheus/prometheus.yml')) as {
      rule_files: string[];
      scrape_configs: { job_name: string }[];
    };
    expect(config.scrape_configs.map((s) => s.job_name).sort()).toEqual([
      'wirestream-enricher',
      'wirestream-fetcher',
      'wirestream-monitor',
    ]);
    expect(config.rule_files).toEqual(['alerts.yml']);
    const compose = parse(read('docker-compose.yml')) as {
      services: Record<string, { profiles?: string[]; volumes?: string[] }>;
    };
    expect(compose.services.prometheus?.profiles).toEqual(['monitoring']);
    expect(compose.services.grafana?.profiles).toEqual(['monitoring']);
    expect(compose.services.prometheus?.volumes).toContain('./infra/prometheus:/etc/prometheus:ro');
    expect(
      compose.services.grafana?.volumes?.some((v) => v.startsWith('./infra/grafana/dashboard.json:')),
    ).toBe(true);
    // The default `docker compose up` must stay Kafka and Redis only.
    expect(compose.services.kafka?.profiles).toBeUndefined();
  });
});
