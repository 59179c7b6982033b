// POST /api/migrate/url over a real socket: client-built imgix and Cloudinary URLs in, Convertly URLs that render out.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Cloudinary } from '@cloudinary/url-gen';
import { fill, scale } from '@cloudinary/url-gen/actions/resize';
import { sepia } from '@cloudinary/url-gen/actions/effect';
import { focusOn } from '@cloudinary/url-gen/qualifiers/gravity';
import { face } from '@cloudinary/url-gen/qualifiers/focusOn';
import { imgix } from '../compat/compat-helpers.js';
import { sampleBytes } from '../fixtures/photos.js';
import { startCompatServer, type CompatServer } from './compat-server.js';
import { assertError } from './same-as-native.js';

const cloudinary = new Cloudinary({ cloud: { cloudName: 'demo' } });

interface Result {
  url: string;
  ok: boolean;
  convertly?: string;
  notes?: string[];
  unsupported?: { param: string; value: string; reason: string; component?: string }[];
  error?: { code: string; message: string };
}

let server: CompatServer;
let fileId: string;

before(async () => {
  server = await startCompatServer();
  fileId = await server.upload(1);
});

after(async () => {
  await server?.close();
});

function post(body: unknown, raw = false): Promise<Response> {
  return server.fetch('/api/migrate/url', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ? (body as string) : JSON.stringify(body),
  });
}

async function results(body: unknown): Promise<Result[]> {
  const response = await post(body);
  const text = await response.text();
  assert.equal(response.status, 200, text);
  const parsed = JSON.parse(text) as { results: Result[] };
  assert.deepEqual(Object.keys(parsed), ['results']);
  return parsed.results;
}

