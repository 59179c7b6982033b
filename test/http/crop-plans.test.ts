// The free crop plans of issue 18 (GET /api/files/{id}/crops and /plan): every planned window equals the
// X-Convertly-Window of the real render, planning charges nothing, and moving the focal point re-charges
// no render that does not follow it.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { accountsAccess, buildTestApp, suiteScope, type TestApp } from '../helpers/build-test-app.js';
import { sampleBytes } from '../fixtures/photos.js';
import { DEFAULT_WORKSPACE_ID } from '../../src/storage/index.js';

interface Cell {
  readonly gravity: string;
  readonly aspect: string;
  readonly url: string;
  readonly focus: string;
  readonly windowHeader: string;
  readonly width: number;
  readonly height: number;
  readonly cutFaces: number[];
}

describe('crop plans', { timeout: 300_000 }, () => {
  const scope = suiteScope();
  let app: TestApp;
  let fileId = '';

  const used = async () => (await accountsAccess(app).quotaService.status(DEFAULT_WORKSPACE_ID)).used;

  before(async () => {
    app = await buildTestApp(scope, { listen: true });
    const upload = await app.fetch('/api/files?analyze=1', { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: sampleBytes(1) });
    assert.equal(upload.status, 201);
    fileId = ((await upload.json()) as { id: string }).id;
    await app.fetch(`/api/files/${fileId}/focal`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ x: 0.3, y: 0.4 }) });
  });

  it('plans every gravity × aspect for free, and each window is the one the real URL cuts', async () => {
    const before = await used();
    const response = await app.fetch(`/api/files/${fileId}/crops`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { cells: Cell[]; width: number; height: number };
    assert.equal(body.cells.length, 20, 'focal, face, faces, smart, auto × 1:1, 4:5, 16:9, 9:16');
    assert.equal(await used(), before, 'planning spends nothing');
    for (const cell of body.cells) {
      const render = await app.fetch(cell.url);
      assert.equal(render.status, 200, cell.url);
      assert.equal(render.headers.get('x-convertly-window'), cell.windowHeader, `${cell.gravity} ${cell.aspect}: ${cell.url}`);
      assert.equal(render.headers.get('x-convertly-focus'), cell.focus, `${cell.gravity} ${cell.aspect}`);
    }
    const face = body.cells.find((cell) => cell.gravity === 'face' && cell.aspect === '1:1');
    assert.ok(face && face.cutFaces.length > 0, 'sample1 is a group photo: a square around the best face cuts another');
    const faces = body.cells.find((cell) => cell.gravity === 'faces' && cell.aspect === '16:9');
    assert.deepEqual(faces?.cutFaces, [], 'faces keeps every face it can at 16:9');
  });

  it('plans one render URL: window, output size and the negotiated format, or the render\'s own 400', async () => {
    const plan = await app.fetch(`/api/files/${fileId}/plan?w=600&h=400&gravity=face&f=auto&accept=${encodeURIComponent('image/avif,image/webp,*/*')}`);
    assert.equal(plan.status, 200);
    const body = (await plan.json()) as { windowHeader: string; format: string; width: number; height: number };
    assert.equal(body.format, 'avif');
    assert.deepEqual([body.width, body.height], [600, 400]);
    const render = await app.fetch(`/cdn/${fileId}?w=600&h=400&gravity=face&f=auto`, { headers: { accept: 'image/avif,image/webp,*/*' } });
    assert.equal(render.headers.get('content-type'), 'image/avif');
    assert.equal(render.headers.get('x-convertly-window'), body.windowHeader);
    const file = (await (await app.fetch(`/api/files/${fileId}`)).json()) as { width: number; height: number };
    const jpeg = (await (await app.fetch(`/api/files/${fileId}/plan?w=600&f=auto&accept=*/*`)).json()) as { format: string; height: number };
    assert.equal(jpeg.format, 'jpeg');
    assert.equal(jpeg.height, Math.round((600 * file.height) / file.width));

    for (const [query, parameter] of [['w=99999', 'w'], ['w=0', 'w'], ['gravity=sideways', 'gravity'], ['w=10&dpr=9', 'dpr']] as const) {
      const bad = await app.fetch(`/api/files/${fileId}/plan?${query}`);
      assert.equal(bad.status, 400, query);
      const error = ((await bad.json()) as { error: { code: string; message: string } }).error;
      assert.equal(error.code, 'invalid_parameter', query);
      assert.match(error.message, new RegExp(`for ${parameter} but`), query);
    }
    const huge = await app.fetch(`/api/files/${fileId}/plan?w=8000&h=8000`);
    assert.equal(((await huge.json()) as { error: { code: string } }).error.code, 'image_too_large');
  });

  it('refuses bad grid parameters, unknown files and callers without a workspace credential', async () => {
    for (const [query, parameter] of [['gravity=up', 'gravity'], ['aspect=1:0', 'aspect'], ['aspect=wide', 'aspect'], ['size=5', 'size'], ['w=100', 'w']] as const) {
      const bad = await app.fetch(`/api/files/${fileId}/crops?${query}`);
      assert.equal(bad.status, 400, query);
      assert.match(((await bad.json()) as { error: { message: string } }).error.message, new RegExp(`for ${parameter} but`), query);
    }
    assert.equal((await app.fetch('/api/files/f_doesnotexist0000/crops')).status, 404);
    assert.equal((await app.fetch('/api/files/f_doesnotexist0000/plan?w=10')).status, 404);
    assert.equal((await fetch(`${app.url}/api/files/${fileId}/crops`)).status, 401);
    assert.equal((await fetch(`${app.url}/api/files/${fileId}/plan?w=10`)).status, 401);
  });

  it('moving the focal point re-renders (and charges) only renders that follow it', async () => {
    const fixed = `/cdn/${fileId}?w=640&gravity=center&f=webp`;
    const follows = `/cdn/${fileId}?w=320&h=320&gravity=focal&f=webp`;
    for (const url of [fixed, follows]) assert.equal((await app.fetch(url)).status, 200);
    const start = await used();
    await app.fetch(`/api/files/${fileId}/focal`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ x: 0.7, y: 0.2 }) });
    const again = await app.fetch(fixed);
    assert.equal(again.headers.get('x-convertly-cache'), 'hit', 'the whole-image rendition is still cached after the move');
    assert.equal(await used(), start, 'and costs nothing');
    const moved = await app.fetch(follows);
    assert.equal(moved.headers.get('x-convertly-cache'), 'miss', 'a focal crop follows the new point');
    assert.equal(await used(), start + 1);
  });
});
