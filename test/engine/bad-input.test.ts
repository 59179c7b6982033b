// Hostile and broken inputs end in a public AppError (or a recovered image), never a crash,
// and the pixel limit is enforced from the header before any decoding.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { AppError, type ErrorCode } from '../../src/errors/app-error.js';
import { createDetectorPool, type DetectorPool } from '../../src/workers/detector-pool.js';
import { pngDeclaring, renderQuery, type Query } from '../fixtures/engine-images.js';
import { sampleBytes } from '../fixtures/photos.js';

let pool: DetectorPool;

before(() => {
  pool = createDetectorPool({ threads: 1 });
});

after(async () => {
  await pool.destroy();
});

/** The queries every bad input is tried with: a plain resize, a compass crop, a detecting crop, debug. */
const QUERIES: readonly Query[] = [{ w: '300' }, { w: '300', h: '200', gravity: 'north' }, { w: '300', h: '300', gravity: 'face' }, { w: '300', h: '300', gravity: 'smart' }, { w: '300', h: '300', debug: '1' }];

async function assertRejects(input: Buffer | string, query: Query, code: ErrorCode, status: number): Promise<AppError> {
  let caught: AppError | undefined;
  await assert.rejects(
    renderQuery(input, query, { pool }),
    (error: unknown) => {
      assert.ok(error instanceof AppError, `not an AppError: ${String(error)}`);
      caught = error;
      assert.equal(error.code, code, error.message);
      assert.equal(error.status, status);
      assert.ok(error.message.length > 10 && !/vips|sharp/i.test(error.message), `the message leaks internals: ${error.message}`);
      return true;
    },
    JSON.stringify(query),
  );
  return caught!;
}

describe('bad input', () => {
  it('a truncated JPEG (first 30%) is an unsupported_image AppError or a recovered image, never anything else', async (t) => {
    const outcomes: string[] = [];
    const photo = sampleBytes(3);
    const truncated = photo.subarray(0, Math.floor(photo.length * 0.3));
    for (const query of QUERIES) {
      try {
        const result = await renderQuery(truncated, query, { pool });
        // libvips may recover the rows it has: then the output must be a real image of the asked size.
        const meta = await sharp(result.data).metadata();
        assert.equal(meta.width, result.width);
        assert.equal(meta.height, result.height);
        assert.equal(result.width, 300, JSON.stringify(query));
        outcomes.push(`${JSON.stringify(query)} → recovered ${result.width}×${result.height}`);
      } catch (error) {
        assert.ok(error instanceof AppError, `${JSON.stringify(query)}: not an AppError: ${String(error)}`);
        assert.equal(error.code, 'unsupported_image');
        outcomes.push(`${JSON.stringify(query)} → ${error.code}`);
      }
    }
    t.diagnostic(outcomes.join('; '));
  });

  it('random bytes are unsupported_image', async () => {
    let state = 42;
    const noise = Buffer.from(
      Array.from({ length: 8192 }, () => {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        return state >>> 24;
      }),
    );
    for (const query of QUERIES) await assertRejects(noise, query, 'unsupported_image', 415);
    await assertRejects(Buffer.alloc(0), { w: '10' }, 'unsupported_image', 415);
  });

  it('a PNG header declaring 50 000 × 50 000 is image_too_large before anything is decoded', async () => {
    const bomb = pngDeclaring({ width: 50_000, height: 50_000 });
    assert.ok(bomb.length < 5000);
    const header = await sharp(bomb, { limitInputPixels: false }).metadata();
    assert.deepEqual([header.format, header.width, header.height], ['png', 50_000, 50_000], 'the crafted header does not parse');
    for (const query of QUERIES) {
      // The header check names the declared size; had libvips started decoding, its own pixel
      // limit would have failed instead, as an unsupported_image without the size.
      const error = await assertRejects(bomb, query, 'image_too_large', 413);
      assert.match(error.message, /50000×50000/);
    }
  });

  it('the pixel limit is the caller’s to set', async () => {
    const photo = sampleBytes(1);
    const limited = renderQuery(photo, { w: '100' }, { pool, limits: { maxInputPixels: 1920 * 1280 - 1 } });
    await assert.rejects(limited, (error: unknown) => error instanceof AppError && error.code === 'image_too_large');
    const allowed = await renderQuery(photo, { w: '100' }, { pool, limits: { maxInputPixels: 1920 * 1280 } });
    assert.equal(allowed.width, 100);
  });

  it('SVG is unsupported_image, even though libvips could rasterise it', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><rect width="400" height="300" fill="#c0392b"/></svg>');
    for (const query of QUERIES) await assertRejects(svg, query, 'unsupported_image', 415);
  });

  it('a PDF-like input is unsupported_image', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    for (const query of QUERIES) await assertRejects(pdf, query, 'unsupported_image', 415);
  });

  it('a missing path, or a directory, is not_found', async () => {
    await assertRejects('/nonexistent/convertly/photo.jpg', { w: '100' }, 'not_found', 404);
    await assertRejects('test', { w: '100' }, 'not_found', 404);
  });
});
