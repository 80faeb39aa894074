/**
 * The status page: static HTML whose inline script polls /api/status. No build step and no
 * framework, so the monitor ships as one process with nothing to serve but this string.
 * Everything from the API is inserted as text (textContent), never as HTML: feed errors are
 * strings from remote servers.
 */
export const STATUS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wirestream status</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #222; }
  h1 { font-size: 1.3rem; margin: 0 0 .2rem; }
  h2 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
  table { border-collapse: collapse; }
  th, td { text-align: left; padding: .2rem .7rem .2rem 0; border-bottom: 1px solid #eee; vertical-align: top; }
  td.n { text-align: right; font-variant-numeric: tabular-nums; }
  .muted { color: #777; }
  .bad { color: #b00020; font-weight: 600; }
  .warn { color: #a15c00; }
  .ok { color: #137333; }
  svg { border: 1px solid #ddd; background: #fafafa; }
</style>
</head>
<body>
<h1>wirestream status</h1>
<div id="meta" class="muted">loading…</div>
<div id="errors" class="bad"></div>
<h2>Consumer lag</h2>
<table id="lag"><thead><tr><th>group</th><th>state</th><th>members</th><th>records behind</th><th>seconds behind</th><th>consumed/s</th></tr></thead><tbody></tbody></table>
<h2>Lag, last hour</h2>
<svg id="chart" width="720" height="180" role="img" aria-label="consumer lag over the last hour"></svg>
<h2>Throughput</h2>
<div id="rates"></div>
<table id="topics"><thead><tr><th>topic</th><th>end offset</th><th>offsets/s</th></tr></thead><tbody></tbody></table>
<h2>Feeds needing attention</h2>
<div id="feedsummary" class="muted"></div>
<table id="feeds"><thead><tr><th>feed</th><th>health</th><th>failures</th><th>last success</th><th>last error</th></tr></thead><tbody></tbody></table>
<script>
const REFRESH_MS = 3000;
const fmt = (n, digits = 1) => (n === null || n === undefined ? '-' : Number(n).toFixed(digits));
function row(tbody, cells, classes = []) {
  const tr = document.createElement('tr');
  cells.forEach((c, i) => {
    const td = document.createElement('td');
    td.textContent = String(c);
    if (classes[i]) td.className = classes[i];
    tr.appendChild(td);
  });
  tbody.appendChild(tr);
}
function clear(id) {
  const tbody = document.querySelector('#' + id + ' tbody');
  tbody.replaceChildren();
  return tbody;
}
const COLORS = ['#1a73e8', '#d93025', '#188038', '#f9ab00', '#9334e6', '#12b5cb'];
function chart(history) {
  const svg = document.getElementById('chart');
  const ns = 'http://www.w3.org/2000/svg';
  svg.replaceChildren();
  const W = 720, H = 180, P = 24, now = Date.now(), from = now - 3600e3;
  const series = Object.entries(history);
  const max = Math.max(1, ...series.flatMap(([, s]) => s.map((p) => p[1])));
  const x = (t) => P + ((t - from) / 3600e3) * (W - 2 * P);
  const y = (v) => H - P - (v / max) * (H - 2 * P);
  const label = (text, lx, ly, color) => {
    const t = document.createElementNS(ns, 'text');
    t.setAttribute('x', lx); t.setAttribute('y', ly); t.setAttribute('font-size', '11');
    t.setAttribute('fill', color || '#555'); t.textContent = text; svg.appendChild(t);
  };
  label(String(max), 2, P - 8);
  label('-60 min', P, H - 6);
  label('now', W - P - 20, H - 6);
  series.forEach(([group, points], i) => {
    const color = COLORS[i % COLORS.length];
    const line = document.createElementNS(ns, 'polyline');
    line.setAttribute('fill', 'none');
    line.setAttribute('stroke', color);
    line.setAttribute('stroke-width', '1.5');
    line.setAttribute('points', points.map((p) => x(p[0]).toFixed(1) + ',' + y(p[1]).toFixed(1)).join(' '));
    line.dataset.group = group;
    svg.appendChild(line);
    label(group, W - 260, 14 + 12 * i, color);
  });
}
function render(body) {
  const s = body.status;
  document.getElementById('meta').textContent = 'prefix "' + s.prefix + '" · updated ' + s.at;
  document.getElementById('errors').textContent = s.errors.map((e) => e.source + ': ' + e.message).join(' · ');
  const lag = clear('lag');
  for (const g of s.groups)
    row(lag, [g.group, g.state, g.members, g.records, fmt(g.seconds, 0), fmt(g.consumedPerSec)],
      ['', '', 'n', 'n' + (g.records > 0 ? ' warn' : ''), 'n', 'n']);
  chart(body.lagHistory);
  document.getElementById('rates').textContent =
    'in ' + fmt(s.throughput.inPerSec) + ' records/s · out ' + fmt(s.throughput.outPerSec) + ' offsets/s (transaction markers included)';
  const topics = clear('topics');
  for (const t of s.throughput.topics) row(topics, [t.topic, t.end, fmt(t.perSec)], ['', 'n', 'n']);
  const feeds = clear('feeds');
  const bad = s.feeds.filter((f) => f.health === 'failing' || f.health === 'stale' || f.health === 'parked');
  const count = (h) => s.feeds.filter((f) => f.health === h).length;
  document.getElementById('feedsummary').textContent = s.feeds.length + ' feeds: ' +
    ['ok', 'slow', 'failing', 'stale', 'parked', 'never'].map((h) => count(h) + ' ' + h).join(', ');
  for (const f of bad)
    row(feeds, [f.feed, f.health, f.consecutiveFailures,
      f.sinceSuccessSeconds === null ? 'never' : f.sinceSuccessSeconds + ' s ago', f.lastError || ''],
      ['', 'bad', 'n', '', '']);
}
async function refresh() {
  try {
    const res = await fetch('api/status', { cache: 'no-store' });
    if (res.ok) render(await res.json());
    else document.getElementById('meta').textContent = 'monitor answered ' + res.status;
  } catch (err) {
    document.getElementById('meta').textContent = 'monitor unreachable: ' + err;
  }
}
refresh();
setInterval(refresh, REFRESH_MS);
</script>
</body>
</html>
`;