describe('POST /api/migrate/url', () => {
  it('translates one URL, with the shape of the contract', async () => {
    const url = imgix.buildURL(`/blog/${fileId}.jpg`, { w: 600, h: 400, fit: 'crop', crop: 'faces,entropy', auto: 'format' });
    const [result] = await results({ url });
    assert.deepEqual(Object.keys(result ?? {}), ['url', 'ok', 'convertly', 'notes', 'unsupported']);
    assert.equal(result?.url, url);
    assert.equal(result?.ok, true);
    assert.equal(result?.convertly, `/cdn/${fileId}?w=600&h=400&fit=cover&gravity=faces&f=auto`);
    assert.equal(result?.notes?.length, 1);
    assert.deepEqual(result?.unsupported, []);
    // The translated URL is one this server serves.
    const render = await server.fetch(result?.convertly ?? '');
    assert.equal(render.status, 200);
    assert.equal(render.headers.get('x-convertly-focus'), 'faces');
  });

  it('translates a list in order, failures in place with their error', async () => {
    const urls = [
      cloudinary.image(fileId).resize(fill().width(300).height(200).gravity(focusOn(face()))).effect(sepia()).toURL(),
      'https://example.com/not-a-known-host.jpg?w=100',
      imgix.buildURL(fileId, { w: 200, fm: 'jp2' }),
      cloudinary.image(`${fileId}.webp`).resize(scale().width(120)).toURL(),
    ];
    const list = await results({ urls });
    assert.deepEqual(list.map((entry) => entry.url), urls);
    assert.deepEqual(list.map((entry) => entry.ok), [true, false, false, true]);
    assert.equal(list[0]?.convertly, `/cdn/${fileId}?w=300&h=200&fit=cover&gravity=face`);
    assert.deepEqual(list[0]?.unsupported?.map((entry) => [entry.param, entry.value, entry.component]), [['e', 'sepia', 'e_sepia']]);
    assert.deepEqual(Object.keys(list[1] ?? {}), ['url', 'ok', 'error']);
    assert.equal(list[1]?.error?.code, 'invalid_parameter');
    assert.match(list[1]?.error?.message ?? '', /imgix URL/);
    assert.match(list[2]?.error?.message ?? '', /for fm but received "jp2"/);
    assert.equal(list[3]?.convertly, `/cdn/${fileId}?w=120&f=webp`);
  });

  it('resolves relative sizes against a file of the workspace, and reports them for one it does not have', async () => {
    const [known, unknown] = await results({
      urls: [imgix.buildURL(fileId, { w: 0.5 }), imgix.buildURL('f_notinthisworkspace000', { w: 0.5 })],
    });
    assert.equal(known?.convertly, `/cdn/${fileId}?w=960`);
    assert.deepEqual(known?.unsupported, []);
    assert.equal(unknown?.convertly, '/cdn/f_notinthisworkspace000');
    assert.deepEqual(unknown?.unsupported?.map((entry) => entry.param), ['w']);
  });

  it('reads custom domains and bare paths with "dialect"', async () => {
    const list = await results({ urls: ['https://images.example.com/a/photo.jpg?w=100&fit=crop&h=50', '/photo.png?w=10'], dialect: 'imgix' });
    // "photo" is no file id: the images are addressed by their paths (see the next test).
    assert.deepEqual(list.map((entry) => entry.convertly), ['/src/uploads/a/photo.jpg?w=100&h=50&fit=cover', '/src/uploads/photo.png?w=10']);
    const [cloud] = await results({ url: 'https://media.example.com/demo/image/upload/c_fit,w_100,h_100/photo.jpg', dialect: 'cloudinary' });
    assert.equal(cloud?.convertly, '/src/uploads/photo.jpg?w=100&h=100&fit=inside&f=jpeg');
  });

  it('without "source", a name that is no file id becomes its uploads path, with notes saying whether it serves yet', async () => {
    const url = imgix.buildURL('/catalog/shoes/red shoe.jpg', { w: 0.5, h: 120, fit: 'crop' });
    const [before] = await results({ url });
    assert.equal(before?.ok, true);
    assert.equal(before?.convertly, '/src/uploads/catalog/shoes/red%20shoe.jpg?h=120');
    assert.match(before?.notes?.join('\n') ?? '', /red shoe is not a Convertly file id \(f_…\), so \/cdn\/red shoe could never be found/);
    assert.match(before?.notes?.join('\n') ?? '', /No upload is stored at catalog\/shoes\/red shoe\.jpg in this workspace yet: upload it with POST \/api\/files\?path=catalog%2Fshoes%2Fred%20shoe\.jpg/);
    assert.equal((await server.fetch(before?.convertly ?? '')).status, 404);
    const stored = await server.fetch(`/api/files?path=${encodeURIComponent('catalog/shoes/red shoe.jpg')}`, { method: 'POST', body: sampleBytes(2), headers: { 'content-type': 'image/jpeg' } });
    assert.equal(stored.status, 201, await stored.text());
    // Now the workspace has it: the relative width resolves against it and the rewritten URL renders.
    const [after] = await results({ url });
    assert.equal(after?.convertly, '/src/uploads/catalog/shoes/red%20shoe.jpg?w=960&h=120&fit=cover');
    assert.doesNotMatch(after?.notes?.join('\n') ?? '', /No upload is stored/);
    const render = await server.fetch(after?.convertly ?? '');
    assert.equal(render.status, 200);
    assert.equal(render.headers.get('content-type'), 'image/jpeg');
    // A file id that is not (yet) in the workspace keeps its /cdn/ URL, and says so.
    const [foreign] = await results({ url: imgix.buildURL('f_notinthisworkspace000', { w: 10 }) });
    assert.equal(foreign?.convertly, '/cdn/f_notinthisworkspace000?w=10');
    assert.match(foreign?.notes?.join('\n') ?? '', /No file f_notinthisworkspace000 is in this workspace yet/);
  });

  it('accepts exactly 1000 URLs', async () => {
    const list = await results({ urls: Array.from({ length: 1000 }, (_, index) => `https://a.imgix.net/p${index}.jpg?w=${index + 1}`) });
    assert.equal(list.length, 1000);
    assert.equal(list[999]?.convertly, '/src/uploads/p999.jpg?w=1000');
  });

  it('refuses bad bodies with a 400 naming the field', async () => {
    const cases: ReadonlyArray<readonly [unknown, string | RegExp]> = [
      [{}, /No "url" or "urls"/],
      [[], /for body but received a list/],
      [{ url: 42 }, /for url but received a number/],
      [{ urls: 'https://a.imgix.net/x.jpg' }, /for urls but received a string/],
      [{ urls: [] }, /1 to 1000 URLs/],
      [{ urls: Array.from({ length: 1001 }, () => 'https://a.imgix.net/x.jpg') }, /1 to 1000 URLs for urls but received 1001/],
      [{ urls: ['https://a.imgix.net/x.jpg', null] }, /urls\[1\]/],
      [{ url: 'https://a.imgix.net/x.jpg', urls: ['https://a.imgix.net/y.jpg'] }, /Both "url" and "urls"/],
      [{ URL: 'https://a.imgix.net/x.jpg' }, /Unknown field "URL"/],
      [{ url: 'https://a.imgix.net/x.jpg', dialect: 'akamai' }, /for dialect but received "akamai"/],
      [{ url: `https://a.imgix.net/${'x'.repeat(9000)}` }, /at most 8192 characters for url/],
    ];
    for (const [body, name] of cases) await assertError(await post(body), 400, 'invalid_parameter', name);
    await assertError(await post('{"url": ', true), 400, 'invalid_request', /not valid JSON/);
  });
});
