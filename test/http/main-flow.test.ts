// The main flow over a real socket: upload → analyze → render at the suggested focal point →
// cache hit → 304 → focal override changes the output → clearing it goes back to the centre.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { imageInfo, sampleBytes, uploadViaFetch, type FileJson } from './helpers/http-fixtures.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { focalWindow, toSourcePoint } from '../../src/geometry/focal-window.js';

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface AnalysisJson {
  width: number;
  height: number;
  focal: { suggested: { x: number; y: number; confidence: number; source: string }; crop: Rect; crops: Record<string, Rect> };
  faces: Array<Rect & { score: number }>;
  palette: Record<string, unknown>;
}

const windowText = (rect: Rect) => `${rect.x},${rect.y},${rect.width},${rect.height}`;

let server: TestServer;
const photo = sampleBytes(1);

before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
});

describe('main flow over HTTP', () => {
  let file: FileJson;
  let analysis: AnalysisJson;
  let fpEtag: string;

  it('uploads a photo as multipart and returns the file record', async () => {
    file = await uploadViaFetch(server, photo, 'sample1.jpg');
    assert.match(file.id, /^f_[0-9a-z]{20}$/);
    assert.equal(file.name, 'sample1.jpg');
    assert.equal(file.format, 'jpeg');
    assert.equal(file.width, 1920);
    assert.equal(file.height, 1280);
    assert.equal(file.bytes, photo.length);
    assert.ok(!Number.isNaN(Date.parse(file.createdAt)), file.createdAt);
    assert.equal(file.focal, null);
    assert.equal(file.analysis, null);
    for (const key of ['id', 'name', 'format', 'width', 'height', 'bytes', 'createdAt', 'focal', 'analysis']) assert.ok(key in file, key);
  });

  it('analyzes the stored file and suggests a face focal point', async () => {
    const response = await server.fetch('/api/images/analyze', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fileId: file.id }),
    });
    const text = await response.text();
    assert.equal(response.status, 200, text);
    analysis = JSON.parse(text) as AnalysisJson;
    assert.equal(analysis.width, 1920);
    assert.equal(analysis.height, 1280);
    const { suggested } = analysis.focal;
    assert.equal(suggested.source, 'face');
    assert.ok(suggested.x >= 0 && suggested.x <= 1 && suggested.y >= 0 && suggested.y <= 1, JSON.stringify(suggested));
    assert.ok(suggested.confidence > 0 && suggested.confidence <= 1);
    assert.ok(analysis.faces.length > 0);
    assert.deepEqual(analysis.focal.crop, analysis.focal.crops['1:1']);
    assert.ok('dominant' in analysis.palette);
  });

  it('renders at the suggested point: 400×400 JPEG cut from the suggested square, a miss then a hit', async () => {
    const { x, y } = analysis.focal.suggested;
    const path = `/cdn/${file.id}?w=400&h=400&fp=${x},${y}&f=jpeg`;
    const first = await server.fetch(path);
    const firstBody = Buffer.from(await first.arrayBuffer());
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('content-type'), 'image/jpeg');
    assert.deepEqual(await imageInfo(firstBody), { format: 'jpeg', width: 400, height: 400 });
    assert.equal(first.headers.get('x-convertly-focus'), 'fp');
    assert.equal(first.headers.get('x-convertly-window'), windowText(focalWindow(analysis, { width: 1, height: 1 }, toSourcePoint(analysis, { x, y }))));
    assert.equal(first.headers.get('x-convertly-cache'), 'miss');
    const etag = first.headers.get('etag');
    assert.match(etag ?? '', /^"[\w.-]+"$/);
    fpEtag = etag!;

    const second = await server.fetch(path);
    const secondBody = Buffer.from(await second.arrayBuffer());
    assert.equal(second.status, 200);
    assert.equal(second.headers.get('x-convertly-cache'), 'hit');
    assert.equal(second.headers.get('etag'), etag);
    assert.equal(second.headers.get('x-convertly-focus'), 'fp');
    assert.equal(second.headers.get('x-convertly-window'), first.headers.get('x-convertly-window'));
    assert.ok(secondBody.equals(firstBody), 'a hit serves the bytes of the miss');

    const revalidated = await server.fetch(path, { headers: { 'if-none-match': etag! } });
    assert.equal(revalidated.status, 304);
    assert.equal((await revalidated.arrayBuffer()).byteLength, 0);
    assert.equal(revalidated.headers.get('etag'), etag);
  });

  it('gravity=face cuts the suggested crop of each aspect (the saved faces, no second scan)', async () => {
    for (const [aspect, [w, h]] of [['1:1', [400, 400]], ['9:16', [270, 480]]] as const) {
      const response = await server.fetch(`/cdn/${file.id}?w=${w}&h=${h}&gravity=face&f=jpeg`);
      await response.arrayBuffer();
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('x-convertly-focus'), 'face');
      assert.equal(response.headers.get('x-convertly-window'), windowText(analysis.focal.crops[aspect]!), aspect);
    }
  });

  it('returns the saved analysis with the file', async () => {
    const response = await server.fetch(`/api/files/${file.id}`);
    assert.equal(response.status, 200);
    const record = (await response.json()) as FileJson;
    assert.deepEqual(record.analysis, analysis);
    assert.equal(record.version, file.version, 'saving an analysis does not change the version');
  });

  it('a focal override bumps the version and moves the default crop; clearing it goes back to the centre', async () => {
    const path = `/cdn/${file.id}?w=400&h=400&f=jpeg`;
    const before = await server.fetch(path);
    await before.arrayBuffer();
    assert.equal(before.status, 200);
    assert.equal(before.headers.get('x-convertly-focus'), 'center');
    const centreWindow = before.headers.get('x-convertly-window');
    assert.equal(centreWindow, '320,0,1280,1280');

    const put = await server.fetch(`/api/files/${file.id}/focal`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ x: 0.1, y: 0.9 }),
    });
    assert.equal(put.status, 200);
    const updated = (await put.json()) as FileJson;
    assert.deepEqual(updated.focal, { x: 0.1, y: 0.9 });
    assert.ok(updated.version > file.version, `version ${file.version} → ${updated.version}`);

    const focal = await server.fetch(path);
    await focal.arrayBuffer();
    assert.equal(focal.status, 200);
    assert.equal(focal.headers.get('x-convertly-focus'), 'focal');
    assert.equal(focal.headers.get('x-convertly-window'), '0,0,1280,1280');
    assert.notEqual(focal.headers.get('etag'), before.headers.get('etag'));
    assert.equal(focal.headers.get('x-convertly-cache'), 'miss', 'the old render is not served again');
    // A stale ETag from before the override no longer matches.
    const stale = await server.fetch(path, { headers: { 'if-none-match': before.headers.get('etag')! } });
    await stale.arrayBuffer();
    assert.equal(stale.status, 200);

    // The fp render does not depend on the stored point: its key, ETag and cached bytes survive the edit
    // (so moving the point never re-renders, or re-charges, it).
    const fpAgain = await server.fetch(`/cdn/${file.id}?w=400&h=400&fp=${analysis.focal.suggested.x},${analysis.focal.suggested.y}&f=jpeg`);
    await fpAgain.arrayBuffer();
    assert.equal(fpAgain.headers.get('x-convertly-focus'), 'fp');
    assert.equal(fpAgain.headers.get('etag'), fpEtag, 'only renders that follow the stored point carry the version');
    assert.equal(fpAgain.headers.get('x-convertly-cache'), 'hit');

    const cleared = await server.fetch(`/api/files/${file.id}/focal`, { method: 'DELETE' });
    assert.equal(cleared.status, 200);
    const clearedRecord = (await cleared.json()) as FileJson;
    assert.equal(clearedRecord.focal, null);
    assert.ok(clearedRecord.version > updated.version);

    const after = await server.fetch(path);
    await after.arrayBuffer();
    assert.equal(after.headers.get('x-convertly-focus'), 'center');
    assert.equal(after.headers.get('x-convertly-window'), centreWindow);
    assert.notEqual(after.headers.get('etag'), focal.headers.get('etag'));
    assert.notEqual(after.headers.get('etag'), before.headers.get('etag'), 'a new version, a new key');
  });

  it('downloads the original byte for byte', async () => {
    const response = await server.fetch(`/api/files/${file.id}/original`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/jpeg');
    assert.ok(Buffer.from(await response.arrayBuffer()).equals(photo));
  });
});

