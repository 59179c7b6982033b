// node --import tsx bench/server/summarise-runs.ts a.json b.json …: medians and spread across several
// `BENCH_JSON=… npm run bench:server` runs (the machine is shared and noisy: one run proves little).
import { readFileSync } from 'node:fs';
import { summarise } from '../stats.js';

type Json = Record<string, unknown>;
const runs = process.argv.slice(2).map((path) => JSON.parse(readFileSync(path, 'utf8')) as { raw: Json; loadAtStart: number; loadAtEnd: number });
if (runs.length === 0) {
  console.error('usage: node --import tsx bench/server/summarise-runs.ts run1.json run2.json …');
  process.exit(2);
}

/** Reads a dotted path (`hits.16.ours.result.requestsPerSecond`) from a run; NaN when absent. */
function at(raw: Json, path: string): number {
  let value: unknown = raw;
  for (const part of path.split('.')) value = typeof value === 'object' && value !== null ? (value as Json)[part] : undefined;
  return typeof value === 'number' ? value : Number.NaN;
}

const rows: string[][] = [];
function metric(label: string, values: (raw: Json) => number, digits = 1, target?: (median: number) => boolean): void {
  const samples = runs.map((run) => values(run.raw)).filter((v) => Number.isFinite(v));
  if (samples.length === 0) return;
  const s = summarise(samples);
  const fmt = (v: number) => v.toFixed(digits);
  rows.push([label, fmt(s.median), `${fmt(s.min)}–${fmt(s.max)}`, String(s.runs), target ? (target(s.median) ? 'yes' : 'NO') : '']);
}

for (const c of [16, 1, 4]) {
  metric(`hit req/s, ${c} conn — ours`, (r) => at(r, `hits.${c}.ours.result.requestsPerSecond`), 0);
  metric(`hit req/s, ${c} conn — nginx`, (r) => at(r, `hits.${c}.nginx.result.requestsPerSecond`), 0);
  metric(`hit ours/nginx, ${c} conn (%)`, (r) => (100 * at(r, `hits.${c}.ours.result.requestsPerSecond`)) / at(r, `hits.${c}.nginx.result.requestsPerSecond`), 0, c === 16 ? (m) => m >= 40 : undefined);
  metric(`hit p50 ms, ${c} conn — ours`, (r) => at(r, `hits.${c}.ours.result.p50Ms`), 2);
  metric(`hit p99 ms, ${c} conn — ours`, (r) => at(r, `hits.${c}.ours.result.p99Ms`), 1, c === 16 ? (m) => m <= 10 : undefined);
  metric(`hit p99 ms, ${c} conn — nginx`, (r) => at(r, `hits.${c}.nginx.result.p99Ms`), 2);
  metric(`hit server CPU µs/req, ${c} conn — ours`, (r) => (1e6 * at(r, `hits.${c}.ours.cores`)) / at(r, `hits.${c}.ours.result.requestsPerSecond`), 0);
  metric(`hit server CPU µs/req, ${c} conn — nginx`, (r) => (1e6 * at(r, `hits.${c}.nginx.cores`)) / at(r, `hits.${c}.nginx.result.requestsPerSecond`), 0);
}
metric('hit req/s, 16 conn — ours, LOG_LEVEL=warn', (r) => at(r, 'hitsQuiet.result.requestsPerSecond'), 0);
metric('hit server CPU µs/req — ours, LOG_LEVEL=warn', (r) => (1e6 * at(r, 'hitsQuiet.cores')) / at(r, 'hitsQuiet.result.requestsPerSecond'), 0);
metric('hit req/s, 16 conn — bare Fastify', (r) => at(r, 'hitsBareFastify.result.requestsPerSecond'), 0);
metric('hit server CPU µs/req — bare Fastify', (r) => (1e6 * at(r, 'hitsBareFastify.cores')) / at(r, 'hitsBareFastify.result.requestsPerSecond'), 0);

