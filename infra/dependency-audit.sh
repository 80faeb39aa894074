#!/usr/bin/env bash
# `pnpm audit:deps`: fails when the dependency tree has a high or critical advisory that
# infra/audit-exceptions.txt does not explain. Where the registry offers no audit endpoint (the one
# this project is built against answers 405 to every audit request), it says so and exits 0: the
# audit status is then unknown, not clean. Last line: one JSON object with the figures.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

out=$(pnpm audit --json 2>&1)
if ! node -e 'JSON.parse(require("fs").readFileSync(0, "utf8")).metadata.vulnerabilities' <<<"$out" >/dev/null 2>&1; then
  reason=$(grep -oE 'ERR_PNPM_[A-Z_]+|responded with [0-9]+|E[A-Z]{4,}' <<<"$out" | sort -u | paste -sd ' ' -)
  echo "dependency audit: not run, the registry gave no advisory report (${reason:-no answer}); status unknown"
  printf '{"audited":false,"reason":"%s"}\n' "${reason:-no answer}"
  exit 0
fi

node - "$out" <<'NODE'
const fs = require('node:fs');
const report = JSON.parse(process.argv[2]);
// One line per explained advisory: "<GHSA id or advisory URL> <why it does not apply or cannot be fixed yet>".
const explained = new Map(
  fs.readFileSync('infra/audit-exceptions.txt', 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => [l.split(/\s+/)[0], l.slice(l.split(/\s+/)[0].length).trim()]),
);
const serious = Object.values(report.advisories ?? {}).filter((a) => a.severity === 'high' || a.severity === 'critical');
const unexplained = [];
for (const a of serious) {
  const id = a.github_advisory_id ?? a.url;
  const why = explained.get(id) ?? explained.get(a.url);
  console.log(`${a.severity} ${a.module_name} ${a.vulnerable_versions}: ${a.title} (${id})${why ? ` — explained: ${why}` : ''}`);
  if (!why) unexplained.push(id);
}
const counts = report.metadata.vulnerabilities;
console.log(unexplained.length === 0 ? 'dependency audit: no unexplained high or critical advisory' : `dependency audit: ${unexplained.length} high or critical advisories not explained in infra/audit-exceptions.txt`);
console.log(JSON.stringify({ audited: true, ...counts, unexplained: unexplained.length }));
process.exit(unexplained.length === 0 ? 0 : 1);
NODE
