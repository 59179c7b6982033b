// node --import tsx bench/analyze.bench.ts: where analyze's time goes, stage by stage, beside the
// libraries as they come (each decoding the image on its own), and face recall per scan setting.
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import sharp from 'sharp';
import smartcropPackage from 'smartcrop';
import { rgbaToThumbHash } from 'thumbhash';
import { analyzeImage, analyzePreviews } from '../src/analyze/analyze-image.js';
import { DESCRIBE_SIDE } from '../src/detect/describe-pixels.js';
import { downsamplePixels } from '../src/detect/downsample.js';
import { loadFaceModel } from '../src/detect/face-model.js';
import { FACE_SCAN_DEFAULTS } from '../src/detect/face-scan-plan.js';
import { detectFaces } from '../src/detect/faces.js';
import { extractPalette } from '../src/detect/palette.js';
import type { RawPixels } from '../src/detect/pixels.js';
import { encodePlaceholder } from '../src/detect/placeholder.js';
import { smartFocus } from '../src/detect/smartcrop.js';
import { loadPreview, shrinkPreview } from '../src/engine/preview.js';
import { mapRect } from '../src/geometry/map-rect.js';
import { probeImage } from '../src/engine/source-info.js';
import { DEFAULT_MAX_INPUT_PIXELS } from '../src/config/limits.js';
import type { ScoredBox, Size } from '../src/geometry/types.js';
import { createDetectorPool } from '../src/workers/detector-pool.js';
import { scanFaces } from '../src/workers/scan-faces.js';
import { samplePath as samplePhoto } from '../test/fixtures/photos.js';
import { matchFaces, SAMPLE_FACE_LABELS } from '../test/fixtures/sample-face-labels.js';
import { ms, printTable, spread, summarise, timePaired, type Summary } from './stats.js';

const RUNS = Math.max(20, Number(process.env.BENCH_RUNS ?? 25));
const WARMUP = 5;
const RECALL_RUNS = 3;
const limits = { maxInputPixels: DEFAULT_MAX_INPUT_PIXELS };
const input = readFileSync(samplePhoto(1));

interface SmartcropRaw {
  crop(image: unknown, options: Record<string, unknown>): Promise<{ topCrop: unknown }>;
}
const smartcrop = smartcropPackage as unknown as SmartcropRaw;

const time = async (fn: () => unknown): Promise<Summary> => (await timePaired(async () => fn(), null, { warmup: WARMUP, runs: RUNS })).a;

async function decodeFull(channels: 3 | 4): Promise<RawPixels> {
  const pipeline = channels === 3 ? sharp(input).autoOrient().removeAlpha() : sharp(input).autoOrient().ensureAlpha();
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels };
}

/** smartcrop's imageOperations over RGBA already in memory: what a Node user writes to feed it sharp's pixels. */
function rgbaOperations() {
  const image = (width: number, height: number, data: Uint8ClampedArray) => ({ width, height, data });
  return {
    open: async (pixels: RawPixels) => image(pixels.width, pixels.height, new Uint8ClampedArray(pixels.data.buffer, pixels.data.byteOffset, pixels.data.byteLength)),
    // Only used with smartcrop's own prescale: nearest neighbour, the cheapest resampler there is.
    resample: async (src: { width: number; height: number; data: Uint8ClampedArray }, w: number, h: number) => {
      const width = Math.floor(w);
      const height = Math.floor(h);
      const data = new Uint8ClampedArray(width * height * 4);
      for (let y = 0; y < height; y++) {
        const sy = Math.floor(((y + 0.5) * src.height) / height);
        for (let x = 0; x < width; x++) {
          const s = (sy * src.width + Math.floor(((x + 0.5) * src.width) / width)) * 4;
          data.set(src.data.subarray(s, s + 4), (y * width + x) * 4);
        }
      }
      return image(width, height, data);
    },
    getData: async (img: unknown) => img,
  };
}

// ── Pools: one thread for the per-stage numbers, one per core for the default total ──
const started = performance.now();
const pool1 = createDetectorPool({ threads: 1 });
const poolAll = createDetectorPool();
const [status1] = await pool1.status();
const statusAll = await poolAll.status();
const readyMs = performance.now() - started;
const model = await loadFaceModel(); // in-process, for the face-api baseline

