// npm run bench:server — the running service under load on loopback, beside its baselines, in ONE run:
//   cache hits (wrk) against Debian's nginx serving the same bytes; cache misses (a distinct URL per
//   request) against raw sharp in one process and against ipx; cache-hit latency while 8 face renders
//   are in flight; RSS through 2,000 mixed requests. See docs/benchmarks.md for what each row means.
// Environment: BENCH_SECONDS (wrk duration, 10), BENCH_MISSES (requests per miss setting, 64),
// BENCH_MIXED (mixed requests for the memory row, 2000), BENCH_JSON (write the raw results there),
// BENCH_SECTIONS (a comma list of hits, misses, eventloop, memory; all by default),
// BENCH_SERVER_NODE_FLAGS (extra node flags for the Convertly server, e.g. --cpu-prof).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import sharp from 'sharp';
import { ENCODE_DEFAULTS } from '../src/engine/encode-options.js';
import { installCleanup, onPath, stopAllChildren } from './server/children.js';
import { HttpClient, pacedStream, quantile, runPool, type Response } from './server/load.js';
import { cpuSeconds, loadAverage, peakRssMiB, rssMiB } from './server/proc.js';
import { ipxVersion, startBareFastify, startConvertly, startIpx, startNginx, type ConvertlyChild, type RunningChild } from './server/servers.js';
import { printTable } from './stats.js';
import { runWrk, type WrkResult } from './server/wrk.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const MISSES = Number(process.env.BENCH_MISSES ?? 64);
const MIXED = Number(process.env.BENCH_MIXED ?? 2000);
const MISS_MAX_MS = 40_000;
const HIT_CONNECTIONS = [16, 1, 4] as const;
const MISS_CONCURRENCY = [1, 4, 16] as const;
const MISS_GRAVITIES = ['center', 'auto', 'smart', 'face'] as const;

installCleanup();
const require = createRequire(import.meta.url);
const samplePath = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo', 'sample1.jpg');
const sample = readFileSync(samplePath);
const work = mkdtempSync(join(tmpdir(), 'convertly-bench-'));
// nginx's worker runs as `nobody` when started as root, so its folder sits outside the private one.
const nginxRoot = mkdtempSync(join(tmpdir(), 'convertly-bench-nginx-'));
// Runs after installCleanup's exit handler has stopped the children, whatever happened.
process.on('exit', () => {
  for (const dir of [work, nginxRoot]) rmSync(dir, { recursive: true, force: true });
});
const haveWrk = onPath('wrk');
const haveNginx = onPath('nginx');
const loadAtStart = loadAverage();
// Others commit to this checkout while benches run: say which code was measured.
const git = (args: string[]) => spawnSync('git', args, { encoding: 'utf8' }).stdout?.trim() ?? '';
const commit = `${git(['rev-parse', '--short', 'HEAD']) || 'unknown'}${git(['status', '--porcelain', '--untracked-files=no', '--', 'src']) ? ' + uncommitted changes in src/' : ''}`;
const started = performance.now();

// ---------------------------------------------------------------------------------------------------
// Rows of the one table, and the raw numbers (BENCH_JSON) for docs/benchmarks.md.
interface Row {
  scenario: string;
  ours: string;
  p50: string;
  p99: string;
  /** Server CPU per request, ms (all threads: main, libuv, libvips, detector workers). */
  cpu: string;
  baseline: string;
  base: string;
  baseP50: string;
  baseP99: string;
  baseCpu: string;
  ratio: string;
  target: string;
  met: string;
}
const rows: Row[] = [];
const raw: Record<string, unknown> = {};
const notes: string[] = [];
const blank = { ours: '', p50: '', p99: '', cpu: '', baseline: '', base: '', baseP50: '', baseP99: '', baseCpu: '', ratio: '', target: '', met: '' };
const row = (r: Partial<Row> & { scenario: string }) => rows.push({ ...blank, ...r });
const section = (title: string) => row({ scenario: `— ${title}` });

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const rate = (n: number) => n.toFixed(1);
const msText = (n: number) => (Number.isNaN(n) ? '—' : n < 10 ? n.toFixed(2) : n.toFixed(1));
const yes = (ok: boolean) => (ok ? 'yes' : 'NO');
/** CPU seconds per request → ms text. */
const cpuText = (seconds: number) => (Number.isFinite(seconds) ? (seconds * 1000 < 1 ? (seconds * 1000).toFixed(3) : (seconds * 1000).toFixed(1)) : '—');

