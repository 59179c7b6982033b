import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { ERROR_STATUS } from '../../src/errors/app-error.js';
import { CROP_ALIASES, FITS, GRAVITY_NAMES, OUTPUT_FORMATS } from '../../src/params/vocabulary.js';
import { startAccountsServer, type AccountsServer } from '../accounts-http/helpers/accounts-server.js';

const ROOT = new URL('../../', import.meta.url);
/** The product folder beside the repository, not `src/shared/` imports (`../shared/byte-lru.js`). */
const OUTSIDE = /\.\.\/shared(?!\/[\w-]+\.js)|SPEC\.md|ARCHITECTURE\.md/;
const read = (path: string) => readFile(new URL(path, ROOT), 'utf8');

/**
 * `METHOD /path` pairs from Fastify's route tree. A child is printed as the rest of its parent's path, which
 * need not start at a `/` (`/api/me` → `mbers` is `/api/members`), so it is appended as it is.
 */
function registeredRoutes(tree: string): Set<string> {
  const routes = new Set<string>();
  const stack: Array<{ depth: number; path: string }> = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)(?:[└├]── )?(\S+) \(([A-Z, ]+)\)$/.exec(line.replace(/[│├└─]/g, (c) => (c === '│' ? ' ' : c)).trimEnd());
    if (match === null) continue;
    const depth = match[1]!.length;
    while (stack.length > 0 && stack.at(-1)!.depth >= depth) stack.pop();
    const parent = stack.at(-1)?.path ?? '';
    const segment = match[2]!;
    const path = `${parent}${segment}`;
    stack.push({ depth, path });
    for (const method of match[3]!.split(', ')) if (method !== 'HEAD') routes.add(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
  }
  return routes;
}

/** Every `METHOD /path` written in docs/api.md's route table, with `·`-joined and `/` alternatives expanded. */
function documentedRoutes(text: string): Set<string> {
  const routes = new Set<string>();
  for (const match of text.matchAll(/`((?:GET|POST|PUT|PATCH|DELETE)(?:\/(?:GET|POST|PUT|PATCH|DELETE))*) (\/[^`?\[ ]*)/g)) {
    let path = match[2]!;
    if (path.startsWith('…')) continue;
    path = path.replace(/\.ext$/, '');
    for (const method of match[1]!.split('/')) routes.add(`${method} ${path}`);
  }
  return routes;
}

describe('docs/api.md', () => {
  let server: AccountsServer;
  let text: string;
  before(async () => {
    server = await startAccountsServer({ workerThreads: 0 });
    text = await read('docs/api.md');
  });
  after(() => server.close());

  it("documents every route the server registers (the dashboard's and the /docs page's files aside)", () => {
    const registered = registeredRoutes(server.app.printRoutes({ commonPrefix: false }));
    const documented = documentedRoutes(text);
    const api = [...registered].filter((route) => !/ \/(css|js|index\.html|favicon|\*|docs\/)/.test(route) && route !== 'GET /');
    assert.ok(api.length >= 20, `too few routes parsed from the tree: ${api.join(', ')}`);
    const missing = api.filter((route) => !documented.has(route));
    assert.deepEqual(missing, []);
  });

  it('documents only routes that exist, wildcard dialect routes included', () => {
    for (const route of documentedRoutes(text)) {
      const [method, path] = route.split(' ') as [string, string];
      const url = path.replace(/\{(\w+)\}/g, 'x').replace('/cloudinary/image/upload/x', '/cloudinary/image/upload/w_100/x');
      const exists = server.app.hasRoute({ method: method as 'GET', url: path.replace(/\{(\w+)\}/g, ':$1') }) || server.app.hasRoute({ method: method as 'GET', url: wildcardOf(url) });
      assert.ok(exists, `${route} is documented but not registered`);
    }
  });

  it('names every error code with its status, and every value of the URL vocabularies', () => {
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      assert.match(text, new RegExp(`\\| ${status} \\| [^\\n]*\`${code}\``), `${code} (${status}) missing from §6`);
    }
    for (const value of [...FITS, ...GRAVITY_NAMES, ...OUTPUT_FORMATS, ...Object.keys(CROP_ALIASES)]) {
      assert.ok(text.includes(`\`${value}\``), `${value} missing`);
    }
  });
});

/** The wildcard route a documented dialect path is served by. */
function wildcardOf(url: string): string {
  if (url.startsWith('/imgix/')) return '/imgix/*';
  if (url.startsWith('/cloudinary/image/upload/')) return '/cloudinary/image/upload/*';
  if (url.startsWith('/src/')) return '/src/*';
  return url;
}

describe('a fresh clone stands alone', () => {
  it('refers to nothing outside the repository', async () => {
    const offenders: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(new URL(dir, ROOT), { withFileTypes: true })) {
        const path = `${dir}${entry.name}`;
        if (entry.isDirectory()) await walk(`${path}/`);
        else if (/\.(ts|js|mjs|md|html|json)$/.test(entry.name) && OUTSIDE.test(await read(path))) offenders.push(path);
      }
    };
    for (const dir of ['src/', 'docs/', 'public/', 'scripts/', 'bench/']) await walk(dir);
    if (OUTSIDE.test(await read('README.md'))) offenders.push('README.md');
    assert.deepEqual(offenders.filter((path) => !path.endsWith('api-doc.test.ts')), []);
  });

  it('has an MIT LICENSE, as package.json says', async () => {
    const license = await read('LICENSE');
    assert.match(license, /^MIT License/);
    assert.match(license, /Copyright \(c\) 2026 Convertly contributors/);
    assert.equal(JSON.parse(await read('package.json')).license, 'MIT');
  });

  it('links only to files that exist, from README and docs', async () => {
    const pages = ['README.md', ...(await readdir(new URL('docs/', ROOT))).filter((n) => n.endsWith('.md')).map((n) => `docs/${n}`)];
    for (const page of pages) {
      const base = new URL(page, ROOT);
      for (const [, target] of (await read(page)).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        await assert.doesNotReject(stat(new URL(target!, base)), `${page} links to missing ${target}`);
      }
    }
  });
});
