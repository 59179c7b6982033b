// npm run bench: the crop engine against raw sharp producing the same output, in one run.
// 1920×1280 JPEG → 600×400 JPEG (and 400×400, where a crop really happens), each gravity mode.
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { createDecodedSourceCache } from '../src/engine/decoded-source-cache.js';
import { createMarkCache } from '../src/engine/mark-layer.js';
import { ENCODE_DEFAULTS } from '../src/engine/encode-options.js';
import { renderTransform } from '../src/render/render-transform.js';
import { parseTransform } from '../src/params/parse-transform.js';
import { createDetectorPool } from '../src/workers/detector-pool.js';
import { ms, printTable, spread, timePaired, type Summary } from './stats.js';
import { animatedGif } from '../test/fixtures/animated.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const WARMUP = 5;
const require = createRequire(import.meta.url);
const samples = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
const input = readFileSync(join(samples, 'sample1.jpg'));

const jpeg = { ...ENCODE_DEFAULTS.jpeg };
const raw = {
  center: (w: number, h: number) => () => sharp(input).resize(w, h).jpeg(jpeg).toBuffer(),
  attention: (w: number, h: number) => () => sharp(input).resize(w, h, { position: sharp.strategy.attention }).jpeg(jpeg).toBuffer(),
  entropy: (w: number, h: number) => () => sharp(input).resize(w, h, { position: sharp.strategy.entropy }).jpeg(jpeg).toBuffer(),
};

const t0 = performance.now();
const pool = createDetectorPool();
const statuses = await pool.status();
const status = statuses[0];
const startMs = performance.now() - t0;

interface Row {
  readonly mode: string;
  readonly size: string;
  readonly ours: Summary;
  readonly base: Summary;
  readonly baseName: string;
}
const rows: Row[] = [];
/** BENCH_ONLY=operations, mark or animation runs only issue 15's orientation/filter/canvas, watermark or animated GIF rows: short runs on a shared machine. */
const ONLY = process.env.BENCH_ONLY;

const modes = [
  ['center', 'center', 'gravity=center'],
  ['north', 'center', 'gravity=north'],
  ['fp', 'center', 'fp=0.3,0.4'],
  ['auto', 'attention', 'gravity=auto'],
  ['entropy', 'entropy', 'gravity=entropy'],
  ['smart', 'attention', 'gravity=smart'],
  ['face', 'center', 'gravity=face'],
  ['faces', 'center', 'gravity=faces'],
] as const;

// A CDN miss for another size of a hot original: its decoded intermediate is already kept (DECODE_CACHE_BYTES).
const decoded = { cache: createDecodedSourceCache(48 * 1024 * 1024), key: 'bench/sample1' };

for (const [w, h] of ONLY !== undefined ? [] : ([[600, 400], [400, 400]] as const)) {
  for (const [mode, baseline, query] of modes) {
    const params = Object.fromEntries(new URLSearchParams(`w=${w}&h=${h}&f=jpeg&${query}`));
    const spec = parseTransform(params);
    const ours = () => renderTransform(input, spec, { pool });
    const result = await timePaired(ours, raw[baseline](w, h), { warmup: WARMUP, runs: RUNS });
    rows.push({ mode, size: `${w}×${h}`, ours: result.a, base: result.b!, baseName: `sharp ${baseline}` });
  }
  const spec = parseTransform({ w: String(w), h: String(h), f: 'jpeg', gravity: 'center' });
  const warm = await timePaired(() => renderTransform(input, spec, { pool, decoded }), raw.center(w, h), { warmup: WARMUP, runs: RUNS });
  rows.push({ mode: 'center, decoded cache warm', size: `${w}×${h}`, ours: warm.a, base: warm.b!, baseName: 'sharp center' });
}

