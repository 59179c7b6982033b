// npm run bench:scale — issue 13's three figures, each beside its baseline in one run, on loopback:
//   1. a first miss (center, 1920→600×400) with originals in the s3rver bucket vs in the data folder
//      (raw sharp doing the same resize in this process beside them);
//   2. a hit served from the shared tier on an instance that never rendered it vs a local disk hit there, paired,
//      with raw GETs of a rendition-sized object (AWS SDK, and plain HTTP) from another process alternated with them;
//   3. RSS per instance after 2,000 mixed requests, three instances vs one.
// Every instance is a real `convertly serve` process on PostgreSQL (127.0.0.1:5432, database `test`, a
// throwaway schema) — needed here as in the scale tests. Environment: BENCH_MISSES (files per miss row, 15),
// BENCH_MIXED (requests for the memory row, 2000), BENCH_JSON (write the raw figures there).
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { execFile, fork } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { measureRawS3, type RawS3Rows } from './scale/raw-s3.js';
import type { RawGetKind, RawGetSample } from './scale/raw-get.js';
import { sampleBytes } from '../test/fixtures/photos.js';
import { startDeployment, type Deployment, type Instance } from '../test/scale/deployment.js';
import { printTable, summarise, type Summary } from './stats.js';

const MISSES = Number(process.env['BENCH_MISSES'] ?? 15);
const MIXED = Number(process.env['BENCH_MIXED'] ?? 2000);
const SECTIONS = new Set((process.env['BENCH_SECTIONS'] ?? 'misses,shared,memory').split(','));
const original = sampleBytes(1);
const MIB = 1024 * 1024;
/** About a shared-tier object of the shared-hit rows (300–700×300 JPEG renditions and their replay headers). */
const RAW_RENDITION_BYTES = 32 * 1024;
// Every miss is an operation: the free plan's 1,000 a month would end the memory row half-way.
const BENCH_ENV = { QUOTA_FREE: '10000000' };
const fmt = (ms: number) => ms.toFixed(1);
const spread = (s: Summary) => `${fmt(s.median)} (p10 ${fmt(s.p10)}, p90 ${fmt(s.p90)})`;

async function upload(instance: Instance): Promise<string> {
  const response = await instance.fetch('/api/files', { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: original });
  if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

async function timed(instance: Instance, path: string, expectCache: 'hit' | 'miss'): Promise<number> {
  const started = performance.now();
  const response = await instance.fetch(path);
  await response.arrayBuffer();
  const elapsed = performance.now() - started;
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  const cache = response.headers.get('x-convertly-cache');
  if (cache !== expectCache) throw new Error(`${path} on ${instance.name} was a ${cache}, expected a ${expectCache}`);
  return elapsed;
}

/** The same calls from a child process: what an instance's request to the bucket pays, our code aside. */
async function rawS3FromChild(deployment: Deployment): Promise<RawS3Rows> {
  const script = new URL('./scale/raw-s3.ts', import.meta.url).pathname;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, JSON.stringify({ clientOptions: deployment.s3.clientOptions, rounds: MISSES * 2 })], {
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout) as RawS3Rows;
}

async function firstMisses(fs: Instance, s3: Instance) {
  const raw: number[] = [];
  const onFs: number[] = [];
  const onS3: number[] = [];
  const path = (id: string) => `/cdn/${id}?w=600&h=400&gravity=center&f=jpeg`;
  // One warm-up each: the first render of a process pays for loading libvips' code.
  for (const instance of [fs, s3]) await timed(instance, path(await upload(instance)), 'miss');
  for (let i = 0; i < MISSES; i++) {
    const [fsId, s3Id] = [await upload(fs), await upload(s3)];
    // Alternated, so drift on a shared machine hits both alike.
    if (i % 2 === 0) {
      onFs.push(await timed(fs, path(fsId), 'miss'));
      onS3.push(await timed(s3, path(s3Id), 'miss'));
    } else {
      onS3.push(await timed(s3, path(s3Id), 'miss'));
      onFs.push(await timed(fs, path(fsId), 'miss'));
    }
    const started = performance.now();
    await sharp(original).resize(600, 400, { fit: 'cover', position: 'centre' }).jpeg().toBuffer();
    raw.push(performance.now() - started);
  }
  return { raw: summarise(raw), fs: summarise(onFs), s3: summarise(onS3) };
}