// ── Stages, each timed alone, in the order analyzeImage runs them ──
const source = await probeImage(input, limits);
// analyze decodes the fine preview and resamples the coarse one from it (one decode); renders decode the coarse one.
const { preview, fine: finePreview } = await analyzePreviews(input, source, limits);
if (finePreview === null) throw new Error('sample1 is large enough for the fine pass');
const small = downsamplePixels(preview, DESCRIBE_SIDE);
const renderPreview = await loadPreview(input, source, { maxSide: FACE_SCAN_DEFAULTS.previewSide, channels: 3, limits });
// The resample is inside the first row, the coarse-only row inside the coarse + fine row, and renders' decode is not analyze's: the stages' sum leaves them out.
const coarseOnly = 'faces: coarse scan only (what renders run), 1-thread pool';
const resample = `  of which the resample ${finePreview.width}×${finePreview.height} → ${preview.width}×${preview.height}`;
const renderDecode = `decode: ${preview.width}×${preview.height} preview (what renders decode; not in analyze)`;
const stages: [string, Summary][] = [
  [`decode: probe + ${finePreview.width}×${finePreview.height} preview (shrink-on-load) + its ${preview.width}×${preview.height} resample (analyzePreviews)`, await time(async () => analyzePreviews(input, await probeImage(input, limits), limits))],
  [resample, await time(() => shrinkPreview(finePreview, preview))],
  [renderDecode, await time(() => loadPreview(input, source, { maxSide: FACE_SCAN_DEFAULTS.previewSide, channels: 3, limits }))],
  [coarseOnly, await time(() => scanFaces(pool1, renderPreview))],
  ['faces: coarse + fine scan + second looks (what analyze runs), 1-thread pool', await time(() => scanFaces(pool1, preview, finePreview))],
  [`objects: CenterNet on the ${preview.width}×${preview.height} preview, 1-thread pool`, await time(() => pool1.objects(preview))],
  [`downsample ${preview.width}×${preview.height} → ${small.width}×${small.height} (in-process)`, await time(() => downsamplePixels(preview, DESCRIBE_SIDE))],
  [`smartcrop: smartFocus on ${small.width}×${small.height} (in-process)`, await time(() => smartFocus(small))],
  [`palette: extractPalette on ${small.width}×${small.height} (in-process)`, await time(() => extractPalette(small))],
  ['placeholder: ThumbHash (in-process)', await time(() => encodePlaceholder(small))],
];
const stageSum = stages.filter(([name]) => name !== coarseOnly && name !== renderDecode && name !== resample).reduce((sum, [, s]) => sum + s.median, 0);
const describeTask = await time(() => pool1.describe(preview));
const total1 = await time(() => analyzeImage(input, { pool: pool1 }));
const totalAll = await time(() => analyzeImage(input, { pool: poolAll }));
/** CPU of every thread of this process (main, libvips, detector workers) per analyze, over RUNS runs. */
async function cpuPerAnalyze(bytes: Buffer): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await analyzeImage(bytes, { pool: poolAll });
  const before = process.cpuUsage();
  for (let i = 0; i < RUNS; i++) await analyzeImage(bytes, { pool: poolAll });
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / RUNS;
}
const cpuAll = await cpuPerAnalyze(input);
// The VM's speed drifts by up to 1.4× between hours: this row lets runs be compared with each other.
const sharpYardstick = await time(() => sharp(input).resize(600, 400, { fit: 'cover' }).jpeg().toBuffer());
// sample1 is a 3:2 photo; the other samples are 1920 px wide at other aspects (4:3 and taller cost the fine pass more).
const perPhoto: string[][] = [];
for (const n of [1, 2, 3, 4, 5, 6]) {
  const bytes = readFileSync(samplePhoto(n));
  const info = await probeImage(bytes, limits);
  const s = (await timePaired(async () => analyzeImage(bytes, { pool: poolAll }), null, { warmup: 2, runs: 11 })).a;
  perPhoto.push([`sample${n}, ${info.width}×${info.height}`, ms(s.median), spread(s)]);
}