// Orientation, filters and canvas (issue 15): each against raw sharp doing the same steps by hand, 600×400 JPEG.
const white = { r: 255, g: 255, b: 255, alpha: 1 };
const operations: ReadonlyArray<readonly [string, string, () => Promise<Buffer>]> = [
  ['rot=90', 'w=400&h=600&rot=90&gravity=center', () => sharp(input).resize(600, 400).rotate(90).jpeg(jpeg).toBuffer()],
  ['rot=30 bg', 'w=600&h=400&rot=30&bg=ffffff&gravity=center', () => sharp(input).resize(600, 400).rotate(30, { background: white }).jpeg(jpeg).toBuffer()],
  ['flip=h', 'w=600&h=400&flip=h&gravity=center', () => sharp(input).resize(600, 400).flop().jpeg(jpeg).toBuffer()],
  ['blur=3', 'w=600&h=400&blur=3&gravity=center', () => sharp(input).resize(600, 400).blur(3).jpeg(jpeg).toBuffer()],
  ['sharpen=1', 'w=600&h=400&sharpen=1&gravity=center', () => sharp(input).resize(600, 400).sharpen({ sigma: 1 }).jpeg(jpeg).toBuffer()],
  ['trim=10', 'w=600&h=400&trim=10', () => sharp(input).trim({ threshold: 10 }).resize(600, 400).jpeg(jpeg).toBuffer()],
  ['pad=20 bg', 'w=600&h=400&pad=20&bg=ffffff&gravity=center', () => sharp(input).resize(600, 400).extend({ top: 20, bottom: 20, left: 20, right: 20, background: white }).jpeg(jpeg).toBuffer()],
  ['contain bg', 'w=600&h=600&fit=contain&bg=ffffff', () => sharp(input).flatten({ background: white }).resize(600, 600, { fit: 'contain', background: white }).jpeg(jpeg).toBuffer()],
  ['upscale=0', 'w=4000&upscale=0', () => sharp(input).resize(4000, null, { withoutEnlargement: true }).jpeg(jpeg).toBuffer()],
];
if (ONLY === undefined || ONLY === 'operations') {
  // BENCH_OPERATIONS='rot=30 bg|flip=h' picks rows by name.
  const picked = process.env.BENCH_OPERATIONS?.split('|');
  for (const [mode, query, byHand] of operations.filter(([mode]) => picked === undefined || picked.includes(mode))) {
    const spec = parseTransform(Object.fromEntries(new URLSearchParams(`f=jpeg&${query}`)));
    const result = await timePaired(() => renderTransform(input, spec, { pool }), byHand, { warmup: WARMUP, runs: RUNS });
    rows.push({ mode, size: query.startsWith('w=4000') ? '1920×1280' : '600×400', ours: result.a, base: result.b!, baseName: 'sharp by hand' });
  }
}

// Animation (issue 15): a 30-frame GIF, 480×270, cropped to 240×240 by gravity=smart, against raw sharp doing the same
// extract of every frame (animated decode, the resize and extract our plan makes, GIF encode with our settings).
// GIF encoding dominates, so the row runs few times (BENCH_ANIMATION_RUNS).
if (ONLY === undefined || ONLY === 'animation') {
  const { gif } = await animatedGif({ frames: 30, width: 480, height: 270 });
  const spec = parseTransform({ w: '240', h: '240', gravity: 'smart', f: 'gif' });
  const { window } = (await renderTransform(gif, spec, { pool })).decision;
  const [sx, sy] = [240 / window.width, 240 / window.height];
  const scaled = { width: Math.max(240, Math.round(480 * sx)), height: Math.max(240, Math.round(270 * sy)) };
  const left = Math.min(scaled.width - 240, Math.round(window.x * sx));
  const top = Math.min(scaled.height - 240, Math.round(window.y * sy));
  const byHand = () =>
    sharp(gif, { animated: true }).resize(scaled.width, scaled.height, { fit: 'fill' }).extract({ left, top, width: 240, height: 240 }).gif(ENCODE_DEFAULTS.gif).toBuffer();
  const runs = Number(process.env.BENCH_ANIMATION_RUNS ?? 7);
  const result = await timePaired(() => renderTransform(gif, spec, { pool }), byHand, { warmup: 1, runs });
  rows.push({ mode: 'animated 30-frame GIF gravity=smart', size: '480×270 → 240×240', ours: result.a, base: result.b!, baseName: 'sharp animated, same extract' });
}

