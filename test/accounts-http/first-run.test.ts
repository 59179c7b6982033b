// First run (issue 5 §6): on an empty database startServer creates the admin and an API key and
// prints them once; later starts print nothing. The printed credentials work over a real socket.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { createAccounts } from '../../src/accounts/accounts.js';
import { bootstrapAccounts } from '../../src/accounts/bootstrap.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { startServer } from '../../src/http/server.js';
import { createServices } from '../../src/services/create-services.js';
import { makeTempDir } from '../storage/temp-dir.js';
import { createPostgresSchema } from './helpers/postgres-schema.js';

async function freshConfig(): Promise<Config> {
  return loadConfig({ CONVERTLY_LOG_LEVEL: 'silent' }, { dataDir: await makeTempDir('first-run'), host: '127.0.0.1', port: 0, workerThreads: 1 });
}

describe('first run', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('prints the dashboard, login and API key once; they work; a restart prints nothing', async () => {
    const config = await freshConfig();
    dirs.push(config.dataDir);
    const printed: string[] = [];
    const first = await startServer(config, { announce: (text) => printed.push(text) });
    let text = '';
    try {
      assert.equal(printed.length, 1);
      text = printed[0] ?? '';
      assert.ok(text.includes(`Dashboard  ${first.url}/`), text);
      assert.match(text, /Login {6}admin@localhost/);
      const password = /Password {3}(\S+)/.exec(text)?.[1] ?? '';
      const apiKey = /API key {4}(cvly_\w+)/.exec(text)?.[1] ?? '';
      assert.match(password, /^[0-9A-Za-z]{17}$/);
      const me = await fetch(`${first.url}/api/me`, { headers: { authorization: `Bearer ${apiKey}` } });
      assert.equal(me.status, 200);
      assert.equal(((await me.json()) as { workspace: { id: string } }).workspace.id, 'ws_default');
      const login = await fetch(`${first.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@localhost', password }),
      });
      assert.equal(login.status, 200);
      const anonymous = await fetch(`${first.url}/api/files`);
      assert.equal(anonymous.status, 401, 'the server is not open');
    } finally {
      await first.close();
    }
    const second = await startServer(config, { announce: (more) => printed.push(more) });
    await second.close();
    assert.equal(printed.length, 1, 'never printed again');
  });

  it('takes the admin from ADMIN_EMAIL / ADMIN_PASSWORD and never echoes that password', async () => {
    const config = await freshConfig();
    dirs.push(config.dataDir);
    const printed: string[] = [];
    const server = await startServer(config, {
      bootstrap: { adminEmail: 'Ops@Example.COM', adminPassword: 'a long admin password' },
      announce: (text) => printed.push(text),
    });
    try {
      const text = printed.join('\n');
      assert.match(text, /Login {6}ops@example\.com/);
      assert.doesNotMatch(text, /a long admin password/);
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ops@example.com', password: 'a long admin password' }),
      });
      assert.equal(login.status, 200);
    } finally {
      await server.close();
    }
  });

  it('instances starting together on one empty PostgreSQL database create one admin', async () => {
    const pg = await createPostgresSchema();
    const config = { ...(await freshConfig()), databaseUrl: pg.databaseUrl };
    dirs.push(config.dataDir);
    const services = await Promise.all([1, 2, 3].map(() => createServices(config, { detectors: false })));
    try {
      const results = await Promise.all(services.map((s) => bootstrapAccounts(s.database.db)));
      assert.equal(results.filter((result) => result !== null).length, 1);
      const [one] = services;
      assert.equal(await createAccounts(one!.database.db).users.countUsers(), 1);
    } finally {
      for (const s of services) await s.close();
      await pg.drop();
    }
  });
});