function log(message: string): void {
  console.error(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
}

// ---------------------------------------------------------------------------------------------------
// Convertly: one server process for the whole run.
// Embedded defaults (SQLite, the temp data dir); the free plan's quota raised so that ~2,000 misses fit.
async function startOurs(name: string, env: Record<string, string>): Promise<ConvertlyChild> {
  const dataDir = join(work, name);
  const level = env.LOG_LEVEL ?? 'info';
  return startConvertly({
    dataDir,
    logFile: join(work, `${name}.log`),
    env: { DATABASE_URL: '', QUOTA_FREE: '100000000', ...env, LOG_LEVEL: level, CONVERTLY_LOG_LEVEL: level },
    // e.g. BENCH_SERVER_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the server under this load.
    nodeArgs: (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean),
  });
}

async function postJson(url: string, apiKey: string, init: { body: Buffer | string; type: string }): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': init.type, authorization: `Bearer ${apiKey}` }, body: init.body });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST ${url} → ${response.status} ${text}`);
  return JSON.parse(text) as unknown;
}

/**
 * Uploads sample1.jpg with the child's API key and makes a delivery key over the API, as a customer
 * would; returns the file id and the `&key=cvdk_…` every CDN URL carries.
 */
async function upload(server: ConvertlyChild): Promise<{ id: string; auth: string }> {
  const file = (await postJson(`${server.url}/api/files`, server.apiKey, { body: sample, type: 'image/jpeg' })) as { id: string };
  const key = (await postJson(`${server.url}/api/keys`, server.apiKey, { body: JSON.stringify({ kind: 'delivery', name: 'server bench' }), type: 'application/json' })) as { token: string };
  return { id: file.id, auth: `&key=${key.token}` };
}

/** GETs a CDN path, checking the status and (when given) the cache outcome. */
async function cdnGet(client: HttpClient, path: string, expect?: 'hit' | 'miss', headers: Record<string, string> = {}): Promise<Response> {
  const response = await client.get(path, headers);
  if (response.status !== 200) throw new Error(`GET ${path} → ${response.status} ${response.body.toString('utf8').slice(0, 300)}`);
  if (expect !== undefined && response.headers['x-convertly-cache'] !== expect) {
    throw new Error(`GET ${path} was a cache ${String(response.headers['x-convertly-cache'])}, expected a ${expect}`);
  }
  return response;
}

log(`work folder ${work}`);
const ours = await startOurs('convertly', {});
const { id, auth } = await upload(ours);
const cdn = (query: string) => `/cdn/${id}?${query}${auth}`;
const hitPath = cdn('w=600&h=400&gravity=center');
const oursClient = new HttpClient(ours.url, 32);
await cdnGet(oursClient, hitPath, 'miss');
const warm = await cdnGet(oursClient, hitPath, 'hit');
const hitBytes = warm.body;
log(`Convertly ${ours.url} (pid ${ours.child.pid}); file ${id}; warm hit ${hitBytes.length} B`);
// The detector threads load their models in the background after start-up: wait until RSS settles.
let rssIdle = rssMiB(ours.child.pid ?? -1);
for (let i = 0; i < 20; i++) {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const now = rssMiB(ours.child.pid ?? -1);
  if (i >= 4 && Math.abs(now - rssIdle) < 2) break;
  rssIdle = now;
}
raw.rssIdle = rssIdle;
log(`server RSS after start-up and one render: ${rssIdle.toFixed(0)} MiB`);

// ---------------------------------------------------------------------------------------------------
// 1. Cache hits: wrk against ours and against nginx serving the same bytes from disk.
interface WrkRun {
  readonly result: WrkResult;
  /** CPU used by the server, in cores (1.0 = one core busy the whole time). */
  readonly cores: number;
}
async function wrkRun(server: RunningChild, url: string, connections: number, seconds = SECONDS): Promise<WrkRun> {
  const cpu0 = cpuSeconds(server.pids());
  const t0 = performance.now();
  const result = await runWrk(url, { connections, seconds });
  const cores = (cpuSeconds(server.pids()) - cpu0) / ((performance.now() - t0) / 1000);
  return { result, cores };
}