// Watermarks (issue 15): a 240×120 PNG logo with transparency, 20 % of the output width, 60 % opaque, 10 px from the
// bottom-right corner. Raw sharp gets the mark already resized and faded (what the render's mark cache holds), so
// the rows compare the composite alone. "w only" is a size only libvips knows: the mark goes on in a second pipeline.
if (ONLY === undefined || ONLY === 'mark') {
  const logoSvg = '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120"><rect x="8" y="8" width="224" height="104" rx="20" fill="#ffffff" fill-opacity="0.6"/><circle cx="120" cy="60" r="44" fill="#d0202a"/></svg>';
  const logo = await sharp(Buffer.from(logoSvg)).png().toBuffer();
  const mark = { image: { key: 'bench/logo', width: 240, height: 120, label: 'logo', load: async () => logo }, cache: createMarkCache(4 * 1024 * 1024) };
  const faded = await sharp(logo).resize(120, 60, { fit: 'fill' }).ensureAlpha().raw().toBuffer();
  for (let i = 3; i < faded.length; i += 4) faded[i] = Math.round((faded[i]! * 60) / 100);
  const layer = { input: faded, raw: { width: 120, height: 60, channels: 4 as const }, left: 470, top: 330 };
  const markRows: ReadonlyArray<readonly [string, string, () => Promise<Buffer>]> = [
    ['mark', 'w=600&h=400&gravity=center', () => sharp(input).resize(600, 400).composite([layer]).jpeg(jpeg).toBuffer()],
    ['mark, w only', 'w=600', () => sharp(input).resize(600).composite([layer]).jpeg(jpeg).toBuffer()],
  ];
  for (const [mode, query, byHand] of markRows) {
    const spec = parseTransform(Object.fromEntries(new URLSearchParams(`f=jpeg&${query}&mark=logo&markw=0.2&markalpha=60&markpad=10`)));
    const result = await timePaired(() => renderTransform(input, spec, { pool, mark }), byHand, { warmup: WARMUP, runs: RUNS });
    rows.push({ mode, size: '600×400', ours: result.a, base: result.b!, baseName: 'sharp composite' });
  }
}

console.log(`\nConvertly engine bench — 1920×1280 JPEG (sample1), ${RUNS} runs after ${WARMUP} warm-up, ms (median, p10–p90); ${statuses.length} detector threads (one per core)`);
console.log(`detector worker: model load ${status?.loadMs} ms, warm-up detection ${status?.warmupMs} ms, pool ready after ${ms(startMs)} ms`);
console.log(`load average at the end: ${loadavg().map((n) => n.toFixed(2)).join(', ')} (${availableParallelism()} cores)`);
const { decodes, hits } = decoded.cache.stats();
console.log(`rows without "decoded cache warm" decode every time in one fused pipeline, as the library and CLI do (no decoded cache given); the warm rows: ${decodes} decodes, ${hits} cache hits\n`);
printTable(
  ['mode', 'output', 'convertly', 'spread', 'raw sharp', 'baseline', 'spread', 'ratio', 'added'],
  rows.map((r) => [r.mode, r.size, ms(r.ours.median), spread(r.ours), r.baseName, ms(r.base.median), spread(r.base), `${(r.ours.median / r.base.median).toFixed(2)}×`, `${r.ours.median - r.base.median >= 0 ? '+' : ''}${ms(r.ours.median - r.base.median)}`]),
);

if (ONLY !== undefined) {
  await pool.destroy();
  process.exit(0);
}

// AVIF: our default effort against libvips' default, 600×400.
const avifRows: string[][] = [];
const avifSpec = parseTransform({ w: '600', h: '400', f: 'avif' });
let ourBytes = 0;
let rawBytes = 0;
const avif = await timePaired(
  async () => (ourBytes = (await renderTransform(input, avifSpec, { pool })).data.length),
  async () => (rawBytes = (await sharp(input).resize(600, 400).avif().toBuffer()).length),
  { warmup: 2, runs: Math.max(5, Math.round(RUNS / 3)) },
);
avifRows.push([`convertly (effort ${ENCODE_DEFAULTS.avif.effort}, q${ENCODE_DEFAULTS.avif.quality})`, ms(avif.a.median), spread(avif.a), String(ourBytes)]);
avifRows.push(['sharp default avif (effort 4, q50)', ms(avif.b!.median), spread(avif.b!), String(rawBytes)]);
console.log('\nAVIF 600×400');
printTable(['encoder', 'median ms', 'spread', 'bytes'], avifRows);
await pool.destroy();
