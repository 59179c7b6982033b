// npm run bench:auth: what authentication adds to a cache-hit render (issue 5 target: ≤ 0.3 ms
// median). The same render request, already cached, through the same services:
//   open       — buildApp without access (no credential, no lookup): the baseline
//   api key    — Authorization: Bearer cvly_… (hash + cached key lookup), private
//   delivery   — ?key=cvdk_… (hash + cached key lookup + origin check), public
//   signature  — ?s=… (owner lookup + cached secrets + HMAC-SHA256), public
// Requests go through inject() (no sockets: only the app's own work is measured), interleaved
// round by round so machine drift hits every variant alike.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { signUrl } from '../src/client/index.js';
import { loadConfig } from '../src/config/config.js';
import { createAccessControl } from '../src/http/access/create-access-control.js';
import { buildApp } from '../src/http/app.js';
import { openAccessControl } from '../src/http/open-access.js';
import { createServices } from '../src/services/create-services.js';
import { storeUpload } from '../src/services/stored-files.js';
import { DEFAULT_WORKSPACE_ID } from '../src/storage/index.js';
import { sampleBytes } from '../test/fixtures/photos.js';
import { printTable, summarise, type Summary } from './stats.js';

const RUNS = Math.max(1000, Number(process.env.BENCH_RUNS ?? 2000));
const WARMUP = 300;

const dataDir = await mkdtemp(join(tmpdir(), 'convertly-bench-auth-'));
const config = loadConfig({ CONVERTLY_LOG_LEVEL: 'silent' }, { dataDir, workerThreads: 1 });
const services = await createServices(config);
try {
  const access = createAccessControl(services);
  const open = (await buildApp(services, { logger: false, access: openAccessControl(services) })).app;
  const secured = (await buildApp(services, { logger: false, access })).app;
  const file = await storeUpload(services, { workspaceId: DEFAULT_WORKSPACE_ID, name: 'sample1.jpg', bytes: sampleBytes(1) });
  const { accounts } = access;
  const apiKey = (await accounts.keys.createKey({ workspaceId: DEFAULT_WORKSPACE_ID, kind: 'api', name: 'bench' })).token;
  const deliveryKey = (
    await accounts.keys.createKey({ workspaceId: DEFAULT_WORKSPACE_ID, kind: 'delivery', name: 'bench', allowedOrigins: ['https://shop.example.com'] })
  ).token;
  const { secret } = await accounts.rotateSigningSecret(DEFAULT_WORKSPACE_ID);
  const path = `/cdn/${file.id}?w=320&h=240&gravity=center&f=jpeg`;

  const variants: ReadonlyArray<{ name: string; app: FastifyInstance; request: InjectOptions }> = [
    { name: 'open (no auth)', app: open, request: { method: 'GET', url: path } },
    { name: 'api key', app: secured, request: { method: 'GET', url: path, headers: { authorization: `Bearer ${apiKey}` } } },
    { name: 'delivery key', app: secured, request: { method: 'GET', url: `${path}&key=${deliveryKey}`, headers: { origin: 'https://shop.example.com' } } },
    { name: 'signature', app: secured, request: { method: 'GET', url: signUrl(path, secret) } },
  ];

  const once = async (variant: (typeof variants)[number]): Promise<number> => {
    const started = performance.now();
    const response = await variant.app.inject(variant.request);
    const elapsed = performance.now() - started;
    if (response.statusCode !== 200 || response.headers['x-convertly-cache'] !== 'hit') {
      if (response.headers['x-convertly-cache'] === 'miss') return elapsed; // the first request renders
      throw new Error(`${variant.name}: ${response.statusCode} ${response.body.slice(0, 200)}`);
    }
    return elapsed;
  };

  for (let i = 0; i < WARMUP; i++) for (const variant of variants) await once(variant);
  const samples = variants.map(() => [] as number[]);
  for (let i = 0; i < RUNS; i++) {
    // Rotate the starting variant each round so none always runs right after another.
    for (let j = 0; j < variants.length; j++) {
      const index = (i + j) % variants.length;
      const variant = variants[index];
      if (variant !== undefined) samples[index]?.push(await once(variant));
    }
  }
  const summaries: Summary[] = samples.map((list) => summarise(list));
  const base = summaries[0];
  if (base === undefined) throw new Error('no baseline');
  const us = (value: number) => `${(value * 1000).toFixed(0)} µs`;
  console.log(`auth on a cache-hit render (inject, ${RUNS} requests each after ${WARMUP} warm-up rounds, SQLite, ${file.width}×${file.height} source → 320×240)`);
  printTable(
    ['variant', 'median', 'p10–p90', 'added (median)', 'target'],
    variants.map((variant, index) => {
      const summary = summaries[index] ?? base;
      const added = summary.median - base.median;
      return [
        variant.name,
        us(summary.median),
        `${us(summary.p10)}–${us(summary.p90)}`,
        index === 0 ? '—' : us(added),
        index === 0 ? '' : added <= 0.3 ? 'ok (≤ 300 µs)' : 'OVER 300 µs',
      ];
    }),
  );
  await open.close();
  await secured.close();
} finally {
  await services.close();
  await rm(dataDir, { recursive: true, force: true });
}
