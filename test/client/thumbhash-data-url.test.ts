// Our dependency-free ThumbHash decoder against the real `thumbhash` package: the same PNG, byte for
// byte, for placeholders of real photos (as the analysis makes them) and of an image with alpha.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { thumbHashToDataURL } from 'thumbhash';
import { thumbHashDataUrl } from '../../src/client/thumbhash-data-url.js';
import { encodePlaceholder } from '../../src/detect/placeholder.js';
import { pngWithAlpha, sampleBytes } from '../http/helpers/http-fixtures.js';

async function placeholderOf(bytes: Buffer): Promise<string> {
  const { data, info } = await sharp(bytes).resize({ width: 100, height: 100, fit: 'inside' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return encodePlaceholder({ data, width: info.width, height: info.height, channels: 4 } as Parameters<typeof encodePlaceholder>[0]);
}

describe('thumbHashDataUrl', () => {
  it('gives the bytes the thumbhash package gives, for photos and for alpha', async () => {
    const inputs = [sampleBytes(1), sampleBytes(2), sampleBytes(5), await pngWithAlpha(), await sharp(sampleBytes(3)).rotate(90).toBuffer()];
    for (const bytes of inputs) {
      const placeholder = await placeholderOf(bytes);
      const ours = thumbHashDataUrl(placeholder);
      assert.equal(ours, thumbHashToDataURL(Buffer.from(placeholder, 'base64')));
      const png = await sharp(Buffer.from(ours.slice('data:image/png;base64,'.length), 'base64')).metadata();
      assert.equal(png.format, 'png');
      assert.ok(Math.max(png.width, png.height) === 32, `${png.width}×${png.height}`);
    }
  });

  it('refuses text that is not a base64 ThumbHash', () => {
    assert.throws(() => thumbHashDataUrl('not base64!'), TypeError);
    assert.throws(() => thumbHashDataUrl('AAAA'), TypeError);
  });
});
