// Sessions (SPEC §4): login sets an HttpOnly SameSite=Lax cookie, /api/me, logout; CSRF on cookie
// writes; login rate limits per account and per address. Real argon2id throughout.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createWorkspaceFixture,
  errorCode,
  signIn,
  startAccountsServer,
  type AccountsServer,
  type WorkspaceFixture,
} from './helpers/accounts-server.js';

const HOST = 'convertly.test:8080';
const SAME_ORIGIN = `http://${HOST}`;

describe('sessions', () => {
  let server: AccountsServer;
  let a: WorkspaceFixture;

  before(async () => {
    server = await startAccountsServer({
      workerThreads: 0,
      // Small address limit so the per-address rule is reached without hundreds of argon2 runs.
      access: { loginLimits: { account: { maxFailures: 3 }, address: { maxFailures: 6 } } },
    });
    a = await createWorkspaceFixture(server, 'ws_sessions');
  });
  after(() => server.close());

  it('login sets an HttpOnly, SameSite=Lax session cookie; /api/me knows the user', async () => {
    const response = await server.inject({ method: 'POST', url: '/api/auth/login', payload: { email: a.email.toUpperCase(), password: a.password } });
    assert.equal(response.statusCode, 200, response.body);
    const cookie = String(response.headers['set-cookie']);
    assert.match(cookie, /^convertly_session=[A-Za-z0-9_-]{43}; /);
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Lax/);
    assert.match(cookie, /; Path=\//);
    assert.doesNotMatch(cookie, /Secure/, 'plain HTTP without PUBLIC_URL');
    const body = response.json();
    assert.equal(body.user.email, a.email);
    assert.equal(body.workspace.id, a.id);
    const me = await server.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookie.split(';', 1)[0] ?? '' } });
    assert.equal(me.statusCode, 200);
    assert.deepEqual(me.json().user, { id: body.user.id, email: a.email, role: 'owner' });
    assert.deepEqual(me.json().credential, { kind: 'session' });
  });

  it('a wrong password or unknown account is the same 401', async () => {
    const wrong = await server.inject({ method: 'POST', url: '/api/auth/login', payload: { email: a.email, password: 'not the password' }, remoteAddress: '10.0.0.2' });
    const unknown = await server.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@example.com', password: 'whatever1' }, remoteAddress: '10.0.0.2' });
    for (const response of [wrong, unknown]) {
      assert.equal(response.statusCode, 401);
      assert.deepEqual(response.json(), { error: { code: 'unauthorized', message: 'Wrong email or password' } });
      assert.equal(response.headers['set-cookie'], undefined);
    }
  });

  describe('CSRF: cookie-authenticated writes', () => {
    let cookie = '';
    before(async () => {
      cookie = await signIn(server, a.email, a.password);
    });
    const write = (headers: Record<string, string>) =>
      server.inject({ method: 'POST', url: '/api/keys', headers: { host: HOST, cookie, ...headers }, payload: { name: 'from the dashboard' } });

    it('without Origin or Referer are 403 forbidden', async () => {
      const response = await write({});
      assert.equal(response.statusCode, 403);
      assert.equal(errorCode(response), 'forbidden');
    });
    it('from another origin are 403, Origin: null too', async () => {
      const attempts: Array<Record<string, string>> = [
        { origin: 'https://evil.example' },
        { origin: 'null' },
        { referer: 'https://evil.example/x' },
        { origin: 'https://convertly.test:8080' },
      ];
      for (const headers of attempts) {
        const response = await write(headers);
        assert.equal(response.statusCode, 403, JSON.stringify(headers));
      }
    });
    it('from the same origin (Origin, or Referer alone) succeed', async () => {
      assert.equal((await write({ origin: SAME_ORIGIN })).statusCode, 201);
      assert.equal((await write({ referer: `${SAME_ORIGIN}/keys` })).statusCode, 201);
    });
    it('reads need no Origin; API keys need no Origin for writes', async () => {
      assert.equal((await server.inject({ method: 'GET', url: '/api/keys', headers: { host: HOST, cookie } })).statusCode, 200);
      const api = await server.inject({ method: 'POST', url: '/api/keys', headers: { host: HOST, ...a.bearer }, payload: {} });
      assert.equal(api.statusCode, 201);
    });
    it('a cross-site login form is refused', async () => {
      const response = await server.inject({ method: 'POST', url: '/api/auth/login', headers: { host: HOST, origin: 'https://evil.example' }, payload: { email: a.email, password: a.password } });
      assert.equal(response.statusCode, 403);
    });
  });

  it('logout ends the session and clears the cookie', async () => {
    const cookie = await signIn(server, a.email, a.password);
    const out = await server.inject({ method: 'POST', url: '/api/auth/logout', headers: { host: HOST, origin: SAME_ORIGIN, cookie } });
    assert.equal(out.statusCode, 204);
    assert.match(String(out.headers['set-cookie']), /^convertly_session=; .*Max-Age=0/);
    const me = await server.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    assert.equal(me.statusCode, 401);
  });

  describe('login rate limits', () => {
    it('per account: after the limit even the right password is 429 with Retry-After', async () => {
      const b = await createWorkspaceFixture(server, 'ws_sessions_b');
      for (let attempt = 1; attempt <= 3; attempt++) {
        const response = await server.inject({ method: 'POST', url: '/api/auth/login', payload: { email: b.email, password: `wrong ${attempt} guess` }, remoteAddress: `10.1.0.${attempt}` });
        assert.equal(response.statusCode, 401);
      }
      const blocked = await server.inject({ method: 'POST', url: '/api/auth/login', payload: { email: b.email, password: b.password }, remoteAddress: '10.1.0.9' });
      assert.equal(blocked.statusCode, 429);
      assert.equal(errorCode(blocked), 'rate_limited');
      const retryAfter = Number(blocked.headers['retry-after']);
      assert.ok(retryAfter >= 1 && retryAfter <= 15 * 60, `Retry-After ${retryAfter}`);
    });
    it('per address: many accounts tried from one address are 429 too', async () => {
      const address = '10.2.0.1';
      let status = 0;
      for (let attempt = 1; attempt <= 6; attempt++) {
        status = (await server.inject({ method: 'POST', url: '/api/auth/login', payload: { email: `user${attempt}@example.com`, password: 'guessing123' }, remoteAddress: address })).statusCode;
        assert.equal(status, 401);
      }
      const blocked = await server.inject({ method: 'POST', url: '/api/auth/login', payload: { email: a.email, password: a.password }, remoteAddress: address });
      assert.equal(blocked.statusCode, 429);
      assert.ok(Number(blocked.headers['retry-after']) >= 1);
      const elsewhere = await server.inject({ method: 'POST', url: '/api/auth/login', payload: { email: a.email, password: a.password }, remoteAddress: '10.2.0.2' });
      assert.equal(elsewhere.statusCode, 200, 'the account itself is not locked');
    });
  });

  it('a malformed login body is a 400 that never echoes the password', async () => {
    const response = await server.inject({ method: 'POST', url: '/api/auth/login', payload: { email: a.email, password: 42 } });
    assert.equal(response.statusCode, 400);
    assert.equal(errorCode(response), 'invalid_parameter');
    assert.doesNotMatch(response.body, /42/);
  });
});

describe('session expiry', () => {
  let server: AccountsServer;
  let clockMs = Date.now();

  before(async () => {
    server = await startAccountsServer({ workerThreads: 0, access: { now: () => new Date(clockMs) } });
  });
  after(() => server.close());

  it('a session stops working when it expires, cached or not', async () => {
    const a = await createWorkspaceFixture(server, 'ws_expiry');
    const cookie = await signIn(server, a.email, a.password);
    assert.equal((await server.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode, 200);
    clockMs += server.access.accounts.sessionMaxAgeSeconds * 1000 - 1;
    assert.equal((await server.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode, 200);
    clockMs += 2;
    const expired = await server.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    assert.equal(expired.statusCode, 401);
    assert.equal(errorCode(expired), 'unauthorized');
  });
});
