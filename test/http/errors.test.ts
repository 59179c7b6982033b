// Every error path of SPEC §6 through inject(): the JSON shape, the status, the code, the named
// parameter, and a process that keeps serving afterwards.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fsBlobPath } from '../../src/storage/index.js';
import { listFilesDeep } from '../storage/temp-dir.js';
import { assertError, multipartBody, pngDeclaring, smallPhoto, uploadViaInject, type FileJson } from './helpers/http-fixtures.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const MAX_UPLOAD_BYTES = 200_000;
const MAX_OUTPUT_PIXELS = 1_000_000;

let server: TestServer;
let photo: Buffer;
let file: FileJson;

before(async () => {
  server = await startTestServer({ listen: false, env: { MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES), MAX_OUTPUT_PIXELS: String(MAX_OUTPUT_PIXELS) } });
  photo = await smallPhoto(1); // 640×427
  file = await uploadViaInject(server, photo);
});
after(async () => {
  await server.close();
});

async function fileCount(): Promise<number> {
  const response = await server.inject({ method: 'GET', url: '/api/files?limit=100' });
  return response.json<{ items: unknown[] }>().items.length;
}

/** The stored blob key of a file, read from its row whatever workspace it belongs to. */
async function blobKeyOf(id: string): Promise<string> {
  const row = await server.services.database.db.selectFrom('files').select('blob_key').where('id', '=', id).executeTakeFirstOrThrow();
  return row.blob_key;
}

function blobFiles(): Promise<string[]> {
  return listFilesDeep(join(server.dataDir, 'blobs'));
}

describe('routing and bodies', () => {
  it('an unknown route is 404 not_found', async () => {
    for (const [method, url] of [
      ['GET', '/nope'],
      ['GET', '/api/files/x/y/z'],
      ['POST', '/cdn/abc'],
      ['PATCH', '/api/files'],
    ] as const) {
      assertError(await server.inject({ method, url }), 404, 'not_found');
    }
  });

  it('malformed JSON is 400 invalid_request', async () => {
    for (const payload of ['{"fileId":', '{fileId: 1}', 'not json']) {
      const response = await server.inject({ method: 'POST', url: '/api/images/analyze', payload, headers: { 'content-type': 'application/json' } });
      assertError(response, 400, 'invalid_request', /JSON/);
    }
    const empty = await server.inject({ method: 'POST', url: '/api/images/analyze', payload: '', headers: { 'content-type': 'application/json' } });
    assertError(empty, 400, 'invalid_request', /empty/);
    const focal = await server.inject({ method: 'PUT', url: `/api/files/${file.id}/focal`, payload: '{"x":0.1,', headers: { 'content-type': 'application/json' } });
    assertError(focal, 400, 'invalid_request');
  });

  it('a JSON body over 1 MB is 413', async () => {
    const payload = JSON.stringify({ fileId: file.id, padding: 'x'.repeat(1024 * 1024 + 10) });
    const response = await server.inject({ method: 'POST', url: '/api/images/analyze', payload, headers: { 'content-type': 'application/json' } });
    assertError(response, 413, 'payload_too_large');
  });

  it('a forbidden JSON property (__proto__) is 400, not a crash', async () => {
    const response = await server.inject({ method: 'PUT', url: `/api/files/${file.id}/focal`, payload: '{"__proto__":{"x":1},"x":0.1,"y":0.2}', headers: { 'content-type': 'application/json' } });
    assert.equal(response.statusCode, 400, response.body);
    assert.equal(response.json<{ error: { code: string } }>().error.code.length > 0, true);
  });
});

