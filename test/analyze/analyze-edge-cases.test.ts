// analyzeImage beyond group photos: no face, no subject, tiny images, a palette to check against
// known pixels, faces cut by the image edge, inputs that are not images, and the schema's teeth.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeImage } from '../../src/analyze/analyze-image.js';
import type { AnalyzeResult } from '../../src/analyze/analyze-result.js';
import { AppError } from '../../src/errors/app-error.js';
import type { Rect } from '../../src/geometry/types.js';
import { createDetectorPool, type DetectorPool } from '../../src/workers/detector-pool.js';
import { rgbDistance } from '../fixtures/raw-pixels.js';
import { SAMPLE_FACE_LABELS } from '../fixtures/sample-face-labels.js';
import { samplePath } from '../fixtures/photos.js';
import {
  assertConformsToSchema,
  assertFacesWellFormed,
  assertTextColours,
  cropJpeg,
  hexToRgb,
  noisyPng,
  schemaErrors,
  solidPng,
} from './analyze-fixtures.js';

let pool: DetectorPool;
let dir: string;

before(async () => {
  pool = createDetectorPool({ threads: 2 });
  dir = await mkdtemp(join(tmpdir(), 'convertly-analyze-'));
});

after(async () => {
  await pool.destroy();
  await rm(dir, { recursive: true, force: true });
});

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Analyses, checks what every result must satisfy, and hands the result back as a client would see it. */
async function analyzeChecked(input: Buffer | string, label: string): Promise<AnalyzeResult> {
  const result = await analyzeImage(input, { pool });
  const json = JSON.parse(JSON.stringify(result)) as AnalyzeResult;
  assertConformsToSchema(json, label);
  assertFacesWellFormed(json, label);
  assertTextColours(json.palette, label);
  return json;
}

describe('analyzeImage without faces', () => {
  it('falls back to smartcrop on a real photo with no face in it', async () => {
    // The lower part of sample1: below every labelled face (the lowest ends at y = 665).
    const region = { x: 0, y: 760, width: 1920, height: 520 };
    for (const face of SAMPLE_FACE_LABELS[1]!) assert.ok(!overlaps(face, region), 'the region must hold no labelled face');
    const result = await analyzeChecked(await cropJpeg(samplePath(1), region), 'faceless sample1');
    assert.deepEqual(result.faces, []);
    assert.equal(result.focal.suggested.source, 'smart-crop');
    assert.ok(result.focal.suggested.confidence >= 0 && result.focal.suggested.confidence <= 1);
    assert.deepEqual([result.width, result.height], [1920, 520]);
  });

  const blank = [
    ['800×600 #3366cc', 800, 600],
    ['8×8 #3366cc', 8, 8],
    ['1×1 #3366cc', 1, 1],
  ] as const;
  for (const [label, width, height] of blank) {
    it(`centres with low confidence on ${label}`, async () => {
      const result = await analyzeChecked(await solidPng(width, height, '#3366cc'), label);
      assert.deepEqual(result.faces, []);
      assert.equal(result.focal.suggested.source, 'center');
      assert.ok(result.focal.suggested.confidence < 0.3, `confidence ${result.focal.suggested.confidence}`);
      assert.deepEqual({ x: result.focal.suggested.x, y: result.focal.suggested.y }, { x: 0.5, y: 0.5 });
      assert.deepEqual([result.width, result.height], [width, height]);
      assert.ok(result.palette.dominant !== null && rgbDistance(result.palette.dominant.rgb, hexToRgb('#3366cc')) <= 12, label);
    });
  }
});

describe('analyzeImage palette', () => {
  it('names the colour an image is mostly made of as dominant', async () => {
    // #c0392b with ±12 noise on 96 % of the pixels, a green and a yellow block on the rest.
    const input = await noisyPng({ width: 800, height: 600 }, '#c0392b', {
      noise: 12,
      blocks: [
        { x: 40, y: 40, width: 100, height: 100, colour: '#2ecc71' },
        { x: 600, y: 420, width: 80, height: 80, colour: '#f1c40f' },
      ],
    });
    const result = await analyzeChecked(input, 'mostly #c0392b');
    const dominant = result.palette.dominant;
    assert.ok(dominant !== null);
    assert.ok(rgbDistance(dominant.rgb, hexToRgb('#c0392b')) <= 40, `dominant ${dominant.hex}`);
  });
});

