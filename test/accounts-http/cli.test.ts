// The admin CLI (issue 5 §6): users add|list, keys create|list|revoke, plans set|list, run through
// the real program against a temp data dir; the keys it prints work over HTTP.
import assert from 'node:assert/strict';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createProgram } from '../../src/cli/main.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { isAppError } from '../../src/errors/app-error.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { makeTempDir } from '../storage/temp-dir.js';

interface Run {
  readonly stdout: string[];
  readonly stderr: string[];
}

describe('convertly users / keys / plans', () => {
  let config: Config;
  let server: RunningServer;

  const run = async (...args: string[]): Promise<Run> => {
    const out: Run = { stdout: [], stderr: [] };
    const program = createProgram({ config, stdout: (line) => out.stdout.push(line), stderr: (line) => out.stderr.push(line) });
    await program.parseAsync(args, { from: 'user' });
    return out;
  };

  before(async () => {
    config = loadConfig({ CONVERTLY_LOG_LEVEL: 'silent' }, { dataDir: await makeTempDir('accounts-cli'), host: '127.0.0.1', port: 0, workerThreads: 1 });
    // A running server beside the CLI, on the same database, as an operator would have it.
    server = await startServer(config, { bootstrap: false });
  });
  after(async () => {
    await server.close();
    await rm(config.dataDir, { recursive: true, force: true });
  });

  it('users add prints a generated password once; the user can sign in; users list shows them', async () => {
    const added = await run('users', 'add', 'Editor@Example.com', '--workspace', 'ws_cli', '--role', 'owner');
    assert.match(added.stdout[0] ?? '', /^created editor@example\.com \(u_\w+\) in workspace ws_cli as owner$/);
    const password = /^password: (\S+)/.exec(added.stdout[1] ?? '')?.[1] ?? '';
    assert.match(password, /^[0-9A-Za-z]{17}$/);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'editor@example.com', password }),
    });
    assert.equal(login.status, 200);
    await run('users', 'add', 'second@example.com', '--password', 'chosen password');
    const list = await run('users', 'list');
    assert.deepEqual(
      list.stdout.map((line) => line.split('\t').slice(0, 3).filter((_, i) => i !== 1)),
      [
        ['editor@example.com', 'ws_cli:owner'],
        ['second@example.com', 'ws_default:member'],
      ],
    );
  });

  it('users add refuses a taken email and a malformed one', async () => {
    await assert.rejects(run('users', 'add', 'editor@example.com'), (error) => isAppError(error) && error.code === 'conflict');
    await assert.rejects(run('users', 'add', 'not-an-email'), (error) => isAppError(error) && error.code === 'invalid_parameter');
  });

  it('keys create prints only the token on stdout; it works; keys revoke stops it', async () => {
    const created = await run('keys', 'create', '--name', 'deploy', '--workspace', 'ws_cli');
    assert.equal(created.stdout.length, 1);
    const token = created.stdout[0] ?? '';
    assert.match(token, /^cvly_[0-9A-Za-z]{43}$/);
    assert.match(created.stderr.join('\n'), /created api key cvly_\w{8} "deploy" in ws_cli/);
    const me = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200);
    const list = await run('keys', 'list', '--workspace', 'ws_cli');
    const row = list.stdout.find((line) => line.startsWith(token.slice(0, 13)));
    assert.ok(row?.endsWith('\tactive'), row);
    assert.ok(!list.stdout.join('\n').includes(token.slice(13)));
    await run('keys', 'revoke', token.slice(0, 13));
    // The server caches a key for at most a second; a revocation from another process shows within it.
    const deadline = Date.now() + 1500;
    let status = 200;
    while (status !== 401 && Date.now() < deadline) {
      status = (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status;
      if (status !== 401) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(status, 401);
  });

  it('keys create --delivery --origin makes a limited delivery key', async () => {
    const created = await run('keys', 'create', '--delivery', '--origin', 'https://Shop.example.com', 'https://*.cdn.example.com');
    assert.match(created.stdout[0] ?? '', /^cvdk_/);
    const list = await run('keys', 'list');
    const row = list.stdout.find((line) => line.startsWith((created.stdout[0] ?? '').slice(0, 13)))?.split('\t');
    assert.equal(row?.[1], 'delivery');
    assert.equal(row?.[4], 'https://shop.example.com,https://*.cdn.example.com');
    await assert.rejects(run('keys', 'create', '--origin', 'https://a.example'), (error) => isAppError(error) && error.code === 'invalid_parameter');
    await assert.rejects(run('keys', 'revoke', 'cvly_missing0'), (error) => isAppError(error) && error.code === 'not_found');
  });

  it('touch only the database: a rendition the live server is writing survives every command', async () => {
    // What writeFileAtomic leaves while the server is mid-write; a cache scan would sweep it.
    const folder = join(config.dataDir, 'renditions', 'f_00000000000000000000');
    await mkdir(folder, { recursive: true });
    const inProgress = '.w400.jpg.0123456789ab.tmp';
    await writeFile(join(folder, inProgress), 'half a rendition');
    await run('users', 'list');
    await run('keys', 'list');
    await run('plans', 'list');
    await run('users', 'add', 'third@example.com', '--password', 'chosen password');
    await run('keys', 'create', '--name', 'n');
    await run('plans', 'set', 'ws_default', 'free');
    assert.deepEqual(await readdir(folder), [inProgress]);
  });

  it('plans set changes the limit GET /api/usage reports', async () => {
    const set = await run('plans', 'set', 'ws_cli', 'pro');
    assert.match(set.stdout[0] ?? '', /ws_cli is on the pro plan \(500000 media operations a month\)/);
    const key = (await run('keys', 'create', '--workspace', 'ws_cli')).stdout[0] ?? '';
    const usage = await fetch(`${server.url}/api/usage`, { headers: { authorization: `Bearer ${key}` } });
    assert.deepEqual(
      ((await usage.json()) as { plan: string; limit: number }).limit,
      500_000,
    );
    const list = await run('plans', 'list');
    assert.ok(list.stdout.some((line) => line.startsWith('ws_cli\tpro\t0/500000\t')));
    await assert.rejects(run('plans', 'set', 'ws_cli', 'enterprise'), (error) => isAppError(error) && error.code === 'invalid_parameter');
    await assert.rejects(run('plans', 'set', 'ws_nope', 'pro'), (error) => isAppError(error) && error.code === 'not_found');
  });
});
