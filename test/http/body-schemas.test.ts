// JSON bodies validated by their route schemas (login, keys, sign): every refusal is the house 400
// invalid_parameter naming the field and what it expects, as the hand-written checks said before.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { buildTestApp, suiteScope, type TestApp } from '../helpers/build-test-app.js';

describe('route body schemas', () => {
  const scope = suiteScope();
  let server: TestApp;
  before(async () => {
    server = await buildTestApp(scope, { workerThreads: 0 });
  });

  async function refused(url: string, payload: unknown, message: RegExp | string): Promise<void> {
    const response = await server.inject({ method: 'POST', url, payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
    assert.equal(response.statusCode, 400, response.body);
    const { error } = response.json() as { error: { code: string; message: string } };
    assert.equal(error.code, 'invalid_parameter');
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
  }

  it('names an undeclared field and the fields the body takes', async () => {
    await refused('/api/keys', { kind: 'api', colour: 'red' }, 'Unknown field "colour"; the body takes only kind, name, allowedOrigins');
    await refused('/api/sign', { url: '/cdn/f_x?w=1', extra: 1 }, 'Unknown field "extra"; the body takes only url, expiresAt');
  });

  it('names a missing or mistyped field with what it expects, without coercing', async () => {
    await refused('/api/sign', {}, 'Expected a render URL or path such as "/cdn/f_…?w=400" for url but received nothing');
    await refused('/api/sign', { url: '/cdn/f_x?w=1', expiresAt: '4102444800' }, 'Expected unix seconds for expiresAt but received "4102444800"');
    await refused('/api/sign', { url: '/cdn/f_x?w=1', expiresAt: 1.5 }, /for expiresAt but received 1\.5/);
    await refused('/api/keys', { kind: 'other' }, 'Expected "api" or "delivery" for kind but received "other"');
    await refused('/api/keys', { name: '   ' }, /Expected a name of 1 to 100 characters for name/);
    await refused('/api/keys', { allowedOrigins: ['https://a.example', 'x'.repeat(301)] }, /for allowedOrigins\.1 but received/);
    await refused('/api/keys', [1, 2], 'Expected a JSON object for body but received 2 values');
  });

  it('never echoes a password', async () => {
    await refused('/api/auth/login', { email: 'a@example.com', password: 12345 }, 'Expected a password for password but received "(hidden)"');
    await refused('/api/auth/login', { email: 'a@example.com' }, 'Expected a password for password but received nothing');
  });

  it('reads an absent body as {} (a key with every default) and trims a name', async () => {
    const plain = await server.inject({ method: 'POST', url: '/api/keys' });
    assert.equal(plain.statusCode, 201, plain.body);
    assert.equal((plain.json() as { kind: string; name: string }).name, 'api key');
    const named = await server.inject({ method: 'POST', url: '/api/keys', payload: { name: '  shop  ' } });
    assert.equal((named.json() as { name: string }).name, 'shop');
  });
});
