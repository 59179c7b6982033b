// `convertly migrate-url` as users run it: the real bin through tsx, URLs built by the real client libraries.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { Cloudinary } from '@cloudinary/url-gen';
import { fill } from '@cloudinary/url-gen/actions/resize';
import { sepia } from '@cloudinary/url-gen/actions/effect';
import { autoGravity } from '@cloudinary/url-gen/qualifiers/gravity';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imgix } from '../compat/compat-helpers.js';
import { loadConfig } from '../../src/config/config.js';
import { openDatabase } from '../../src/services/create-services.js';
import { createSourcesRepository } from '../../src/storage/index.js';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function convertly(args: readonly string[], stdin?: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', 'migrate-url', ...args], {
      env: { ...process.env, CONVERTLY_LOG_LEVEL: 'silent', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

const cloudinary = new Cloudinary({ cloud: { cloudName: 'demo' } });
const IMGIX_URL = imgix.buildURL('/blog/hero.jpg', { w: 600, h: 400, fit: 'crop', crop: 'faces', auto: 'format' });
const CLOUDINARY_URL = cloudinary.image('hero.jpg').resize(fill().width(300).height(200).gravity(autoGravity())).effect(sepia()).toURL();

describe('convertly migrate-url', () => {
  it('writes one Convertly URL per argument, in order, and exits 0', async () => {
    const run = await convertly([IMGIX_URL, CLOUDINARY_URL]);
    assert.equal(run.code, 0, run.stderr);
    // "hero" is no Convertly file id (/cdn/hero could never be found): each image is addressed by its uploads path.
    assert.deepEqual(lines(run.stdout), ['/src/uploads/blog/hero.jpg?w=600&h=400&fit=cover&gravity=faces&f=auto', '/src/uploads/hero.jpg?w=300&h=200&fit=cover&gravity=smart&f=jpeg']);
    // What the new URL leaves out, and why it names the image as it does, is said on stderr: stdout stays one line per URL.
    assert.match(run.stderr, /^warning: .*e_sepia is not applied: Effects are not supported/m);
    assert.match(run.stderr, /^note: .*: hero is not a Convertly file id \(f_…\), so \/cdn\/hero could never be found: .* the upload stored with \?path=blog\/hero\.jpg/m);
  });

  it('translates watermarks of both dialects (imgix mark, a Cloudinary overlay) and warns about what it leaves out', async () => {
    const marked = imgix.buildURL('/blog/hero.jpg', { w: 600, mark: 'https://example.imgix.net/brand/logo.png', 'mark-align': 'top,right', markalpha: 40, markh: 0.1 });
    const overlay = 'https://res.cloudinary.com/demo/image/upload/w_600/l_brand:logo/c_scale,fl_relative,w_0.25/fl_layer_apply,g_north_west,x_8,y_8/hero.jpg';
    const run = await convertly([marked, overlay]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(lines(run.stdout), [
      '/src/uploads/blog/hero.jpg?w=600&mark=brand/logo.png&markpos=northeast&markalpha=40&markpad=5',
      '/src/uploads/hero.jpg?w=600&mark=brand/logo&markpos=northwest&markw=0.25&markpad=8&f=jpeg',
    ]);
    assert.match(run.stderr, /markh/);
  });

  it('reads stdin one URL a line when none is given, skipping blank lines, and prefixes --base', async () => {
    const run = await convertly(['--base', 'https://cdn.example.com/'], `${IMGIX_URL}\n\n   \r\n  ${CLOUDINARY_URL}  \r\n`);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(lines(run.stdout), [
      'https://cdn.example.com/src/uploads/blog/hero.jpg?w=600&h=400&fit=cover&gravity=faces&f=auto',
      'https://cdn.example.com/src/uploads/hero.jpg?w=300&h=200&fit=cover&gravity=smart&f=jpeg',
    ]);
  });

  it('writes error: line N: URL: reason in place for a URL from stdin it cannot translate, and exits 1', async () => {
    const bad = imgix.buildURL('photo.jpg', { w: 200, fm: 'jp2' });
    const run = await convertly([], [IMGIX_URL, 'https://example.com/photo.jpg?w=1', bad].join('\n'));
    assert.equal(run.code, 1);
    const out = lines(run.stdout);
    assert.equal(out.length, 3);
    assert.equal(out[0], '/src/uploads/blog/hero.jpg?w=600&h=400&fit=cover&gravity=faces&f=auto');
    assert.match(out[1] ?? '', /^error: line 2: https:\/\/example\.com\/photo\.jpg\?w=1: Expected an imgix URL/);
    assert.equal(out[2], `error: line 3: ${bad}: Expected one of jpg, pjpg, png, png8, png32, webp, avif, gif for fm but received "jp2"`);
    assert.match(run.stderr, /2 of 3 URLs could not be translated/);
  });

  it('--json writes the API shape, one line per URL', async () => {
    const run = await convertly(['--json', '--base', 'https://cdn.example.com', CLOUDINARY_URL, 'nope']);
    assert.equal(run.code, 1);
    const [ok, failed] = lines(run.stdout).map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(ok, {
      url: CLOUDINARY_URL,
      ok: true,
      convertly: 'https://cdn.example.com/src/uploads/hero.jpg?w=300&h=200&fit=cover&gravity=smart&f=jpeg',
      notes: ['hero is not a Convertly file id (f_…), so /cdn/hero could never be found: the image is addressed by its path instead, which serves the upload stored with ?path=hero.jpg (name a source to address it in one you added).'],
      unsupported: [{ param: 'e', value: 'sepia', reason: 'Effects are not supported; the effect is not applied.', component: 'e_sepia' }],
    });
    assert.deepEqual(Object.keys(failed ?? {}), ['url', 'ok', 'error']);
    assert.equal((failed?.error as { code: string }).code, 'invalid_parameter');
  });

  it('--dialect reads custom domains; bad flags are one clear line and exit 1', async () => {
    const run = await convertly(['--dialect', 'imgix', 'https://images.example.com/p/photo.jpg?w=100&h=50&fit=crop']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(lines(run.stdout), ['/src/uploads/p/photo.jpg?w=100&h=50&fit=cover']);
    // A Convertly file id keeps its /cdn/ URL; --source names the image by path whatever it is called.
    const byId = await convertly(['https://acme.imgix.net/blog/f_abc123.jpg?w=90']);
    assert.equal(byId.code, 0, byId.stderr);
    assert.deepEqual(lines(byId.stdout), ['/cdn/f_abc123?w=90']);
    assert.doesNotMatch(byId.stderr, /note:/);
    const bySource = await convertly(['--source', 'shop', 'https://acme.imgix.net/blog/f_abc123.jpg?w=90']);
    assert.deepEqual(lines(bySource.stdout), ['/src/shop/blog/f_abc123.jpg?w=90']);
    const badBase = await convertly(['--base', 'ftp://cdn.example.com', IMGIX_URL]);
    assert.equal(badBase.code, 1);
    assert.equal(badBase.stdout, '');
    assert.match(badBase.stderr, /^convertly: invalid_parameter: .* for --base but received "ftp:\/\/cdn\.example\.com"/);
    const badDialect = await convertly(['--dialect', 'akamai', IMGIX_URL]);
    assert.equal(badDialect.code, 1);
    assert.match(badDialect.stderr, /for --dialect but received "akamai"/);
  });

  it('rewrites a URL on a host mapped to a source (sources add … --host) to that source\'s path, read in its dialect', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'convertly-migrate-hosts-'));
    try {
      const database = await openDatabase(loadConfig({ CONVERTLY_DATA_DIR: dataDir }));
      const sources = createSourcesRepository(database.db);
      const web = { kind: 'http', baseUrl: 'https://origin.example.com' } as const;
      await sources.insertSource({ workspaceId: 'ws_default', name: 'shop', settings: web, public: true, hosts: ['img.shop.com'], dialect: 'imgix' });
      await sources.insertSource({ workspaceId: 'ws_default', name: 'cld', settings: web, public: true, hosts: ['media.shop.com'], dialect: 'cloudinary' });
      await sources.insertSource({ workspaceId: 'ws_default', name: 'nat', settings: web, public: false, hosts: ['native.shop.com', 'img.shopcloudinary.com'], dialect: 'native' });
      await database.destroy();
      const urls = [
        'https://IMG.shop.com/photos/hero.jpg?w=400&h=300&fit=crop&crop=faces',
        'https://media.shop.com/shop/image/upload/c_fill,g_face,h_200,w_300/v1/products/shoes/shoe.jpg',
        'https://native.shop.com:8443/photos/hero.jpg?w=120&gravity=face',
        // Hosts no source maps keep their dialect's rewrite: imgix.net by name, the others need --dialect.
        IMGIX_URL,
        'https://unmapped.example.com/hero.jpg?w=1',
        // On a mapped host, what the server could only answer 400 or 404 to is an error here, not a URL that never works.
        'https://native.shop.com/',
        'https://native.shop.com/photos/?w=1',
        'https://img.shop.com/a%2F..%2Fsecret.jpg?w=1',
        'https://native.shop.com/hero.jpg?w=abc',
        // A host whose name merely ends in cloudinary.com is not Cloudinary's: its mapping is looked up.
        'https://img.shopcloudinary.com/photos/hero.jpg?w=120',
      ];
      const run = await convertly(urls, undefined, { CONVERTLY_DATA_DIR: dataDir });
      assert.equal(run.code, 1);
      const out = lines(run.stdout);
      assert.deepEqual(out.slice(0, 4), [
        '/src/shop/photos/hero.jpg?w=400&h=300&fit=cover&gravity=faces',
        '/src/cld/products/shoes/shoe.jpg?w=300&h=200&fit=cover&gravity=face&f=jpeg',
        '/src/nat/photos/hero.jpg?w=120&gravity=face',
        '/src/uploads/blog/hero.jpg?w=600&h=400&fit=cover&gravity=faces&f=auto',
      ]);
      assert.match(out[4] ?? '', /^error: https:\/\/unmapped\.example\.com\/hero\.jpg\?w=1: Expected an imgix URL/);
      assert.match(out[5] ?? '', /^error: https:\/\/native\.shop\.com\/: Expected a URL with an image path after the host \(mapped to the source nat\)/);
      assert.match(out[6] ?? '', /^error: \S+: Expected a relative path such as products\/shoe\.jpg .* received "photos\/"/);
      assert.match(out[7] ?? '', /^error: \S+: Expected a relative path such as products\/shoe\.jpg .* received "a\/\.\.\/secret\.jpg"/);
      assert.match(out[8] ?? '', /^error: \S+: Expected an integer between 1 and \d+ for w but received "abc"/);
      assert.equal(out[9], '/src/nat/photos/hero.jpg?w=120');
      assert.equal(out.length, 10);
      assert.match(run.stderr, /^note: https:\/\/IMG\.shop\.com\/photos\/hero\.jpg\S*: img\.shop\.com is mapped to the source shop \(imgix dialect\)/m);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('an empty stdin translates nothing and succeeds', async () => {
    const run = await convertly([], '\n\n');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
  });
});
