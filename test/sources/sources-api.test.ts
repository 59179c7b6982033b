// Issue 14 §1: sources per workspace, managed over HTTP (GET/POST/DELETE /api/sources) and with
// `convertly sources add|list|remove`; each bad description is a named 400, taken names and hosts a 409.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProgram } from '../../src/cli/main.js';
import { DEFAULT_WORKSPACE_ID } from '../../src/storage/index.js';
import { accountsAccess, buildTestApp, suiteScope } from '../helpers/build-test-app.js';

describe('sources over HTTP', () => {
  const scope = suiteScope();
  const app = buildTestApp(scope, { workerThreads: 0 });

  it('adds, lists and removes an http source; secrets never listed', async () => {
    const { inject } = await app;
    const added = await inject({ method: 'POST', url: '/api/sources', payload: { name: 'shop', kind: 'http', baseUrl: 'https://images.example.com/photos/', hosts: ['IMG.Shop.com'], dialect: 'imgix', public: true } });
    assert.equal(added.statusCode, 201, added.body);
    const body = added.json();
    assert.equal(added.headers.location, '/api/sources/shop');
    assert.deepEqual({ ...body, id: undefined, createdAt: undefined }, {
      id: undefined, createdAt: undefined, name: 'shop', kind: 'http', baseUrl: 'https://images.example.com/photos', public: true, hosts: ['img.shop.com'], dialect: 'imgix',
    });
    const s3 = await inject({ method: 'POST', url: '/api/sources', payload: { name: 'bucket', kind: 's3', bucket: 'my-bucket', prefix: 'img/', accessKeyId: 'AK', secretAccessKey: 'very-secret' } });
    assert.equal(s3.statusCode, 201, s3.body);
    const list = await inject({ method: 'GET', url: '/api/sources' });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(list.json().items.map((item: { name: string }) => item.name), ['bucket', 'shop']);
    assert.ok(!list.body.includes('very-secret'), 'the secret key is never shown');
    assert.equal((await inject({ method: 'DELETE', url: '/api/sources/shop' })).statusCode, 204);
    assert.equal((await inject({ method: 'DELETE', url: '/api/sources/shop' })).json().error.code, 'not_found');
    assert.deepEqual((await inject({ method: 'GET', url: '/api/sources' })).json().items.map((item: { name: string }) => item.name), ['bucket']);
    // The host is free again once its source is gone.
    const again = await inject({ method: 'POST', url: '/api/sources', payload: { name: 'shop2', kind: 'http', baseUrl: 'https://a.example.com', hosts: ['img.shop.com'] } });
    assert.equal(again.statusCode, 201, again.body);
  });

  const bad: Array<[string, unknown, string, number]> = [
    ['no body', null, 'invalid_parameter', 400],
    ['a bad name', { name: 'Has Spaces', kind: 'http', baseUrl: 'https://x.example' }, 'invalid_parameter', 400],
    ['the built-in name', { name: 'uploads', kind: 'http', baseUrl: 'https://x.example' }, 'conflict', 409],
    ['an unknown kind', { name: 'a', kind: 'ftp' }, 'invalid_parameter', 400],
    ['a file: base URL', { name: 'a', kind: 'http', baseUrl: 'file:///etc' }, 'invalid_parameter', 400],
    ['a base URL with a query', { name: 'a', kind: 'http', baseUrl: 'https://x.example/?a=1' }, 'invalid_parameter', 400],
    ['a base URL with credentials', { name: 'a', kind: 'http', baseUrl: 'https://u:p@x.example/' }, 'invalid_parameter', 400],
    ['a bad bucket', { name: 'a', kind: 's3', bucket: 'UPPER' }, 'invalid_parameter', 400],
    ['half the credentials', { name: 'a', kind: 's3', bucket: 'abc', accessKeyId: 'x' }, 'invalid_parameter', 400],
    ['a host with a port', { name: 'a', kind: 'http', baseUrl: 'https://x.example', hosts: ['img.example.com:8080'] }, 'invalid_parameter', 400],
    ['a bad dialect', { name: 'a', kind: 'http', baseUrl: 'https://x.example', dialect: 'thumbor' }, 'invalid_parameter', 400],
    ['public not a boolean', { name: 'a', kind: 'http', baseUrl: 'https://x.example', public: 'yes' }, 'invalid_parameter', 400],
    ['an unknown field', { name: 'a', kind: 'http', baseUrl: 'https://x.example', cache: 1 }, 'invalid_parameter', 400],
  ];
  for (const [label, payload, code, status] of bad) {
    it(`refuses ${label} with ${status} ${code}`, async () => {
      const { inject } = await app;
      const response = await inject({ method: 'POST', url: '/api/sources', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
      assert.equal(response.statusCode, status, response.body);
      assert.equal(response.json().error.code, code);
      assert.match(response.json().error.message, /\w/);
    });
  }

  it('refuses a taken name or a taken host with 409 conflict', async () => {
    const { inject } = await app;
    const first = await inject({ method: 'POST', url: '/api/sources', payload: { name: 'taken', kind: 'http', baseUrl: 'https://x.example', hosts: ['taken.example.com'] } });
    assert.equal(first.statusCode, 201);
    const sameName = await inject({ method: 'POST', url: '/api/sources', payload: { name: 'taken', kind: 'http', baseUrl: 'https://y.example' } });
    assert.equal(sameName.statusCode, 409);
    assert.equal(sameName.json().error.code, 'conflict');
    const sameHost = await inject({ method: 'POST', url: '/api/sources', payload: { name: 'other', kind: 'http', baseUrl: 'https://y.example', hosts: ['taken.example.com'] } });
    assert.equal(sameHost.statusCode, 409);
    // Nothing of the refused source was kept.
    assert.ok(!(await inject({ method: 'GET', url: '/api/sources' })).json().items.some((item: { name: string }) => item.name === 'other'));
  });

  it('needs a credential (401) and refuses delivery keys (403)', async () => {
    const testApp = await app;
    const anonymous = await testApp.app.inject({ method: 'GET', url: '/api/sources' });
    assert.equal(anonymous.statusCode, 401);
    const delivery = await accountsAccess(testApp).accounts.keys.createKey({ workspaceId: DEFAULT_WORKSPACE_ID, kind: 'delivery', name: 'pages' });
    for (const method of ['GET', 'POST'] as const) {
      const response = await testApp.app.inject({ method, url: '/api/sources', headers: { authorization: `Bearer ${delivery.token}` }, payload: method === 'POST' ? { name: 'z', kind: 'http', baseUrl: 'https://z.example' } : undefined });
      assert.equal(response.statusCode, 403);
      assert.equal(response.json().error.code, 'delivery_key_not_allowed');
    }
  });

  it('convertly sources add|list|remove works on the same database', async () => {
    const testApp = await app;
    const out: string[] = [];
    const err: string[] = [];
    const run = (...args: string[]) => createProgram({ config: testApp.config, stdout: (line) => out.push(line), stderr: (line) => err.push(line) }).exitOverride().parseAsync(args, { from: 'user' });
    await run('sources', 'add', 'cli-web', '--http', 'https://web.example.com/img', '--public', '--host', 'cdn.web.example.com');
    await run('sources', 'add', 'cli-s3', '--s3', 'some-bucket', '--prefix', 'photos/', '--endpoint', 'http://127.0.0.1:9000');
    assert.match(out.at(-1) ?? '', /^cli-s3\ts3\ts3:\/\/some-bucket\/photos\/\tprivate\t-\tnative\t/);
    out.length = 0;
    await run('sources', 'list');
    assert.ok(out.some((line) => /^cli-web\thttp\thttps:\/\/web\.example\.com\/img\tpublic\tcdn\.web\.example\.com\tnative\t/.test(line)), out.join('\n'));
    // The server sees what the CLI added.
    assert.ok((await testApp.inject({ method: 'GET', url: '/api/sources' })).json().items.some((item: { name: string }) => item.name === 'cli-web'));
    await run('sources', 'remove', 'cli-web');
    await assert.rejects(run('sources', 'remove', 'cli-web'), (error: { code?: string }) => error.code === 'not_found');
    await assert.rejects(run('sources', 'add', 'both', '--http', 'https://a.example', '--s3', 'bucket'), (error: { code?: string }) => error.code === 'invalid_parameter');
    await assert.rejects(run('sources', 'add', 'bad', '--http', 'ftp://a.example'), (error: { code?: string }) => error.code === 'invalid_parameter');
  });
});