/** 1. Cache hits: wrk against ours, nginx (same bytes from disk), and diagnostics. */
async function hitSection(): Promise<void> {
  section(`cache hit: wrk -t1 ${SECONDS} s, GET /cdn/{id}?w=600&h=400&gravity=center (${hitBytes.length} B JPEG), req/s; baseline nginx, same bytes`);
  if (!haveWrk) {
    notes.push('wrk is not installed: the cache-hit rows were skipped. Install it with `apt-get install wrk` (Debian package wrk).');
    row({ scenario: 'cache hit (all rows)', ours: 'skipped: no wrk', target: 'apt-get install wrk' });
  } else {
    let nginx: RunningChild | null = null;
    if (haveNginx) {
      nginx = await startNginx(nginxRoot, { 'hit.jpg': hitBytes });
      const check = await fetch(`${nginx.url}/hit.jpg`);
      const bytes = Buffer.from(await check.arrayBuffer());
      if (!bytes.equals(hitBytes)) throw new Error(`nginx does not serve the same bytes (${check.status}, ${bytes.length} B; see ${nginxRoot}/error.log)`);
      log(`nginx ${nginx.url} (worker_processes 1)`);
    } else {
      notes.push('nginx is not installed: the nginx baseline was skipped. Install it with `apt-get install nginx` (Debian package nginx).');
    }
    const oursUrl = `${ours.url}${hitPath}`;
    // Warm-up (JIT, connection set-up), not recorded.
    await runWrk(oursUrl, { connections: 16, seconds: 2 });
    if (nginx) await runWrk(`${nginx.url}/hit.jpg`, { connections: 16, seconds: 2 });
    const hits: Record<number, { ours: WrkRun; nginx: WrkRun | null }> = {};
    for (const connections of HIT_CONNECTIONS) {
      log(`cache hits at ${connections} connection(s)`);
      const mine = await wrkRun(ours, oursUrl, connections);
      const theirs = nginx ? await wrkRun(nginx, `${nginx.url}/hit.jpg`, connections) : null;
      hits[connections] = { ours: mine, nginx: theirs };
      const ratio = theirs ? mine.result.requestsPerSecond / theirs.result.requestsPerSecond : Number.NaN;
      const main = connections === 16;
      row({
        scenario: `hit req/s, ${connections} conn (server busy ${mine.cores.toFixed(2)} / ${theirs ? theirs.cores.toFixed(2) : '—'} cores)`,
        ours: int(mine.result.requestsPerSecond),
        p50: msText(mine.result.p50Ms),
        p99: msText(mine.result.p99Ms),
        cpu: cpuText(mine.cores / mine.result.requestsPerSecond),
        baseline: theirs ? 'nginx 1 worker' : 'skipped: no nginx',
        base: theirs ? int(theirs.result.requestsPerSecond) : '',
        baseP50: theirs ? msText(theirs.result.p50Ms) : '',
        baseP99: theirs ? msText(theirs.result.p99Ms) : '',
        baseCpu: theirs ? cpuText(theirs.cores / theirs.result.requestsPerSecond) : '',
        ratio: theirs ? `${(ratio * 100).toFixed(0)}%` : '',
        target: main ? '≥ 40%' : '',
        met: main && theirs ? yes(ratio >= 0.4) : '',
      });
      if (main) {
        row({ scenario: 'hit p99 latency, 16 conn (ms)', ours: msText(mine.result.p99Ms), target: '≤ 10 ms', met: yes(mine.result.p99Ms <= 10) });
      }
    }
    raw.hits = hits;
    if (nginx) await nginx.stop();

    // Diagnostic: the same server with per-request logging off, to show what pino's two info lines cost.
    log('diagnostic: cache hits with LOG_LEVEL=warn');
    const quiet = await startOurs('convertly-quiet', { LOG_LEVEL: 'warn' });
    const quietFile = await upload(quiet);
    const quietPath = `/cdn/${quietFile.id}?w=600&h=400&gravity=center${quietFile.auth}`;
    const quietClient = new HttpClient(quiet.url, 1);
    await cdnGet(quietClient, quietPath, 'miss');
    quietClient.close();
    await runWrk(`${quiet.url}${quietPath}`, { connections: 16, seconds: 2 });
    const q = await wrkRun(quiet, `${quiet.url}${quietPath}`, 16);
    const oursAt16 = hits[16]?.ours.result.requestsPerSecond ?? Number.NaN;
    raw.hitsQuiet = q;
    row({
      scenario: `  diagnostic: hit req/s, 16 conn, LOG_LEVEL=warn (busy ${q.cores.toFixed(2)} cores)`,
      ours: int(q.result.requestsPerSecond),
      p50: msText(q.result.p50Ms),
      p99: msText(q.result.p99Ms),
      cpu: cpuText(q.cores / q.result.requestsPerSecond),
      baseline: 'ours, LOG_LEVEL=info',
      base: int(oursAt16),
      baseCpu: hits[16] ? cpuText(hits[16].ours.cores / oursAt16) : '',
      ratio: `${((q.result.requestsPerSecond / oursAt16) * 100).toFixed(0)}%`,
    });
    await quiet.stop();

    // Diagnostic: what the runtime itself costs per hit (Fastify, no logger, no lookup, Buffer in memory).
    log('diagnostic: bare Fastify sending the same bytes');
    const hitFile = join(work, 'hit.jpg');
    writeFileSync(hitFile, hitBytes);
    const bare = await startBareFastify(hitFile);
    await runWrk(`${bare.url}/hit.jpg`, { connections: 16, seconds: 2 });
    const b = await wrkRun(bare, `${bare.url}/hit.jpg`, 16);
    raw.hitsBareFastify = b;
    row({
      scenario: `  diagnostic: bare Fastify, same bytes from memory, 16 conn (busy ${b.cores.toFixed(2)} cores)`,
      ours: int(b.result.requestsPerSecond),
      p50: msText(b.result.p50Ms),
      p99: msText(b.result.p99Ms),
      cpu: cpuText(b.cores / b.result.requestsPerSecond),
      baseline: 'ours, LOG_LEVEL=info',
      base: int(oursAt16),
      baseCpu: hits[16] ? cpuText(hits[16].ours.cores / oursAt16) : '',
      ratio: `${((b.result.requestsPerSecond / oursAt16) * 100).toFixed(0)}%`,
    });
    await bare.stop();
  }

}
// ---------------------------------------------------------------------------------------------------
// 2. Cache misses: renders/s with a distinct URL per request; raw sharp and ipx doing the same resize.
// Size n: w = 600 + n % 100, h = 400 + ⌊n / 100⌋ (n ≥ 1 so 600×400, the warm hit, never comes up).
const sizeOf = (n: number) => ({ w: 600 + (n % 100), h: 400 + Math.floor(n / 100) });
interface MissRun {
  readonly rps: number;
  /** CPU seconds per request of the process doing the work. */
  readonly cpu: number;
  readonly p50: number;
  readonly p99: number;
  readonly done: number;
  readonly cutByTime: boolean;
}
async function missRun(concurrency: number, base: number, pids: readonly number[], one: (w: number, h: number) => Promise<number>): Promise<MissRun> {
  const cpu0 = cpuSeconds(pids);
  const run = await runPool({
    concurrency,
    count: MISSES,
    maxMs: MISS_MAX_MS,
    task: async (i) => {
      const { w, h } = sizeOf(base + i);
      return one(w, h);
    },
  });
  return {
    rps: run.results.length / (run.elapsedMs / 1000),
    cpu: (cpuSeconds(pids) - cpu0) / run.results.length,
    p50: quantile(run.results, 0.5),
    p99: quantile(run.results, 0.99),
    done: run.results.length,
    cutByTime: run.cutByTime,
  };
}

