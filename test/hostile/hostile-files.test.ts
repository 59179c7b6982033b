// Hostile suite (issue 12, item 7 and "How it is tested"): truncated and corrupt files of every accepted format,
// bombs and impostors, uploaded over HTTP. Each answer is a 201 or a refusal in the house error shape — never a
// 500 — truncated and corrupt files are 415, and the server is healthy afterwards.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { buildTestApp, suiteScope, type TestApp } from '../helpers/build-test-app.js';
import { assertError, pngDeclaring } from '../http/helpers/http-fixtures.js';
import { noiseRaw } from '../fixtures/engine-images.js';
import { sampleBytes } from '../fixtures/photos.js';
import { gifProblem, pngProblem } from '../../src/engine/image-structure.js';

const FORMATS = ['jpeg', 'png', 'webp', 'avif', 'gif', 'tiff'] as const;
type Format = (typeof FORMATS)[number];

/** One small real image (a photo crop with noise, so every format has real entropy-coded data) per format. */
async function encode(format: Format): Promise<Buffer> {
  const photo = sharp(sampleBytes(2)).resize(160, 120);
  return format === 'tiff' ? photo.tiff({ compression: 'lzw' }).toBuffer() : photo.toFormat(format).toBuffer();
}

async function animatedGif(): Promise<Buffer> {
  const frame = noiseRaw({ width: 64, height: 64 });
  const frames = Buffer.concat([frame.data, noiseRaw({ width: 64, height: 64 }, 11).data, noiseRaw({ width: 64, height: 64 }, 13).data]);
  return sharp(frames, { raw: { width: 64, height: 192, channels: 3, pageHeight: 64 } as never }).gif({ loop: 0 }).toBuffer();
}

function withBadCrc(png: Buffer, chunk: string): Buffer {
  const copy = Buffer.from(png);
  const at = copy.indexOf(chunk, 8, 'latin1');
  const length = copy.readUInt32BE(at - 4);
  copy[at + 4 + length] = copy[at + 4 + length]! ^ 0xff;
  return copy;
}

function withTextChunk(png: Buffer): Buffer {
  const data = Buffer.from('Comment\u0000hello', 'latin1');
  const body = Buffer.concat([Buffer.from('tEXt', 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const iend = png.length - 12;
  return Buffer.concat([png.subarray(0, iend), length, body, crc, png.subarray(iend)]);
}

describe('hostile files over HTTP', () => {
  const scope = suiteScope();
  let app: TestApp;
  const originals = new Map<Format, Buffer>();
  before(async () => {
    app = await buildTestApp(scope, { workerThreads: 0, env: { MAX_INPUT_PIXELS: String(50_000_000) } });
    for (const format of FORMATS) originals.set(format, await encode(format));
  });

  const upload = (bytes: Buffer, type = 'application/octet-stream') =>
    app.inject({ method: 'POST', url: '/api/files', headers: { 'content-type': type }, payload: bytes });

  it('accepts every sound original (the baseline the cases below break)', async () => {
    for (const format of FORMATS) {
      const response = await upload(originals.get(format)!);
      assert.equal(response.statusCode, 201, `${format}: ${response.body}`);
    }
    assert.equal((await upload(await animatedGif())).statusCode, 201, 'an animated GIF');
    assert.equal((await upload(withTextChunk(originals.get('png')!))).statusCode, 201, 'a PNG with an ancillary tEXt chunk');
  });

  for (const format of FORMATS) {
    for (const keep of [0.1, 0.5, 0.9]) {
      it(`a ${format} cut to ${keep * 100}% is 415 unsupported_image`, async () => {
        const bytes = originals.get(format)!;
        assertError(await upload(bytes.subarray(0, Math.floor(bytes.length * keep))), 415, 'unsupported_image', undefined, `${format} ${keep}`);
      });
    }
  }

  it('a GIF missing only its trailer, and an animated GIF cut in its last frame, are 415', async () => {
    const gif = originals.get('gif')!;
    assert.equal(gifProblem(gif), null);
    assertError(await upload(gif.subarray(0, gif.length - 1)), 415, 'unsupported_image', /truncated/);
    const animated = await animatedGif();
    assertError(await upload(animated.subarray(0, animated.length - 40)), 415, 'unsupported_image', /truncated/);
  });

  it('a PNG with a bad CRC, in its data or in an ancillary chunk, is 415', async () => {
    const png = originals.get('png')!;
    assert.equal(pngProblem(png), null);
    assertError(await upload(withBadCrc(png, 'IDAT')), 415, 'unsupported_image', /CRC/);
    assertError(await upload(withBadCrc(withTextChunk(png), 'tEXt')), 415, 'unsupported_image', /CRC/);
  });

  it('bombs are refused from the header: a PNG declaring 100000×100000, a 1×1-byte claim of 60 MP', async () => {
    assertError(await upload(pngDeclaring({ width: 100_000, height: 100_000 })), 413, 'image_too_large');
    assertError(await upload(pngDeclaring({ width: 10_000, height: 6_000 })), 413, 'image_too_large');
  });

  it('impostors are 415: text, HTML, an SVG, an empty body, a PDF header, a signature alone', async () => {
    const impostors: Array<[string, Buffer]> = [
      ['text', Buffer.from('hello, world')],
      ['html', Buffer.from('<!doctype html><script>alert(1)</script>')],
      ['svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')],
      ['pdf', Buffer.from('%PDF-1.7\n%âãÏÓ\n')],
      ['png signature', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
      ['gif header', Buffer.from('GIF89a')],
      ['jpeg soi', Buffer.from([0xff, 0xd8, 0xff])],
    ];
    for (const [label, bytes] of impostors) assertError(await upload(bytes, 'image/png'), 415, 'unsupported_image', undefined, label);
    const empty = await upload(Buffer.alloc(0), 'image/png');
    assert.ok([400, 415].includes(empty.statusCode), `empty: ${empty.statusCode} ${empty.body}`);
  });

  it('flipped bytes anywhere in any format: a 201 or a 415, never a 500', async () => {
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const seen = new Map<number, number>();
    for (const format of FORMATS) {
      const bytes = originals.get(format)!;
      for (let i = 0; i < 6; i++) {
        const copy = Buffer.from(bytes);
        for (let flips = 0; flips < 4; flips++) {
          const at = 16 + (next() % (copy.length - 16));
          copy[at] = copy[at]! ^ (1 << (next() % 8));
        }
        const response = await upload(copy);
        seen.set(response.statusCode, (seen.get(response.statusCode) ?? 0) + 1);
        if (response.statusCode !== 201) assertError(response, 415, 'unsupported_image', undefined, `${format} flip ${i}`);
      }
    }
    assert.ok((seen.get(415) ?? 0) > 0, `some flips must break a file: ${JSON.stringify([...seen])}`);
  });

  it('is healthy afterwards, and every stored file still renders', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    const list = (await app.inject({ method: 'GET', url: '/api/files?limit=100' })).json<{ files?: Array<{ id: string }>; items?: Array<{ id: string }> }>();
    const files = list.files ?? list.items ?? [];
    assert.ok(files.length >= FORMATS.length);
    for (const file of files) {
      const response = await app.inject({ method: 'GET', url: `/cdn/${file.id}?w=64&h=64&f=jpeg&gravity=center` });
      assert.equal(response.statusCode, 200, `${file.id}: ${response.body.slice(0, 200)}`);
    }
  });
});