describe('uploads', () => {
  it('over MAX_UPLOAD_BYTES is 413, multipart and raw, and nothing is stored', async () => {
    const before = await fileCount();
    const big = randomBytes(MAX_UPLOAD_BYTES + 1000);
    const jpegLike = Buffer.concat([photo, big]);
    const multipart = multipartBody(jpegLike);
    assertError(await server.inject({ method: 'POST', url: '/api/files', ...multipart }), 413, 'image_too_large');
    const raw = await server.inject({ method: 'POST', url: '/api/files', payload: jpegLike, headers: { 'content-type': 'image/jpeg' } });
    assertError(raw, 413, 'image_too_large');
    const octets = await server.inject({ method: 'POST', url: '/api/files', payload: jpegLike, headers: { 'content-type': 'application/octet-stream' } });
    assertError(octets, 413, 'image_too_large');
    const analyze = await server.inject({ method: 'POST', url: '/api/images/analyze', ...multipart });
    assertError(analyze, 413, 'image_too_large');
    assert.equal(await fileCount(), before);
  });

  it('a malformed multipart body is 400 invalid_request, never a 500', async () => {
    const { payload } = multipartBody(photo, { boundary: 'right-boundary' });
    const multipart = (body: Buffer, type: string) => server.inject({ method: 'POST', url: '/api/files', payload: body, headers: { 'content-type': type } });
    assertError(await multipart(payload, 'multipart/form-data; boundary=wrong-boundary'), 400, 'invalid_request', /"file"/);
    // Cut inside the file part: busboy ends the stream early.
    assertError(await multipart(payload.subarray(0, 200), 'multipart/form-data; boundary=right-boundary'), 400, 'invalid_request', /multipart/);
    assertError(await multipart(payload, 'multipart/form-data'), 400, 'invalid_request', /multipart/);
    const brokenHeader = Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nno-colon-here\r\n\r\nxx\r\n--b--\r\n');
    // busboy skips a header line without a colon, so this is a (tiny, non-image) file: 415.
    assertError(await multipart(brokenHeader, 'multipart/form-data; boundary=b'), 415, 'unsupported_image');
    assertError(await server.inject({ method: 'POST', url: '/api/images/analyze', payload: payload.subarray(0, 200), headers: { 'content-type': 'multipart/form-data; boundary=right-boundary' } }), 400, 'invalid_request');
    assert.equal((await server.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  });

  it('multipart with the wrong field name is 400 naming the right one', async () => {
    const wrong = multipartBody(photo, { field: 'image' });
    assertError(await server.inject({ method: 'POST', url: '/api/files', ...wrong }), 400, 'invalid_request', /"file"/);
    assertError(await server.inject({ method: 'POST', url: '/api/images/analyze', ...wrong }), 400, 'invalid_request', /"file"/);
    const boundary = 'only-a-field';
    const fieldOnly = `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nhello\r\n--${boundary}--\r\n`;
    const noFile = await server.inject({ method: 'POST', url: '/api/files', payload: fieldOnly, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    assertError(noFile, 400, 'invalid_request', /"file"/);
  });

  it('non-images are 415 unsupported_image (multipart and raw), and nothing is stored', async () => {
    const before = await fileCount();
    const blobsBefore = await blobFiles();
    const bodies: Array<[string, Buffer]> = [
      ['text', Buffer.from('hello, this is not an image\n'.repeat(20))],
      ['pdf', Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n')],
      ['random', randomBytes(4096)],
      ['truncated jpeg header', photo.subarray(0, 20)],
      ['valid png header, garbage pixels', pngDeclaring({ width: 200, height: 100 })],
    ];
    for (const [label, bytes] of bodies) {
      const multipart = await server.inject({ method: 'POST', url: '/api/files', ...multipartBody(bytes, { filename: `${label}.jpg` }) });
      assertError(multipart, 415, 'unsupported_image');
      const raw = await server.inject({ method: 'POST', url: '/api/files', payload: bytes, headers: { 'content-type': 'image/jpeg' } });
      assertError(raw, 415, 'unsupported_image');
      const analyze = await server.inject({ method: 'POST', url: '/api/images/analyze', ...multipartBody(bytes) });
      assertError(analyze, 415, 'unsupported_image');
    }
    assert.equal(await fileCount(), before);
    assert.deepEqual(await blobFiles(), blobsBefore);
  });

  it('an empty upload is 415 unsupported_image', async () => {
    const multipart = await server.inject({ method: 'POST', url: '/api/files', ...multipartBody(Buffer.alloc(0)) });
    assertError(multipart, 415, 'unsupported_image');
    const raw = await server.inject({ method: 'POST', url: '/api/files', payload: Buffer.alloc(0), headers: { 'content-type': 'image/png' } });
    assertError(raw, 415, 'unsupported_image');
    const analyze = await server.inject({ method: 'POST', url: '/api/images/analyze', payload: Buffer.alloc(0), headers: { 'content-type': 'image/png' } });
    assertError(analyze, 415, 'unsupported_image');
  });

  it('a decompression bomb (a tiny PNG declaring 50 000×50 000) is 413 image_too_large and nothing is stored', async () => {
    const before = await fileCount();
    const blobsBefore = await blobFiles();
    const bomb = pngDeclaring({ width: 50_000, height: 50_000 });
    assert.ok(bomb.length < 10_000);
    assertError(await server.inject({ method: 'POST', url: '/api/files', ...multipartBody(bomb, { filename: 'bomb.png', contentType: 'image/png' }) }), 413, 'image_too_large', /50000×50000/);
    assertError(await server.inject({ method: 'POST', url: '/api/files?analyze=1', payload: bomb, headers: { 'content-type': 'image/png' } }), 413, 'image_too_large');
    assertError(await server.inject({ method: 'POST', url: '/api/images/analyze', ...multipartBody(bomb) }), 413, 'image_too_large');
    assert.equal(await fileCount(), before);
    assert.deepEqual(await blobFiles(), blobsBefore);
  });

  it('anything but an image on POST /api/files is 415 unsupported_image (SPEC §3), whatever its content type', async () => {
    for (const [type, payload] of [
      ['text/plain', 'hello'],
      ['application/json', '{"file":"x"}'],
      ['application/x-www-form-urlencoded', 'file=abc'],
      ['application/pdf', '%PDF-1.7'],
    ] as const) {
      const response = await server.inject({ method: 'POST', url: '/api/files', payload, headers: { 'content-type': type } });
      assertError(response, 415, 'unsupported_image');
    }
  });
});

describe('CDN parameters', () => {
  const BAD: ReadonlyArray<readonly [string, string]> = [
    ['w=0', 'w'],
    ['w=abc', 'w'],
    ['w=8193', 'w'],
    ['w=-5', 'w'],
    ['w=1.5', 'w'],
    ['w=1&w=2', 'w'],
    ['h=0', 'h'],
    ['h=99999999999999999999', 'h'],
    ['w=100&dpr=0.5', 'dpr'],
    ['w=100&dpr=5', 'dpr'],
    ['w=100&dpr=x', 'dpr'],
    ['w=4000&dpr=3', 'dpr'],
    ['w=100&h=100&fit=crop', 'fit'],
    ['w=100&h=100&gravity=middle', 'gravity'],
    ['w=100&h=100&gravity=', 'gravity'],
    ['w=100&h=100&crop=top', 'crop'],
    ['w=100&h=100&fp=2,0.5', 'fp'],
    ['w=100&h=100&fp=0.5', 'fp'],
    ['w=100&h=100&fp=abc', 'fp'],
    ['w=100&h=100&fp=-0.1,0.5', 'fp'],
    ['w=100&h=100&fp=150%25,10%25', 'fp'],
    ['w=100&f=bmp', 'f'],
    ['w=100&f=', 'f'],
    ['w=100&q=0', 'q'],
    ['w=100&q=101', 'q'],
    ['w=100&q=high', 'q'],
    ['w=100&debug=yes', 'debug'],
  ];
  for (const [query, name] of BAD) {
    it(`${query} is 400 invalid_parameter naming ${name}`, async () => {
      const response = await server.inject({ method: 'GET', url: `/cdn/${file.id}?${query}` });
      assertError(response, 400, 'invalid_parameter', new RegExp(`\\bfor ${name}\\b`));
    });
  }

  it('a bad parameter is a 400 even for an unknown file (parameters are checked first)', async () => {
    assertError(await server.inject({ method: 'GET', url: '/cdn/f_nope?w=0' }), 400, 'invalid_parameter', /\bw\b/);
  });

  it('a malformed URL is 400 invalid_request in the JSON shape, without echoing the path', async () => {
    for (const url of ['/cdn/abc%zz?w=1', '/cdn/%E0%A4%A', '/api/files/%']) {
      const response = await server.inject({ method: 'GET', url });
      assertError(response, 400, 'invalid_request', /URL/);
      assert.doesNotMatch(response.body, /%zz|%E0/);
    }
  });

  it('unknown or malformed file ids are 404 not_found', async () => {
    for (const id of ['f_00000000000000000000', 'nope', '..%2F..%2Fetc%2Fpasswd', 'a'.repeat(200), '%00']) {
      assertError(await server.inject({ method: 'GET', url: `/cdn/${id}?w=10` }), 404, 'not_found');
    }
  });

  it('an output over MAX_OUTPUT_PIXELS is 413 image_too_large, whatever the fit', async () => {
    for (const query of ['w=1200&h=1000', 'w=1300', 'h=1000', 'w=600&h=600&dpr=2', 'w=1200&h=1000&fit=contain', 'w=2000&h=1&fit=outside', 'w=1&h=2000&fit=outside']) {
      const response = await server.inject({ method: 'GET', url: `/cdn/${file.id}?${query}&f=jpeg` });
      assertError(response, 413, 'image_too_large', /MP/, query);
    }
    const fine = await server.inject({ method: 'GET', url: `/cdn/${file.id}?w=900&h=1&fit=outside&f=jpeg` });
    assert.equal(fine.statusCode, 200, fine.body.slice(0, 200));
  });
});

describe('focal and analyze bodies', () => {
  const put = (payload: string) => server.inject({ method: 'PUT', url: `/api/files/${file.id}/focal`, payload, headers: { 'content-type': 'application/json' } });

  it('rejects bad focal bodies with 400 naming the field', async () => {
    const cases: ReadonlyArray<readonly [string, RegExp]> = [
      ['{"x":2,"y":0.5}', /\bx\b/],
      ['{"x":0.5,"y":-0.1}', /\by\b/],
      ['{"x":0.5}', /\by\b/],
      ['{"x":"0.5","y":0.5}', /\bx\b/],
      ['{"x":0.5,"y":0.5,"z":1}', /\bz\b|body/],
      ['{"x":null,"y":0.5}', /\bx\b/],
      ['[0.5,0.5]', /body/],
      ['"0.5,0.5"', /body/],
      ['42', /body/],
      ['null', /body/],
      ['{}', /\bx\b/],
    ];
    for (const [payload, pattern] of cases) assertError(await put(payload), 400, 'invalid_parameter', pattern);
    const unchanged = await server.inject({ method: 'GET', url: `/api/files/${file.id}` });
    assert.equal(unchanged.json<FileJson>().focal, null);
    assert.equal(unchanged.json<FileJson>().version, file.version);
  });

  it('focal on an unknown file is 404', async () => {
    const response = await server.inject({ method: 'PUT', url: '/api/files/f_00000000000000000000/focal', payload: '{"x":0.5,"y":0.5}', headers: { 'content-type': 'application/json' } });
    assertError(response, 404, 'not_found');
    assertError(await server.inject({ method: 'DELETE', url: '/api/files/f_00000000000000000000/focal' }), 404, 'not_found');
  });

  it('analyze with {} / {"fileId":123} / an unknown file is 400 / 400 / 404', async () => {
    const analyze = (payload: string) => server.inject({ method: 'POST', url: '/api/images/analyze', payload, headers: { 'content-type': 'application/json' } });
    assertError(await analyze('{}'), 400, 'invalid_parameter', /fileId/);
    assertError(await analyze('{"fileId":123}'), 400, 'invalid_parameter', /fileId/);
    assertError(await analyze('{"fileId":"f_00000000000000000000"}'), 404, 'not_found');
    assertError(await analyze('{"fileId":"../../etc/passwd"}'), 404, 'not_found');
    assertError(await server.inject({ method: 'POST', url: '/api/images/analyze' }), 400, 'invalid_parameter');
    // Neither JSON nor an image (SPEC §2's two shapes): refused unread as not an image.
    assertError(await server.inject({ method: 'POST', url: '/api/images/analyze', payload: 'hello', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_image');
    assertError(await server.inject({ method: 'POST', url: '/api/images/analyze', payload: 'x', headers: { 'content-type': 'application/pdf' } }), 415, 'unsupported_image');
  });

  it('files routes: unknown ids are 404', async () => {
    for (const [method, url] of [
      ['GET', '/api/files/f_00000000000000000000'],
      ['GET', '/api/files/f_00000000000000000000/original'],
      ['DELETE', '/api/files/f_00000000000000000000'],
      ['GET', '/api/files/not%20an%20id'],
      ['DELETE', '/api/files/not%20an%20id'],
    ] as const) {
      assertError(await server.inject({ method, url }), 404, 'not_found');
    }
  });
});

describe('a real bug (500)', () => {
  it('a blob deleted behind the server is a generic 500 naming the request id, and the server keeps serving', async () => {
    const victim = await uploadViaInject(server, await smallPhoto(2, 320), 'victim.jpg');
    const blobPath = fsBlobPath(join(server.dataDir, 'blobs'), await blobKeyOf(victim.id));
    await stat(blobPath);
    await rm(blobPath);

    const response = await server.inject({ method: 'GET', url: `/cdn/${victim.id}?w=100&h=100&f=jpeg`, headers: { 'x-request-id': 'req-test-500' } });
    assertError(response, 500, 'internal_error', /req-test-500/);
    assert.equal(response.headers['x-request-id'], 'req-test-500');
    const message = response.json<{ error: { message: string } }>().error.message;
    assert.doesNotMatch(message, /blob|missing|f_/, 'the internal detail stays in the log');
    const generated = await server.inject({ method: 'GET', url: `/cdn/${victim.id}?w=100&h=100&f=jpeg` });
    assertError(generated, 500, 'internal_error');
    assert.ok(generated.json<{ error: { message: string } }>().error.message.includes(String(generated.headers['x-request-id'])));
    assertError(await server.inject({ method: 'GET', url: `/api/files/${victim.id}/original` }), 500, 'internal_error');

    const health = await server.inject({ method: 'GET', url: '/healthz' });
    assert.equal(health.statusCode, 200);
    const still = await server.inject({ method: 'GET', url: `/cdn/${file.id}?w=50&f=jpeg` });
    assert.equal(still.statusCode, 200);
    // The broken file can still be deleted.
    assert.equal((await server.inject({ method: 'DELETE', url: `/api/files/${victim.id}` })).statusCode, 204);
  });
});