for (const gravity of ['center', 'auto', 'smart', 'face']) {
  for (const c of [1, 4, 16]) {
    const k = `misses.${gravity}@${c}`;
    metric(`miss ${gravity} renders/s, conc ${c} — ours`, (r) => at(r, `${k}.ours.rps`));
    metric(`miss ${gravity} server CPU ms/render, conc ${c} — ours`, (r) => 1000 * at(r, `${k}.ours.cpu`));
    if (gravity === 'center' || gravity === 'auto') {
      const graded = gravity === 'center';
      metric(`miss ${gravity} renders/s, conc ${c} — raw sharp`, (r) => at(r, `${k}.sharp.rps`));
      metric(`miss ${gravity} renders/s, conc ${c} — ipx`, (r) => at(r, `${k}.ipx.rps`));
      metric(`miss ${gravity} ours/raw sharp, conc ${c}`, (r) => at(r, `${k}.ours.rps`) / at(r, `${k}.sharp.rps`), 2, graded ? (m) => m >= 0.9 : undefined);
      metric(`miss ${gravity} ours/ipx, conc ${c}`, (r) => at(r, `${k}.ours.rps`) / at(r, `${k}.ipx.rps`), 2, graded ? (m) => m >= 1.3 : undefined);
      metric(`miss ${gravity} CPU ms/render, conc ${c} — raw sharp`, (r) => 1000 * at(r, `${k}.sharp.cpu`));
      metric(`miss ${gravity} CPU ms/render, conc ${c} — ipx`, (r) => 1000 * at(r, `${k}.ipx.cpu`));
    }
  }
}
for (const [name, key] of [['each on a fresh original', 'missesFirst'], ['DECODE_CACHE_BYTES=0', 'missesCold']] as const) {
  for (const c of [1, 4, 16]) {
    metric(`miss center renders/s, conc ${c} — ${name}`, (r) => at(r, `${key}.${c}.rps`));
    metric(`miss center ${name} / raw sharp, conc ${c}`, (r) => at(r, `${key}.${c}.rps`) / at(r, `misses.center@${c}.sharp.rps`), 2);
    metric(`miss center CPU ms/render, conc ${c} — ${name}`, (r) => 1000 * at(r, `${key}.${c}.cpu`));
  }
}
metric('event loop: hit p50 ms, 8 face misses in flight', (r) => at(r, 'eventLoop.busy.p50'), 2);
metric('event loop: hit p99 ms, 8 face misses in flight', (r) => at(r, 'eventLoop.busy.p99'), 1, (m) => m <= 20);
metric('event loop: hit p99 ms, idle', (r) => at(r, 'eventLoop.idle.p99'), 2);
metric('event loop: server loop delay p99 ms, busy', (r) => at(r, 'eventLoop.busy.delay.p99'), 1);
metric('event loop: server loop delay max ms, busy', (r) => at(r, 'eventLoop.busy.delay.max'), 0);
metric('event loop: face renders/s meanwhile', (r) => at(r, 'eventLoop.faceRendersPerSecond'));
metric('memory: RSS MiB idle after start-up', (r) => at(r, 'rssIdle'), 0);
metric('memory: RSS MiB before the mixed requests', (r) => at(r, 'memory.before'), 0);
metric('memory: RSS MiB after request 1000', (r) => at(r, 'memory.half'), 0, (m) => m < 600);
metric('memory: RSS MiB after request 2000', (r) => at(r, 'memory.end'), 0, (m) => m < 600);
metric('memory: growth 1000 → 2000 (%)', (r) => 100 * (at(r, 'memory.end') / at(r, 'memory.half') - 1), 1, (m) => m <= 10);
metric('memory: peak RSS MiB (VmHWM)', (r) => at(r, 'memory.peak'), 0);

const loads = runs.map((run) => `${run.loadAtStart.toFixed(1)}→${run.loadAtEnd.toFixed(1)}`).join(', ');
console.log(`${runs.length} runs; 1-min load average start→end: ${loads}\n`);
const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...[['metric', 'median', 'min–max', 'runs', 'met?'], ...rows].map((r) => (r[i] ?? '').length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
console.log(line(['metric', 'median', 'min–max', 'runs', 'met?']));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
