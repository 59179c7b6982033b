// The package as a user gets it: `npm pack`, installed into an empty folder (from the local npm cache
// when it can), then its bin, its ESM entry, its client subpaths and its published .d.ts used from there.
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';

const run = promisify(execFile);
const repoRoot = new URL('../../', import.meta.url).pathname;
const SAMPLE = join(repoRoot, 'node_modules/@vladmandic/face-api/demo/sample2.jpg');
const quietEnv = { ...process.env, CONVERTLY_LOG_LEVEL: 'silent', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

describe('the packed tarball, installed elsewhere', { timeout: 300_000 }, () => {
  let work: string;
  let app: string;
  let files: string[];
  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'convertly-pack-'));
    // `npm pack` runs `prepare` (the build), exactly as a publish would.
    const packed = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: repoRoot, env: quietEnv, maxBuffer: 64 * 1024 * 1024 });
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
    files = info!.files.map((file) => file.path);
    app = join(work, 'app');
    await run('mkdir', ['-p', app]);
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'packed-app', private: true, type: 'module' }));
    // Without install scripts: better-sqlite3's would try GitHub for a prebuilt binary (no internet here)
    // and then compile SQLite for minutes. Its binary for this Node is the checkout's own, copied in;
    // every other native part (sharp, argon2) comes as npm packages of prebuilt binaries anyway.
    await run('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--omit=dev', join(work, info!.filename)], { cwd: app, env: quietEnv, maxBuffer: 64 * 1024 * 1024 });
    const sqlite = 'node_modules/better-sqlite3';
    const versionOf = async (root: string) => (JSON.parse(await readFile(join(root, sqlite, 'package.json'), 'utf8')) as { version: string }).version;
    assert.equal(await versionOf(app), await versionOf(repoRoot), 'the installed better-sqlite3 is the checkout\'s version');
    await cp(join(repoRoot, sqlite, 'build'), join(app, sqlite, 'build'), { recursive: true });
  });
  after(() => rm(work, { recursive: true, force: true }));

  it('ships what a user needs and nothing of the tests', () => {
    for (const path of ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/bin.js', 'dist/client/index.js', 'dist/client/browser.js', 'dist/client/next.js', 'dist/client/nuxt.js', 'public/index.html', 'docs/api.md', 'docs/client.md']) {
      assert.ok(files.includes(path), `${path} missing from the tarball`);
    }
    assert.deepEqual(files.filter((path) => /(^|\/)test\/|\.test\.|^src\//.test(path)), []);
  });

  it('npx convertly --version and render work from the install', async () => {
    const { version } = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    assert.equal((await run('npx', ['--no-install', 'convertly', '--version'], { cwd: app, env: quietEnv })).stdout.trim(), version);
    const out = join(app, 'face.webp');
    const rendered = await run('npx', ['--no-install', 'convertly', 'render', SAMPLE, '-o', out, '--w', '300', '--h', '300', '--gravity', 'face', '--json'], { cwd: app, env: quietEnv });
    assert.equal((JSON.parse(rendered.stdout) as { focus: string }).focus, 'face');
    const meta = await sharp(out).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['webp', 300, 300]);
  });

  it('npx convertly serve answers /healthz and serves the dashboard, /openapi.json and /docs', async () => {
    const port = await freePort();
    let child: ChildProcess | undefined;
    try {
      child = spawn('npx', ['--no-install', 'convertly', 'serve'], {
        cwd: app,
        env: { ...quietEnv, PORT: String(port), HOST: '127.0.0.1', CONVERTLY_DATA_DIR: join(work, 'data'), WORKER_THREADS: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
        detached: true,
      });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const base = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 60_000;
      let health: Response | undefined;
      while (Date.now() < deadline) {
        health = await fetch(`${base}/healthz`).catch(() => undefined);
        if (health !== undefined) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      assert.ok(health, `no answer on ${base}: ${stderr}`);
      assert.deepEqual(await health.json(), { status: 'ok' });
      const page = await fetch(`${base}/`);
      assert.equal(page.status, 200);
      const html = await page.text();
      const script = /<script[^>]+src="\/?([^"]+)"/.exec(html)?.[1];
      assert.ok(script, 'the dashboard page loads a script');
      assert.equal((await fetch(`${base}/${script}`)).status, 200);
      // The API description and its reference page, whose assets come from the installed packages.
      const described = (await (await fetch(`${base}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
      assert.equal(described.openapi, '3.1.0');
      assert.ok(described.paths['/cdn/{fileId}']);
      assert.equal((await fetch(`${base}/docs/static/swagger-ui-bundle.js`)).status, 200);
      assert.match(stderr, /Convertly is ready|API key/);
    } finally {
      // The npx process group (npx and the node it started): ours alone, by its id.
      if (child?.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    }
  });

  it("import { render } from 'convertly' and the client subpaths work in a plain ESM script", async () => {
    const script = join(app, 'use.mjs');
    await writeFile(script, `
import { render, analyze } from 'convertly';
import { buildUrl, imgAttributes } from 'convertly/client';
import loader from 'convertly/client/next';
import provider from 'convertly/client/nuxt';
const result = await render(${JSON.stringify(SAMPLE)}, { w: '120', h: '80', f: 'png' });
console.log(JSON.stringify({
  size: [result.width, result.height, result.format],
  analyze: typeof analyze,
  url: buildUrl('https://img.example.com', 'f_abc', { w: 400 }),
  next: loader({ src: 'f_abc', width: 640 }),
  nuxt: provider().getImage('/f_abc', { modifiers: { width: 10 } }).url,
  img: Object.keys(imgAttributes({ base: '', file: 'f_abc', params: { w: 10, h: 10 } })).sort(),
}));
`);
    const output = JSON.parse((await run(process.execPath, [script], { cwd: app, env: quietEnv })).stdout) as Record<string, unknown>;
    assert.deepEqual(output, {
      size: [120, 80, 'png'],
      analyze: 'function',
      url: 'https://img.example.com/cdn/f_abc?w=400',
      next: '/cdn/f_abc?w=640',
      nuxt: '/cdn/f_abc?w=10',
      img: ['height', 'src', 'srcset', 'width'],
    });
  });

  it('TypeScript checks a program against the published .d.ts, and catches a wrong type', async () => {
    const good = `import { render, type RenderResult } from 'convertly';
import { buildUrl, imgAttributes, type RenderParams } from 'convertly/client';
import { convertlyLoader } from 'convertly/client/next';
import { getImage } from 'convertly/client/nuxt';
const params: RenderParams = { w: 400, h: 300, gravity: 'face', fp: { x: 0.3, y: 0.7 } };
export const url: string = buildUrl('', 'f_abc', params);
export const attributes = imgAttributes({ base: '', file: 'f_abc', params, sizes: '100vw' });
export const next: string = convertlyLoader({ params })({ src: 'f_abc', width: 640 });
export const nuxt: string = getImage('/f_abc', { modifiers: { width: 10 } }).url;
export const result: Promise<RenderResult> = render('in.jpg', { w: '100' });
`;
    await writeFile(join(app, 'good.ts'), good);
    await writeFile(join(app, 'bad.ts'), `import { buildUrl } from 'convertly/client';\nexport const url = buildUrl('', 'f_abc', { gravity: 'top' });\n`);
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
    const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--typeRoots', join(repoRoot, 'node_modules/@types'), '--types', 'node'];
    await run(process.execPath, [tsc, ...flags, 'good.ts'], { cwd: app });
    await assert.rejects(run(process.execPath, [tsc, ...flags, 'bad.ts'], { cwd: app }), (error: { stdout?: string }) => /bad\.ts.*'"top"'/.test(error.stdout ?? ''));
    assert.ok(existsSync(join(app, 'node_modules/convertly/dist/client/index.d.ts')));
  });
});