/** A child process that times raw GETs of one rendition-sized object from the deployment's bucket (bench/scale/raw-get.ts). */
async function startRawGets(deployment: Deployment, bytes: number) {
  const script = new URL('./scale/raw-get.ts', import.meta.url).pathname;
  const child = fork(script, [JSON.stringify({ clientOptions: deployment.s3.clientOptions, bytes })], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`raw-get exited (${code}) before it was ready`)));
  });
  return {
    call: (kind: RawGetKind) =>
      new Promise<RawGetSample>((resolve) => {
        child.once('message', (sample) => resolve(sample as RawGetSample));
        child.send(kind);
      }),
    close: async () => {
      child.send('exit');
      await once(child, 'exit');
    },
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function sharedHits(deployment: Deployment, renderer: Instance, reader: Instance) {
  const rounds = MISSES * 4;
  const warmup = 8;
  const samples = { shared: [] as number[], disk: [] as number[], pairs: [] as number[], sdk: [] as number[], sdkCpu: [] as number[], plain: [] as number[], plainCpu: [] as number[] };
  const id = await upload(renderer);
  const paths = Array.from({ length: warmup + rounds }, (_, i) => `/cdn/${id}?w=${300 + i * 5}&h=300&gravity=center&f=jpeg`);
  for (const path of paths) await timed(renderer, path, 'miss');
  // The shared copies are written just after each answer: let the last ones land.
  await pause(200);
  const raw = await startRawGets(deployment, RAW_RENDITION_BYTES);
  try {
    for (const [i, path] of paths.entries()) {
      // The reader never rendered them: its first ask of a path is a shared-tier hit, the second a disk hit
      // (its memory tier is kept tiny). The pauses let the disk copy the shared hit started land first, so
      // the disk row is a disk hit on a quiet instance; both rows get the same pauses.
      const hits = async () => {
        await pause(10);
        const shared = await timed(reader, path, 'hit');
        await pause(10);
        const disk = await timed(reader, path, 'hit');
        return { shared, disk };
      };
      const raws = async () => ({ sdk: await raw.call('sdk'), plain: await raw.call('plain') });
      // Alternated, so drift on a shared machine hits both alike.
      const [pair, bare] = i % 2 === 0 ? [await hits(), await raws()] : await raws().then(async (bare) => [await hits(), bare] as const);
      // The first rounds open the sockets, warm the code and let the reader's hint policy take its first samples.
      if (i < warmup) continue;
      samples.shared.push(pair.shared);
      samples.disk.push(pair.disk);
      samples.pairs.push(pair.shared - pair.disk);
      samples.sdk.push(bare.sdk.ms);
      samples.sdkCpu.push(bare.sdk.cpuMs);
      samples.plain.push(bare.plain.ms);
      samples.plainCpu.push(bare.plain.cpuMs);
    }
  } finally {
    await raw.close();
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, summarise(values)])) as Record<keyof typeof samples, Summary>;
}

