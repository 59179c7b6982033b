// Issue 18's workspace management over HTTP: members (owners add, re-role and remove; members may not
// manage access), keys' last use and revoked keys listed, and the 30-day usage history by kind.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createWorkspaceFixture, errorCode, signIn, startAccountsServer, storeSample, type AccountsServer, type WorkspaceFixture } from './helpers/accounts-server.js';

describe('members, keys and usage history', { timeout: 240_000 }, () => {
  let server: AccountsServer;
  let ws: WorkspaceFixture;
  let ownerCookie = '';

  before(async () => {
    server = await startAccountsServer();
    ws = await createWorkspaceFixture(server, 'ws_team');
    ownerCookie = await signIn(server, ws.email, ws.password);
  });
  after(() => server.close());

  const asOwner = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    server.inject({ method, url, payload: payload as never, headers: { cookie: ownerCookie, host: 'localhost:80', origin: 'http://localhost:80' } });

  it('an owner adds a new member (password shown once, it signs in), who may use but not manage the workspace', async () => {
    const added = await asOwner('POST', '/api/members', { email: 'New.Person@Example.com' });
    assert.equal(added.statusCode, 201, added.body);
    const member = added.json() as { userId: string; email: string; role: string; password: string };
    assert.equal(member.email, 'new.person@example.com');
    assert.equal(member.role, 'member');
    assert.match(member.password, /^[0-9A-Za-z]{17}$/);
    const cookie = await signIn(server, 'new.person@example.com', member.password);
    const headers = { cookie, host: 'localhost:80', origin: 'http://localhost:80' };

    assert.equal((await server.inject({ method: 'GET', url: '/api/files', headers })).statusCode, 200, 'a member uses the workspace');
    assert.equal((await server.inject({ method: 'GET', url: '/api/members', headers })).statusCode, 200, 'and sees who is in it');
    for (const [method, url, payload] of [
      ['POST', '/api/keys', { kind: 'api' }],
      ['DELETE', `/api/keys/${ws.deliveryKeyId}`, undefined],
      ['POST', '/api/workspace/signing-secrets', {}],
      ['POST', '/api/members', { email: 'friend@example.com' }],
      ['PATCH', `/api/members/${member.userId}`, { role: 'owner' }],
    ] as const) {
      const refused = await server.inject({ method, url, payload: payload as never, headers });
      assert.equal(refused.statusCode, 403, `${method} ${url}: ${refused.body}`);
      assert.equal(errorCode(refused), 'forbidden');
      assert.match(refused.body, /owner/);
    }
    assert.equal((await server.inject({ method: 'GET', url: '/api/keys', headers })).statusCode, 200);

    const promoted = await asOwner('PATCH', `/api/members/${member.userId}`, { role: 'owner' });
    assert.equal(promoted.statusCode, 200);
    const key = await server.inject({ method: 'POST', url: '/api/keys', payload: { kind: 'delivery' }, headers });
    assert.equal(key.statusCode, 201, 'an owner now');
    assert.equal((await asOwner('PATCH', `/api/members/${member.userId}`, { role: 'member' })).statusCode, 200);

    const removed = await asOwner('DELETE', `/api/members/${member.userId}`);
    assert.equal(removed.statusCode, 204);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the session cache's bound
    assert.equal((await server.inject({ method: 'GET', url: '/api/files', headers })).statusCode, 401, 'a removed member is signed out of the workspace');
    const list = (await asOwner('GET', '/api/members')).json() as { items: { email: string }[] };
    assert.deepEqual(list.items.map((m) => m.email), [ws.email]);
  });

  it('adds an existing user without a new password; refuses duplicates, bad bodies and losing the last owner', async () => {
    const other = await createWorkspaceFixture(server, 'ws_other');
    const added = await asOwner('POST', '/api/members', { email: other.email, role: 'owner' });
    assert.equal(added.statusCode, 201);
    assert.equal((added.json() as { password?: string }).password, undefined, 'their own password stays');
    assert.equal(errorCode(await asOwner('POST', '/api/members', { email: other.email })), 'conflict');
    for (const payload of [{}, { email: 'not an address' }, { email: 'a@b.example', role: 'admin' }, { email: 'a@b.example', extra: 1 }]) {
      const bad = await asOwner('POST', '/api/members', payload);
      assert.equal(bad.statusCode, 400, JSON.stringify(payload));
      assert.equal(errorCode(bad), 'invalid_parameter');
    }
    assert.equal(errorCode(await asOwner('PATCH', '/api/members/u_nobody', { role: 'member' })), 'not_found');
    assert.equal((await asOwner('PATCH', `/api/members/${(added.json() as { userId: string }).userId}`, { role: 'boss' })).statusCode, 400);

    // Two owners: one may go. Then the last owner can neither leave nor be made a member.
    assert.equal((await asOwner('DELETE', `/api/members/${(added.json() as { userId: string }).userId}`)).statusCode, 204);
    const me = ((await asOwner('GET', '/api/members')).json() as { you: string }).you;
    const demote = await asOwner('PATCH', `/api/members/${me}`, { role: 'member' });
    assert.equal(demote.statusCode, 409);
    assert.equal(errorCode(await asOwner('DELETE', `/api/members/${me}`)), 'conflict');
    assert.equal((await server.inject({ method: 'GET', url: '/api/members' })).statusCode, 401);
  });

  it('lists keys with their last use, and revoked keys as revoked', async () => {
    assert.equal((await server.inject({ method: 'GET', url: '/api/me', headers: ws.bearer })).statusCode, 200);
    const revoked = await server.inject({ method: 'DELETE', url: `/api/keys/${ws.deliveryKeyId}`, headers: ws.bearer });
    assert.equal(revoked.statusCode, 204);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the last-use write is fire and forget
    const keys = (await server.inject({ method: 'GET', url: '/api/keys', headers: ws.bearer })).json() as {
      items: { id: string; lastUsedAt: string | null; revokedAt: string | null }[];
    };
    const api = keys.items.find((k) => k.id === ws.apiKeyId);
    assert.ok(api?.lastUsedAt && Date.now() - Date.parse(api.lastUsedAt) < 60_000, JSON.stringify(api));
    const delivery = keys.items.find((k) => k.id === ws.deliveryKeyId);
    assert.ok(delivery?.revokedAt, 'still listed, with when it was revoked');
    assert.equal(delivery.lastUsedAt, null, 'never used');
  });

  it('keeps a 30-day history of operations by kind: analyses and render misses, not hits', async () => {
    const file = await storeSample(server, ws.id, 2);
    const analyzed = await server.inject({ method: 'POST', url: '/api/images/analyze', payload: { fileId: file.id }, headers: ws.bearer });
    assert.equal(analyzed.statusCode, 200, analyzed.body);
    for (let i = 0; i < 2; i++) assert.equal((await server.inject({ method: 'GET', url: `/cdn/${file.id}?w=64&f=jpeg`, headers: ws.bearer })).statusCode, 200);
    const response = await server.inject({ method: 'GET', url: '/api/usage/daily', headers: ws.bearer });
    assert.equal(response.statusCode, 200);
    const body = response.json() as { limit: number; plan: string; days: { day: string; analyze: number; render: number }[] };
    assert.equal(body.days.length, 30);
    assert.equal(body.days.at(-1)?.day, new Date().toISOString().slice(0, 10));
    assert.deepEqual({ ...body.days.at(-1) }, { day: new Date().toISOString().slice(0, 10), analyze: 1, render: 1 });
    assert.ok(body.limit > 0 && body.plan === 'free');
    assert.equal(((await server.inject({ method: 'GET', url: '/api/usage/daily?days=7', headers: ws.bearer })).json() as { days: unknown[] }).days.length, 7);
    for (const days of ['0', '91', 'x', '1.5']) {
      const bad = await server.inject({ method: 'GET', url: `/api/usage/daily?days=${days}`, headers: ws.bearer });
      assert.equal(bad.statusCode, 400, days);
      assert.equal(errorCode(bad), 'invalid_parameter');
    }
  });
});