describe('other upload shapes over HTTP', () => {
  it('accepts a raw image body with ?name=', async () => {
    const response = await server.fetch('/api/files?name=raw%20upload.jpg', { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: photo });
    const text = await response.text();
    assert.equal(response.status, 201, text);
    const record = JSON.parse(text) as FileJson;
    assert.equal(record.name, 'raw upload.jpg');
    assert.deepEqual([record.format, record.width, record.height, record.bytes], ['jpeg', 1920, 1280, photo.length]);
    assert.equal(response.headers.get('location'), `/api/files/${record.id}`);
    const original = await server.fetch(`/api/files/${record.id}/original`);
    assert.ok(Buffer.from(await original.arrayBuffer()).equals(photo));
  });

  it('?analyze=1 returns the analysis with the new record', async () => {
    const record = await uploadViaFetch(server, sampleBytes(2), 'sample2.jpg', '?analyze=1');
    const saved = record.analysis as AnalysisJson | null;
    assert.ok(saved !== null, 'analysis is present');
    assert.equal(saved.width, record.width);
    assert.equal(saved.focal.suggested.source, 'face');
    const again = await server.fetch(`/api/files/${record.id}`);
    assert.deepEqual(((await again.json()) as FileJson).analysis, saved);
  });

  it('analyzes a fresh multipart upload without storing it', async () => {
    const before = await server.fetch('/api/files?limit=100');
    const countBefore = ((await before.json()) as { items: unknown[] }).items.length;
    const form = new FormData();
    form.append('file', new Blob([sampleBytes(2)], { type: 'image/jpeg' }), 'fresh.jpg');
    const response = await server.fetch('/api/images/analyze', { method: 'POST', body: form });
    const text = await response.text();
    assert.equal(response.status, 200, text);
    const result = JSON.parse(text) as AnalysisJson;
    assert.equal(result.width, 1920);
    assert.ok(result.faces.length >= 1);
    const afterList = await server.fetch('/api/files?limit=100');
    assert.equal(((await afterList.json()) as { items: unknown[] }).items.length, countBefore);
  });
});