describe('analyzeImage face boxes at the image edge', () => {
  it('keeps boxes of faces cut by the bottom edge inside the image', async () => {
    // Heights whose preview rounds up (560 → 130.67 → 131 rows): one width-based scale put such boxes a pixel below the image.
    for (const [sample, height] of [[1, 560], [1, 590], [6, 560]] as const) {
      const input = await cropJpeg(samplePath(sample), { x: 0, y: 0, width: 1920, height });
      const result = await analyzeChecked(input, `sample${sample} cut at ${height}`);
      assert.ok(result.faces.length >= 1, `sample${sample} cut at ${height}: no face`);
      assert.ok(result.faces.some((f) => f.y + f.height >= height - 2), `sample${sample} cut at ${height}: no face reaches the edge, so the case tests nothing`);
    }
  });
});

describe('analyzeImage on what is not an image', () => {
  const unsupported = { code: 'unsupported_image' } as const;

  it('refuses random bytes, a truncated JPEG and text as unsupported_image', async () => {
    const jpeg = await readFile(samplePath(1));
    await assert.rejects(analyzeImage(randomBytes(4096), { pool }), unsupported);
    await assert.rejects(analyzeImage(jpeg.subarray(0, 200), { pool }), unsupported);
    await assert.rejects(analyzeImage(Buffer.from('just some words, not pixels\n'), { pool }), unsupported);
    const textFile = join(dir, 'notes.txt');
    await writeFile(textFile, 'just some words, not pixels\n');
    await assert.rejects(analyzeImage(textFile, { pool }), unsupported);
    // Named like an image, still text.
    const fakeJpeg = join(dir, 'photo.jpg');
    await writeFile(fakeJpeg, 'not a jpeg\n');
    await assert.rejects(analyzeImage(fakeJpeg, { pool }), (error) => error instanceof AppError && error.code === 'unsupported_image' && error.status === 415);
  });

  it('refuses a JPEG cut off after its header, with its preview failing and no stray rejection', async () => {
    // The header parses, so the (fine) preview starts decoding, and fails. analyze decodes one preview
    // at a time today; this guards against decodes started side by side, one failing unawaited.
    const jpeg = await readFile(samplePath(1));
    const stray: unknown[] = [];
    const record = (reason: unknown) => stray.push(reason);
    process.on('unhandledRejection', record);
    try {
      for (const share of [0.1, 0.5, 0.9]) {
        await assert.rejects(analyzeImage(jpeg.subarray(0, Math.floor(jpeg.length * share)), { pool }), unsupported);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      process.off('unhandledRejection', record);
    }
    assert.deepEqual(stray, []);
  });

  it('reports a path that does not exist as not_found', async () => {
    await assert.rejects(analyzeImage(join(dir, 'missing.jpg'), { pool }), (error) => error instanceof AppError && error.code === 'not_found' && error.status === 404);
  });
});

describe('docs/analyze-result.schema.json', () => {
  it('rejects objects that break the contract', async () => {
    const good = await analyzeChecked(await cropJpeg(samplePath(2), { x: 600, y: 0, width: 800, height: 700 }), 'sample2 crop');
    assert.ok(good.palette.vibrant !== null && good.palette.dominant !== null, 'the mutations below need a full palette');
    const broken: Record<string, (r: any) => void> = {
      'an unknown top-level property': (r) => (r.extra = 1),
      'no placeholder': (r) => delete r.placeholder,
      'confidence above 1': (r) => (r.focal.suggested.confidence = 1.2),
      'x below 0': (r) => (r.focal.suggested.x = -0.1),
      'an unknown source': (r) => (r.focal.suggested.source = 'guess'),
      'a fractional crop': (r) => (r.focal.crops['16:9'].x = 0.5),
      'a missing aspect': (r) => delete r.focal.crops['9:16'],
      'a face without score': (r) => r.faces.push({ x: 1, y: 1, width: 2, height: 2 }),
      'an upper-case hex': (r) => (r.palette.vibrant.hex = r.palette.vibrant.hex.toUpperCase().replace('#', '#A').slice(0, 7)),
      'rgb with four channels': (r) => r.palette.vibrant.rgb.push(0),
      'a channel over 255': (r) => (r.palette.vibrant.rgb[0] = 256),
      'a grey text colour': (r) => (r.palette.vibrant.bodyTextOnColor = '#777777'),
      'a missing swatch key': (r) => delete r.palette.muted,
      'a dominant without a name': (r) => delete r.palette.dominant.name,
      'a dominant with an unknown name': (r) => (r.palette.dominant.name = 'accent'),
      'a swatch with a name': (r) => (r.palette.vibrant.name = 'vibrant'),
    };
    for (const [label, mutate] of Object.entries(broken)) {
      const copy = structuredClone(good);
      mutate(copy);
      assert.notDeepEqual(schemaErrors(copy), [], `the schema accepted ${label}`);
    }
    // And null swatches are allowed, as the contract says.
    const sparse = structuredClone(good) as any;
    sparse.palette.lightVibrant = null;
    assert.deepEqual(schemaErrors(sparse), []);
  });
});