const sharpJpeg = { ...ENCODE_DEFAULTS.jpeg };
const rawSharp = {
  center: async (w: number, h: number) => {
    const t = performance.now();
    await sharp(sample).resize(w, h).jpeg(sharpJpeg).toBuffer();
    return performance.now() - t;
  },
  auto: async (w: number, h: number) => {
    const t = performance.now();
    await sharp(sample).resize(w, h, { position: sharp.strategy.attention }).jpeg(sharpJpeg).toBuffer();
    return performance.now() - t;
  },
};

/** 2. Cache misses: renders/s beside raw sharp and ipx at each concurrency. */
async function missSection(): Promise<void> {
  const ipxDir = join(work, 'ipx');
  mkdirSync(ipxDir, { recursive: true });
  writeFileSync(join(ipxDir, 'sample1.jpg'), sample);
  const ipx = await startIpx(ipxDir);
  const ipxClient = new HttpClient(ipx.url, 32);
  log(`ipx ${ipx.url} (pid ${ipx.child.pid})`);
  const ipxGet = (modifiers: string) => async (w: number, h: number) => {
    const response = await ipxClient.get(`/s_${w}x${h}${modifiers}/sample1.jpg`);
    if (response.status !== 200) throw new Error(`ipx answered ${response.status}`);
    return response.ms;
  };
  const ipxModes = { center: ipxGet(''), auto: ipxGet(',pos_attention') };

  // For the diagnostic at the end: a server that keeps no decoded originals (DECODE_CACHE_BYTES=0), so
  // every miss is one fused pipeline that decodes the JPEG as ipx and raw sharp do. Started
  // now so its detector threads have loaded and warmed up, idle, before it is measured.
  const cold = await startOurs('convertly-cold', { DECODE_CACHE_BYTES: '0' });
  const coldFile = await upload(cold);
  // And a default server of its own for first misses (its decoded-source cache fills up; ours must not
  // carry that into the memory section).
  const firsts = await startOurs('convertly-first', {});
  const firstFile = await upload(firsts);

  section(`cache miss: renders/s, ${MISSES} distinct URLs per setting (GET /cdn/{id}?w=600+i&h=400&gravity=…), JPEG; p50/p99 ms per request`);
  const misses: Record<string, unknown> = {};
  for (const gravity of MISS_GRAVITIES) {
    const oursOne = async (w: number, h: number) => (await cdnGet(oursClient, cdn(`w=${w}&h=${h}&gravity=${gravity}`), 'miss')).ms;
    // Warm-up: detector models, JIT, libvips caches (distinct sizes, h = 480, never measured).
    for (let i = 0; i < 4; i++) await cdnGet(oursClient, cdn(`w=${600 + i}&h=480&gravity=${gravity}`), 'miss');
    for (const [s, concurrency] of MISS_CONCURRENCY.entries()) {
      const base = 1 + s * MISSES;
      log(`cache misses: ${gravity} at concurrency ${concurrency}`);
      const mine = await missRun(concurrency, base, ours.pids(), oursOne);
      const result: Record<string, MissRun> = { ours: mine };
      const baselines: Array<[string, MissRun, string, number]> = [];
      if (gravity === 'center' || gravity === 'auto') {
        if (s === 0) for (let i = 0; i < 4; i++) await rawSharp[gravity](600 + i, 480);
        const sharpRun = await missRun(concurrency, base, [process.pid], rawSharp[gravity]);
        if (s === 0) for (let i = 0; i < 4; i++) await ipxModes[gravity](600 + i, 480);
        const ipxRun = await missRun(concurrency, base, ipx.pids(), ipxModes[gravity]);
        result.sharp = sharpRun;
        result.ipx = ipxRun;
        baselines.push([gravity === 'center' ? 'raw sharp, 1 process' : 'raw sharp attention', sharpRun, '≥ 0.9×', 0.9]);
        baselines.push([gravity === 'center' ? 'ipx s_WxH' : 'ipx s_WxH,pos_attention', ipxRun, '≥ 1.3×', 1.3]);
      }
      misses[`${gravity}@${concurrency}`] = result;
      const cut = mine.cutByTime ? ` (time cap: ${mine.done} done)` : '';
      if (baselines.length === 0) {
        row({ scenario: `miss ${gravity}, conc ${concurrency}${cut}`, ours: rate(mine.rps), p50: msText(mine.p50), p99: msText(mine.p99), cpu: cpuText(mine.cpu) });
      }
      for (const [k, [name, base2, target, bound]] of baselines.entries()) {
        const ratio = mine.rps / base2.rps;
        const graded = gravity === 'center';
        row({
          scenario: k === 0 ? `miss ${gravity}, conc ${concurrency}${cut}` : '',
          ours: k === 0 ? rate(mine.rps) : '',
          p50: k === 0 ? msText(mine.p50) : '',
          p99: k === 0 ? msText(mine.p99) : '',
          cpu: k === 0 ? cpuText(mine.cpu) : '',
          baseline: name + (base2.cutByTime ? ` (cut at ${base2.done})` : ''),
          base: rate(base2.rps),
          baseP50: msText(base2.p50),
          baseP99: msText(base2.p99),
          baseCpu: cpuText(base2.cpu),
          ratio: `${ratio.toFixed(2)}×`,
          target: graded ? target : '',
          met: graded ? yes(ratio >= bound) : '',
        });
      }
    }
  }
  raw.misses = misses;
  ipxClient.close();
  await ipx.stop();

  /** Runs `one` at each miss concurrency on `server` and adds a diagnostic row per run beside raw sharp above. */
  const diagnosticMisses = async (label: string, server: RunningChild, one: (w: number, h: number) => Promise<number>) => {
    const runs: Record<number, MissRun> = {};
    for (const [s, concurrency] of MISS_CONCURRENCY.entries()) {
      const run = await missRun(concurrency, 1 + s * MISSES, server.pids(), one);
      runs[concurrency] = run;
      const sharpRun = (misses[`center@${concurrency}`] as Record<string, MissRun> | undefined)?.sharp;
      row({
        scenario: `  diagnostic: miss center, conc ${concurrency}, ${label}`,
        ours: rate(run.rps),
        p50: msText(run.p50),
        p99: msText(run.p99),
        cpu: cpuText(run.cpu),
        baseline: 'raw sharp, 1 process (above)',
        base: sharpRun ? rate(sharpRun.rps) : '',
        ratio: sharpRun ? `${(run.rps / sharpRun.rps).toFixed(2)}×` : '',
      });
    }
    return runs;
  };

  log('diagnostic: center misses with DECODE_CACHE_BYTES=0');
  const coldClient = new HttpClient(cold.url, 32);
  const coldOne = async (w: number, h: number) =>
    (await cdnGet(coldClient, `/cdn/${coldFile.id}?w=${w}&h=${h}&gravity=center${coldFile.auth}`, 'miss')).ms;
  for (let i = 0; i < 4; i++) await coldOne(600 + i, 480);
  raw.missesCold = await diagnosticMisses('DECODE_CACHE_BYTES=0 (one fused pipeline per miss)', cold, coldOne);
  coldClient.close();
  await cold.stop();

  // Diagnostic: the default server, each miss on an original nobody rendered yet (a separate upload of
  // the same photo per request), so each one decodes and keeps its intermediate: the first-miss cost.
  log('diagnostic: center misses, each on a fresh original');
  const fresh: string[] = [];
  for (let i = 0; i < MISSES * MISS_CONCURRENCY.length; i++) {
    fresh.push(((await postJson(`${firsts.url}/api/files`, firsts.apiKey, { body: sample, type: 'image/jpeg' })) as { id: string }).id);
  }
  const firstClient = new HttpClient(firsts.url, 32);
  let nextFresh = 0;
  const firstOne = async () => {
    const fileId = fresh[nextFresh++] ?? '';
    return (await cdnGet(firstClient, `/cdn/${fileId}?w=600&h=400&gravity=center${firstFile.auth}`, 'miss')).ms;
  };
  raw.missesFirst = await diagnosticMisses('each on a fresh original (decode + keep)', firsts, firstOne);
  firstClient.close();
  await firsts.stop();
}

