import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const config = join(root, '.dependency-cruiser.cjs');
const cli = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/** Runs the rule checker (as `npm run lint:deps` does) on `src/` of `cwd`. */
function check(cwd: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [cli, 'src', '--config', config, '--output-type', 'err'], { cwd, encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

/** A throwaway tree with this repo's node_modules and tsconfig, holding the given source files. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'convertly-layering-'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', allowImportingTsExtensions: false } }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('the dependency rule checker (.dependency-cruiser.cjs)', () => {
  const made: string[] = [];
  after(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it('fails on each kind of forbidden import, and only on those', () => {
    const dir = tree({
      'src/http/app.ts': 'export const app = 1;\n',
      'src/geometry/window.ts': "import { app } from '../http/app.js';\nexport const w = app;\n",
      'src/params/parse.ts': "import fastify from 'fastify';\nexport const f = fastify;\n",
      'src/detect/scan.ts': "import sharp from 'sharp';\nexport const s = sharp;\n",
      'src/gravity/read.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
      'src/compat/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'src/compat/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
      // Allowed: params → geometry, engine → sharp and params.
      'src/geometry/size.ts': 'export const size = 1;\n',
      'src/params/ok.ts': "import { size } from '../geometry/size.js';\nexport const ok = size;\n",
      'src/engine/render.ts': "import sharp from 'sharp';\nimport { ok } from '../params/ok.js';\nexport const r = [sharp, ok];\n",
    });
    made.push(dir);
    const { status, output } = check(dir);
    assert.notEqual(status, 0, output);
    const rows = [...output.matchAll(/error ([a-z-]+): (src\/\S+)/g)].map(([, rule, from]) => `${rule} ${rule === 'no-circular' ? from?.replace(/[ab]\.ts$/, '…') : from}`);
    const found = [...new Set(rows)].sort();
    assert.deepEqual(found, [
      'fastify-only-in-http src/params/parse.ts',
      'geometry-imports-only-its-layers src/geometry/window.ts',
      'no-circular src/compat/…',
      'pure-folders-no-io src/gravity/read.ts',
      'sharp-only-in-engine src/detect/scan.ts',
    ], output);
  });
});