async function mixedLoad(deployment: Deployment, requests: number): Promise<number[]> {
  const { instances } = deployment;
  const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => upload(instances[i % instances.length]!)));
  let next = 0;
  const worker = async () => {
    while (next < requests) {
      const n = next++;
      const instance = instances[n % instances.length]!;
      const id = ids[n % ids.length]!;
      // Half misses (a new size), half hits (a size asked before).
      const width = n % 2 === 0 ? 100 + (n % 997) : 100 + ((n * 7) % 40);
      const response = await instance.fetch(`/cdn/${id}?w=${width}&h=${width}&gravity=${['center', 'north', 'entropy'][n % 3]}`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`mixed request answered ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return Promise.all(instances.map((instance) => instance.rss()));
}

const started = Date.now();
const results: Record<string, unknown> = {};
const load = () => loadavg().map((value) => value.toFixed(2)).join(' / ');
console.log(`Convertly bench:scale — ${new Date().toISOString()}, load average (1/5/15 min) ${load()}`);
console.log('s3rver runs in this process: its CPU shares the 2 cores with the instances and this load generator.');
if (SECTIONS.has('misses')) {
  const [fsDeployment, s3Deployment] = await Promise.all([startDeployment({ instances: 1, storage: 'fs' }), startDeployment({ instances: 1 })]);
  try {
    const misses = await firstMisses(fsDeployment.instances[0]!, s3Deployment.instances[0]!);
    const raw = await measureRawS3(s3Deployment.s3.clientOptions, MISSES * 2, 'bench');
    const fromChild = await rawS3FromChild(s3Deployment);
    results['firstMiss'] = misses;
    results['rawS3'] = { fromS3rversProcess: raw, fromAnotherProcess: fromChild };
    printTable(
      ['first miss, center 1920→600×400 (ms)', 'median (p10, p90)'],
      [
        ['raw sharp, in process', spread(misses.raw)],
        ['data-folder store', spread(misses.fs)],
        ['S3 store (s3rver, loopback)', spread(misses.s3)],
        ['ratio S3 / data folder (target ≤ 1.2)', (misses.s3.median / misses.fs.median).toFixed(2)],
        ['difference of medians', fmt(misses.s3.median - misses.fs.median)],
      ],
    );
    printTable(
      ['s3rver on its own: one SDK call (ms)', 'from s3rver\'s process', 'from another process'],
      [
        [`GetObject, the original (${original.length} B)`, spread(raw.getOriginal), spread(fromChild.getOriginal)],
        ['GetObject, a missing key (404)', spread(raw.getMissing), spread(fromChild.getMissing)],
        [`GetObject, a rendition (${raw.renditionBytes} B)`, spread(raw.getRendition), spread(fromChild.getRendition)],
        [`PutObject, a rendition (${raw.renditionBytes} B)`, spread(raw.putRendition), spread(fromChild.putRendition)],
      ],
    );
  } finally {
    await Promise.all([fsDeployment.close(), s3Deployment.close()]);
  }
}
if (SECTIONS.has('shared')) {
  const deployment = await startDeployment({ instances: 2, env: BENCH_ENV, instanceEnv: (index): Record<string, string> => (index === 1 ? { CACHE_MEMORY_BYTES: '1024' } : {}) });
  try {
    const loadBefore = load();
    const hits = await sharedHits(deployment, deployment.instances[0]!, deployment.instances[1]!);
    const loadAfter = load();
    results['sharedHit'] = { ...hits, load: { before: loadBefore, after: loadAfter } };
    printTable(
      [`hit on an instance that never rendered it (ms), ${hits.shared.runs} pairs, load ${loadBefore} → ${loadAfter}`, 'median (p10, p90)'],
      [
        ['local disk hit', spread(hits.disk)],
        ['shared-tier hit (bucket)', spread(hits.shared)],
        ['difference of medians (target ≤ 5)', fmt(hits.shared.median - hits.disk.median)],
        ['shared − disk, per pair', spread(hits.pairs)],
        [`raw SDK GetObject, ${RAW_RENDITION_BYTES} B, another process`, spread(hits.sdk)],
        ['  its client CPU', spread(hits.sdkCpu)],
        ['raw plain keep-alive GET, same object (≈ s3rver + loopback)', spread(hits.plain)],
        ['  its client CPU', spread(hits.plainCpu)],
        ['SDK − plain (medians): what the SDK adds to one GET', fmt(hits.sdk.median - hits.plain.median)],
      ],
    );
  } finally {
    await deployment.close();
  }
}
if (SECTIONS.has('memory')) {
  const one = await startDeployment({ instances: 1, env: BENCH_ENV });
  let single: number[];
  try {
    single = await mixedLoad(one, MIXED);
  } finally {
    await one.close();
  }
  const three = await startDeployment({ instances: 3, env: BENCH_ENV });
  let each: number[];
  try {
    each = await mixedLoad(three, MIXED);
  } finally {
    await three.close();
  }
  const total = each.reduce((sum, rss) => sum + rss, 0);
  results['memory'] = { single, each, ratio: total / (single[0] ?? 1) };
  printTable(
    [`RSS after ${MIXED} mixed requests (MiB)`, 'value'],
    [
      ['one instance', ((single[0] ?? 0) / MIB).toFixed(0)],
      ['three instances, each', each.map((rss) => (rss / MIB).toFixed(0)).join(', ')],
      ['three instances, total / one instance (target ≤ 3)', (total / (single[0] ?? 1)).toFixed(2)],
    ],
  );
}
console.log(`bench:scale took ${((Date.now() - started) / 1000).toFixed(0)} s; load average at the end ${load()}`);
if (process.env['BENCH_JSON']) writeFileSync(process.env['BENCH_JSON'], JSON.stringify(results, null, 2));