// ---------------------------------------------------------------------------------------------------
// 3. Event-loop freedom: cache-hit latency (one request every 10 ms, one connection) with nothing else
// running, then while 8 face misses are kept in flight (distinct URLs, h = 500 + …).
/** 3. Event-loop freedom: paced cache hits, idle and with 8 face misses in flight. */
async function eventLoopSection(): Promise<void> {
  section('event loop: cache-hit latency, one request every 10 ms on one connection, ms');
  const paced = new HttpClient(ours.url, 1);
  const faceClient = new HttpClient(ours.url, 8);
  const hitOnce = async () => (await cdnGet(paced, hitPath, 'hit')).ms;
  for (let i = 0; i < 50; i++) await hitOnce();
  log('event loop: idle hit latency');
  await ours.resetEventLoopDelay();
  const idle = await pacedStream({ intervalMs: 10, durationMs: Math.min(5000, SECONDS * 500), task: hitOnce });
  const idleDelay = await ours.eventLoopDelay();
  log('event loop: hit latency with 8 face renders in flight');
  let stop = false;
  let faceDone = 0;
  let faceNext = 0;
  const faceLane = async () => {
    while (!stop) {
      const n = faceNext++;
      await cdnGet(faceClient, cdn(`w=${600 + (n % 100)}&h=${500 + Math.floor(n / 100)}&gravity=face`), 'miss');
      faceDone += 1;
    }
  };
  const lanes = Array.from({ length: 8 }, faceLane);
  const faceStart = performance.now();
  // Let the lanes fill the worker pool first.
  await new Promise((resolve) => setTimeout(resolve, 500));
  await ours.resetEventLoopDelay();
  const faceCpu0 = cpuSeconds(ours.pids());
  const busy = await pacedStream({ intervalMs: 10, durationMs: SECONDS * 1000, task: hitOnce });
  const busyDelay = await ours.eventLoopDelay();
  const faceCores = (cpuSeconds(ours.pids()) - faceCpu0) / SECONDS;
  stop = true;
  await Promise.all(lanes);
  const faceSeconds = (performance.now() - faceStart) / 1000;
  const busyP99 = quantile(busy, 0.99);
  raw.eventLoop = {
    idle: { p50: quantile(idle, 0.5), p99: quantile(idle, 0.99), n: idle.length, delay: idleDelay },
    busy: { p50: quantile(busy, 0.5), p99: busyP99, n: busy.length, delay: busyDelay, cores: faceCores },
    faceRendersPerSecond: faceDone / faceSeconds,
  };
  row({
    scenario: `hit while 8 face misses in flight (${busy.length} hits; ${rate(faceDone / faceSeconds)} face renders/s)`,
    ours: msText(busyP99),
    p50: msText(quantile(busy, 0.5)),
    p99: msText(busyP99),
    baseline: `same, idle (${idle.length} hits)`,
    base: msText(quantile(idle, 0.99)),
    baseP50: msText(quantile(idle, 0.5)),
    baseP99: msText(quantile(idle, 0.99)),
    target: 'p99 ≤ 20 ms',
    met: yes(busyP99 <= 20),
  });
  row({
    scenario: `  diagnostic: server event-loop delay, ours = max (server busy ${faceCores.toFixed(2)} cores)`,
    ours: msText(busyDelay.max),
    p50: msText(busyDelay.p50),
    p99: msText(busyDelay.p99),
    baseline: 'same, idle (max)',
    base: msText(idleDelay.max),
    baseP50: msText(idleDelay.p50),
    baseP99: msText(idleDelay.p99),
  });
  paced.close();
  faceClient.close();
}

