// Analyse once, render cheaply after: a file with a stored analysis renders face and faces crops
// from the stored boxes, without running the detector again.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_WORKSPACE_ID } from '../../src/storage/index.js';
import { samplePath } from '../fixtures/photos.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

describe('renders reuse the faces of a stored analysis', () => {
  let server: TestServer;
  let id: string;
  before(async () => {
    server = await startTestServer({ listen: false });
    const upload = await server.inject({ method: 'POST', url: '/api/files?analyze=1&name=s2.jpg', headers: { 'content-type': 'image/jpeg' }, payload: await readFile(samplePath(2)) });
    assert.equal(upload.statusCode, 201, upload.body);
    id = upload.json<{ id: string }>().id;
  });
  after(() => server.close());

  it('a face render keeps the analysed best face', async () => {
    const file = (await server.inject({ method: 'GET', url: `/api/files/${id}` })).json<{ analysis: { faces: { x: number; width: number }[] } }>();
    const best = file.analysis.faces[0]!;
    const response = await server.inject({ method: 'GET', url: `/cdn/${id}?w=300&h=300&gravity=face&f=jpeg` });
    const [x, , width] = String(response.headers['x-convertly-window']).split(',').map(Number);
    assert.ok(best.x >= x! && best.x + best.width <= x! + width!, 'the best face is inside the window');
  });

  it('the stored boxes decide, not a fresh detection: a (deliberately false) stored face in the left corner wins', async () => {
    // Only a render that reads the stored analysis can know about this box: no face is there.
    await server.services.files.saveAnalysis(DEFAULT_WORKSPACE_ID, id, { faces: [{ x: 0, y: 1000, width: 120, height: 120, score: 0.99 }] });
    const response = await server.inject({ method: 'GET', url: `/cdn/${id}?w=310&h=310&gravity=face&f=jpeg` });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['x-convertly-focus'], 'face');
    assert.equal(response.headers['x-convertly-window'], '0,0,1367,1367');
  });
});