// ── The libraries as they come: each decodes the full image itself ──
const baseline: [string, Summary][] = [
  ['smartcrop: own full decode, 1920×1280 RGBA, prescale off', await time(async () => smartcrop.crop(await decodeFull(4), { width: 1, height: 1, prescale: false, imageOperations: rgbaOperations() }))],
  ['face-api: own full decode, TinyFaceDetector at 416', await time(async () => detectFaces(model, await decodeFull(3), { inputSize: 416 }))],
  ['node-vibrant: own full decode, MMCQ on every pixel', await time(async () => extractPalette(await decodeFull(4)))],
  ['thumbhash: own decode to ≤100 px', await time(async () => {
    const { data, info } = await sharp(input).autoOrient().resize(100, 100, { fit: 'inside' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    return rgbaToThumbHash(info.width, info.height, data);
  })],
];
const smartcropPrescaled = await time(async () => smartcrop.crop(await decodeFull(4), { width: 1, height: 1, imageOperations: rgbaOperations() }));
const baselineSum = baseline.reduce((sum, [, s]) => sum + s.median, 0);

const load = loadavg().map((v) => v.toFixed(2)).join(' ');
console.log(`\nConvertly analyze bench — sample1, ${source.width}×${source.height} JPEG, ${RUNS} runs after ${WARMUP} warm-up, ms (median, p10–p90); ${availableParallelism()} cores, load ${load}`);
console.log(`detector pools: 1 thread (load ${status1?.loadMs} ms + warm-up ${status1?.warmupMs} ms) and ${statusAll.length} threads; both ready after ${ms(readyMs)} ms\n`);
printTable(
  ['stage (one detector thread)', 'median', 'p10–p90'],
  [
    ...stages.map(([name, s]) => [name, ms(s.median), spread(s)]),
    ['sum of the stages above', ms(stageSum), ''],
    ['(describe task on the worker: downsample+smartcrop+palette+placeholder+transfer)', ms(describeTask.median), spread(describeTask)],
    ['analyzeImage total, 1-thread pool', ms(total1.median), spread(total1)],
    [`analyzeImage total, default pool (${statusAll.length} threads)`, ms(totalAll.median), spread(totalAll)],
    [`CPU per analyzeImage, default pool (all threads, mean of ${RUNS})`, ms(cpuAll), ''],
    ['raw sharp: 1920→600×400 centre crop to JPEG (this run\'s yardstick of machine speed)', ms(sharpYardstick.median), spread(sharpYardstick)],
  ],
);
console.log(`\nanalyzeImage on each labelled sample, default pool (${statusAll.length} threads), 11 runs after 2 warm-ups`);
printTable(['photo', 'median', 'p10–p90'], perPhoto);
console.log('\nThe libraries as they come, each decoding the image on its own (in-process, one after the other)');
printTable(
  ['library', 'median', 'p10–p90'],
  [
    ...baseline.map(([name, s]) => [name, ms(s.median), spread(s)]),
    ['sum (what four separate decodes + full-size analysis cost)', ms(baselineSum), ''],
    ['(smartcrop with its own 256 px prescale, JS nearest resample, instead)', ms(smartcropPrescaled.median), spread(smartcropPrescaled)],
    ['(sum with that smartcrop instead)', ms(baselineSum - baseline[0]![1].median + smartcropPrescaled.median), ''],
  ],
);
console.log(`\nshared downscaled decode: analyzeImage on 1 thread ${ms(total1.median)} ms vs ${ms(baselineSum)} ms as they come (${(baselineSum / total1.median).toFixed(1)}× less time); on ${statusAll.length} threads ${ms(totalAll.median)} ms`);

// ── Recall on the six labelled samples: single passes at fixed input sizes vs the tiled scan ──
function toSource(box: ScoredBox, from: Size, to: Size): ScoredBox {
  return { ...mapRect(box, from, to), score: box.score };
}

async function recallRow(label: string, maxSide: number, detect: (p: RawPixels) => Promise<ScoredBox[]>): Promise<string[]> {
  let hits = 0;
  let falsePositives = 0;
  let labelled = 0;
  const samples: number[] = [];
  for (const n of [1, 2, 3, 4, 5, 6]) {
    const bytes = readFileSync(samplePhoto(n));
    const info = await probeImage(bytes, limits);
    const p = await loadPreview(bytes, info, { maxSide, channels: 3, limits });
    const found = (await detect(p)).map((b) => toSource(b, p, info)); // the first call also pays any cold input size
    const match = matchFaces(SAMPLE_FACE_LABELS[n]!, found);
    hits += match.hits;
    falsePositives += match.falsePositives;
    labelled += SAMPLE_FACE_LABELS[n]!.length;
    for (let i = 0; i < RECALL_RUNS; i++) {
      const t = performance.now();
      await detect(p);
      samples.push(performance.now() - t);
    }
  }
  const s = summarise(samples);
  return [label, `${hits}/${labelled}`, String(falsePositives), ms(s.median), spread(s)];
}

const recall: string[][] = [];
for (const size of [416, 448, 512, 608]) {
  recall.push(await recallRow(`single pass, preview long side = input size ${size}`, size, (p) => pool1.faces(p, { inputSize: size })));
}
const side = FACE_SCAN_DEFAULTS.previewSide;
recall.push(await recallRow(`tiled scanFaces, preview ${side}, 1-thread pool`, side, (p) => scanFaces(pool1, p)));
recall.push(await recallRow(`tiled scanFaces, preview ${side}, ${statusAll.length}-thread pool`, side, (p) => scanFaces(poolAll, p)));
console.log(`\nFace recall on the six labelled samples (IoU ≥ 0.3), detection only (preview decode excluded), ${RECALL_RUNS} timed runs per image`);
printTable(['scan', 'found/labelled', 'false positives', 'median ms/image', 'p10–p90'], recall);

await Promise.all([pool1.destroy(), poolAll.destroy()]);
