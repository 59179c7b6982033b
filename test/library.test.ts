import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import sharp from 'sharp';
import { AppError, analyze, close, render } from '../src/index.js';
import { samplePath } from './fixtures/photos.js';

// The package entry point, as a Node user imports it: `import { render, analyze } from 'convertly'`.
describe('library entry point', () => {
  after(() => close());

  it('renders a face crop from a path with URL-style parameters', async () => {
    const result = await render(samplePath(3), { w: '300', h: '300', gravity: 'face', f: 'webp' });
    assert.equal(result.contentType, 'image/webp');
    const meta = await sharp(result.data).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['webp', 300, 300]);
    assert.equal(result.decision.focus, 'face');
    const best = result.decision.faces[0];
    assert.ok(best, 'a face was found');
    const w = result.decision.window;
    assert.ok(best.x >= w.x && best.x + best.width <= w.x + w.width, 'the best face is inside the window');
  });

  it('analyses bytes and suggests a focal point on a face', async () => {
    const result = await analyze(await sharp(samplePath(3)).toBuffer());
    assert.equal(result.focal.suggested.source, 'face');
    assert.ok(result.faces.length >= 2);
  });

  it('rejects bad parameters with the one error type', async () => {
    await assert.rejects(render(samplePath(1), { w: '-3' }), (error: unknown) => error instanceof AppError && error.code === 'invalid_parameter');
  });
});