// ---------------------------------------------------------------------------------------------------
// 4. Memory: MIXED requests at concurrency 8, every other one a miss (gravity × size × format, all
// distinct), the others hits on URLs already answered; VmRSS after half and after all of them.
/** 4. Memory: VmRSS through mixed requests. */
async function memorySection(): Promise<void> {
  section(`memory: ${MIXED} mixed requests at concurrency 8 (half misses across gravities, sizes, formats; half hits), server VmRSS`);
  const gravities = ['gravity=center', 'gravity=auto', 'gravity=smart', 'gravity=face', 'gravity=faces', 'gravity=entropy', 'gravity=north', 'fp=0.3,0.6', ''];
  const shapes = [[300, 200], [600, 400], [800, 800], [1200, 630], [400, 600]] as const;
  const formats: Array<[string, Record<string, string>]> = [
    ['f=jpeg', {}],
    ['f=webp', {}],
    ['f=auto', { accept: 'image/avif,image/webp,*/*' }],
    ['f=png', {}],
    ['f=auto', { accept: 'image/webp,*/*' }],
    ['', {}],
    ['f=avif', {}],
  ];
  const answered: Array<[string, Record<string, string>]> = [[hitPath, {}]];
  log(`memory: ${MIXED} mixed requests`);
  const mixedClient = new HttpClient(ours.url, 8);
  const rssBefore = rssMiB(ours.child.pid ?? -1);
  const rss: number[] = [];
  let completed = 0;
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const outcomes = { hit: 0, miss: 0 };
  const mixed = await runPool({
    concurrency: 8,
    count: MIXED,
    maxMs: 240_000,
    task: async (i) => {
      let path: string;
      let headers: Record<string, string>;
      if (i % 2 === 1) {
        [path, headers] = answered[Math.floor(random() * answered.length)] ?? [hitPath, {}];
      } else {
        const m = i / 2;
        const [w, h] = shapes[m % shapes.length] ?? [600, 400];
        const [format, accept] = formats[m % formats.length] ?? ['', {}];
        const query = [`w=${w + (m % 97)}`, `h=${h + Math.floor(m / 97)}`, gravities[m % gravities.length], format].filter(Boolean).join('&');
        path = cdn(query);
        headers = accept;
      }
      const response = await cdnGet(mixedClient, path, undefined, headers);
      outcomes[response.headers['x-convertly-cache'] === 'hit' ? 'hit' : 'miss'] += 1;
      answered.push([path, headers]);
      completed += 1;
      if (completed === Math.floor(MIXED / 2) || completed === MIXED) rss.push(rssMiB(ours.child.pid ?? -1));
      return response.ms;
    },
  });
  mixedClient.close();
  const peak = peakRssMiB(ours.child.pid ?? -1);
  const [rssHalf = Number.NaN, rssEnd = Number.NaN] = rss;
  const growth = rssEnd / rssHalf - 1;
  raw.memory = { before: rssBefore, half: rssHalf, end: rssEnd, peak, outcomes, seconds: mixed.elapsedMs / 1000, completed: mixed.results.length, cutByTime: mixed.cutByTime };
  row({
    scenario: `RSS after request ${Math.floor(MIXED / 2)} / ${MIXED} (MiB; ${outcomes.miss} misses, ${outcomes.hit} hits in ${(mixed.elapsedMs / 1000).toFixed(0)} s${mixed.cutByTime ? ', CUT BY TIME' : ''})`,
    ours: `${rssHalf.toFixed(0)} / ${rssEnd.toFixed(0)}`,
    baseline: `idle ${rssIdle.toFixed(0)}, before ${rssBefore.toFixed(0)}, peak ${peak.toFixed(0)}`,
    ratio: `${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%`,
    target: '< 600, growth ≤ 10%',
    met: yes(rssHalf < 600 && rssEnd < 600 && growth <= 0.1 && !mixed.cutByTime),
  });
}

