// Two checkouts of Convertly in one process, each with its own 2-thread detector pool, rendering (or
// analysing) sample1 in turn: a paired A/B for a shared, loaded machine, in wall and in CPU time
// (process.cpuUsage: all threads; the idle pool costs nothing while the other works).
//   BASE=/path/to/other/checkout node --import tsx bench/checkouts.bench.ts
//   BENCH_QUERIES='w=400&h=400&gravity=face,analyze' BENCH_RUNS=11 BENCH_INPUT=/path/to/photo.jpg (sample1 when absent)
// BASE needs src/ and a node_modules (a symlink will do), e.g. `git archive <commit> src | tar -x -C DIR`.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable, summarise, type Summary } from './stats.js';
import { samplePath } from '../test/fixtures/photos.js';

interface Side {
  readonly name: string;
  render(input: Buffer, query: string): Promise<unknown>;
  analyze(input: Buffer): Promise<unknown>;
  destroy(): Promise<void>;
}

/** One checkout's entry points, loaded from its own src/ (its own modules, its own pool). */
async function loadSide(name: string, root: string): Promise<Side> {
  const from = (path: string) => import(join(root, 'src', path));
  const { renderTransform } = (await from('render/render-transform.ts')) as typeof import('../src/render/render-transform.js');
  const { parseTransform } = (await from('params/parse-transform.ts')) as typeof import('../src/params/parse-transform.js');
  const { analyzeImage } = (await from('analyze/analyze-image.ts')) as typeof import('../src/analyze/analyze-image.js');
  const { createDetectorPool } = (await from('workers/detector-pool.ts')) as typeof import('../src/workers/detector-pool.js');
  const pool = createDetectorPool({ threads: 2 });
  const status = await pool.status();
  console.log(`${name} (${root}): model load ${status.map((s) => s.loadMs).join(' / ')} ms, warm-up ${status.map((s) => s.warmupMs).join(' / ')} ms`);
  return {
    name,
    render: (input, query) => renderTransform(input, parseTransform(Object.fromEntries(new URLSearchParams(`f=jpeg&${query}`))), { pool }),
    analyze: (input) => analyzeImage(input, { pool }),
    destroy: () => pool.destroy(),
  };
}

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const baseRoot = process.env.BASE;
if (baseRoot === undefined) throw new Error('BASE=/path/to/the/other/checkout is required');
const runs = Number(process.env.BENCH_RUNS ?? 11);
const warmup = 3;
const queries = (
  process.env.BENCH_QUERIES ??
  ['center', 'auto', 'face', 'smart'].flatMap((g) => [`w=600&h=400&gravity=${g}`, `w=400&h=400&gravity=${g}`]).concat('analyze').join(',')
).split(',');
const input = readFileSync(process.env.BENCH_INPUT ?? samplePath(1));
const sides = [await loadSide('base', resolve(baseRoot)), await loadSide('this', here)];
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const loads: number[] = [];
const rows: string[][] = [];
const cell = (s: Summary) => `${s.median.toFixed(0)} (${s.p10.toFixed(0)}–${s.p90.toFixed(0)})`;
for (const query of queries) {
  const samples = sides.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  for (let i = 0; i < warmup + runs; i++) {
    // Alternate which side goes first, so drift and caches favour neither.
    for (const k of i % 2 === 0 ? [0, 1] : [1, 0]) {
      const side = sides[k]!;
      const c = cpuMs();
      const t = performance.now();
      await (query === 'analyze' ? side.analyze(input) : side.render(input, query));
      if (i >= warmup) {
        samples[k]!.wall.push(performance.now() - t);
        samples[k]!.cpu.push(cpuMs() - c);
      }
    }
    loads.push(loadavg()[0]!);
  }
  const [base, mine] = samples.map((s) => ({ wall: summarise(s.wall), cpu: summarise(s.cpu) }));
  rows.push([query, cell(base!.wall), cell(mine!.wall), cell(base!.cpu), cell(mine!.cpu)]);
}
console.log(`\n${process.env.BENCH_INPUT ?? "sample1"}, ${runs} runs after ${warmup} warm-ups, alternating; ms, median (p10–p90); 1-minute load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`);
printTable(['render / analyze', 'wall base', 'wall this', 'CPU base', 'CPU this'], rows);
for (const side of sides) await side.destroy();
