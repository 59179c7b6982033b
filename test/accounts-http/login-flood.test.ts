// Login limits under parallel guessing: the limit is taken before the password is checked, so a
// burst of concurrent wrong passwords gets no more tries than the same guesses one at a time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_LOGIN_RATE_LIMIT } from '../../src/accounts/login-rate-limit.js';
import { ADDRESS_MAX_FAILURES } from '../../src/accounts/login.js';
import { createWorkspaceFixture, errorCode, startAccountsServer, type AccountsServer, type WorkspaceFixture } from './helpers/accounts-server.js';

const GUESSES = 40;

describe('login limits under concurrent guesses', () => {
  let server: AccountsServer;
  let a: WorkspaceFixture;
  let clockMs = Date.now();

  const login = (email: string, password: string, remoteAddress: string) =>
    server.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress });

  before(async () => {
    // The default limits (5 per account, 50 per address); only the clock is ours, to leave the window.
    server = await startAccountsServer({ workerThreads: 0, access: { now: () => new Date(clockMs) } });
    a = await createWorkspaceFixture(server, 'ws_flood');
  });
  after(() => server.close());

  it(`${GUESSES} parallel wrong passwords for one account: at most ${DEFAULT_LOGIN_RATE_LIMIT.maxFailures} are tried, the rest are 429`, async () => {
    const responses = await Promise.all(
      Array.from({ length: GUESSES }, (_, i) => login(a.email, `wrong guess ${i}`, `10.7.${i >> 8}.${i & 255}`)),
    );
    const tried = responses.filter((response) => response.statusCode === 401);
    const limited = responses.filter((response) => response.statusCode === 429);
    assert.ok(tried.length <= DEFAULT_LOGIN_RATE_LIMIT.maxFailures, `${tried.length} wrong passwords were checked: ${responses.map((r) => r.statusCode).join(' ')}`);
    assert.equal(tried.length + limited.length, GUESSES);
    for (const response of limited) {
      assert.equal(errorCode(response), 'rate_limited');
      const retryAfter = Number(response.headers['retry-after']);
      assert.ok(retryAfter >= 1 && retryAfter <= DEFAULT_LOGIN_RATE_LIMIT.windowSeconds, `Retry-After ${retryAfter}`);
    }
    // Still locked, even for the right password, until the window has passed.
    assert.equal((await login(a.email, a.password, '10.7.9.1')).statusCode, 429);
    clockMs += DEFAULT_LOGIN_RATE_LIMIT.windowSeconds * 1000 + 1000;
    const later = await login(a.email, a.password, '10.7.9.1');
    assert.equal(later.statusCode, 200, later.body);
  });

  it(`${GUESSES + ADDRESS_MAX_FAILURES} parallel guesses from one address at many accounts: at most ${ADDRESS_MAX_FAILURES} are tried`, async () => {
    const total = GUESSES + ADDRESS_MAX_FAILURES;
    const responses = await Promise.all(
      Array.from({ length: total }, (_, i) => login(`nobody${i}@flood.example.com`, 'guessing123', '10.8.0.1')),
    );
    const tried = responses.filter((response) => response.statusCode === 401).length;
    assert.ok(tried <= ADDRESS_MAX_FAILURES, `${tried} guesses were checked from one address`);
    assert.equal(responses.filter((response) => response.statusCode === 429).length, total - tried);
    // Another address is not affected.
    assert.equal((await login(a.email, a.password, '10.8.0.2')).statusCode, 200);
  });
});