const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? 'hits,misses,eventloop,memory').split(',').map((name) => name.trim()));
if (SECTIONS.has('hits')) await hitSection();
if (SECTIONS.has('misses')) await missSection();
if (SECTIONS.has('eventloop')) await eventLoopSection();
if (SECTIONS.has('memory')) await memorySection();
oursClient.close();

// ---------------------------------------------------------------------------------------------------
await stopAllChildren();
const loadAtEnd = loadAverage();
const versions = (command: string, args: string[]) => {
  const out = spawnSync(command, args, { encoding: 'utf8' });
  return `${out.stdout ?? ''}${out.stderr ?? ''}`.split('\n').find((line) => /version|wrk /i.test(line))?.trim() ?? 'not installed';
};
const cpu = cpus();
console.log(`\nConvertly server bench — ${new Date().toISOString()}`);
console.log(`code: ${commit}`);
console.log(`machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? '?'}), Node ${process.version}, sharp ${sharp.versions.sharp ?? '?'} / libvips ${sharp.versions.vips}`);
console.log(`tools: ${haveWrk ? versions('wrk', ['-v']) : 'wrk: not installed (apt-get install wrk)'}; ${haveNginx ? versions('nginx', ['-v']) : 'nginx: not installed (apt-get install nginx)'}; ipx ${ipxVersion()}`);
const tuned = ['WORKER_THREADS', 'RENDER_CONCURRENCY', 'UV_THREADPOOL_SIZE', 'VIPS_CONCURRENCY', 'MALLOC_ARENA_MAX']
  .filter((name) => process.env[name])
  .map((name) => `${name}=${process.env[name]}`);
console.log(
  `server: one Node process (startServer, SQLite + temp data dir, LOG_LEVEL=info → log file, ${tuned.length > 0 ? tuned.join(' ') : 'default threads: detectors = cores'}), pid ${ours.child.pid}`,
);
console.log(`load average (1 min): ${loadAtStart.toFixed(2)} at start, ${loadAtEnd.toFixed(2)} at end — a shared machine: other people's tests run beside this, so expect noise`);
console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
printTable(
  ['scenario', 'ours', 'p50', 'p99', 'cpu/req', 'baseline', 'base', 'p50', 'p99', 'cpu/req', 'ratio', 'target', 'met?'],
  rows.map((r) => [r.scenario, r.ours, r.p50, r.p99, r.cpu, r.baseline, r.base, r.baseP50, r.baseP99, r.baseCpu, r.ratio, r.target, r.met]),
);
for (const note of notes) console.log(`\nnote: ${note}`);
if (process.env.BENCH_JSON) {
  writeFileSync(process.env.BENCH_JSON, JSON.stringify({ at: new Date().toISOString(), commit, loadAtStart, loadAtEnd, rows, raw }, null, 2));
}
