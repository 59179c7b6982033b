#!/usr/bin/env node
// Runs every *.test.ts under test/ and src/ with node's own test runner (Node 20 has no
// glob support in --test, so the files are listed here). Extra arguments narrow the run:
// `node scripts/run-tests.mjs geometry params` runs the files whose path contains a word.
// `--unit` (npm run test:unit) runs only the unit tests: pure modules and single components, with
// no PostgreSQL, no browser, no server and no detector pool; `npm test` stays the full gate.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function walk(dir) {
  let found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found = found.concat(walk(path));
    else if (entry.name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

/** Path prefixes of the unit tests (see --unit above). */
const UNIT = [
  'test/params/',
  'test/geometry/',
  'test/gravity/',
  'test/compat/',
  'test/accounts/',
  'test/engine/plan-render',
  'test/engine/decode-plan',
  'test/engine/negotiate-format',
  'test/detect/face-scan-plan',
  'test/detect/centernet-decode',
  'test/storage/rendition-key',
  'test/storage/hint-policy',
  'test/services/',
  'test/shared/',
  'test/web/cdn-url',
  'test/config-',
  'test/errors-doc',
  'test/layering',
];

const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const filters = args.filter((arg) => arg !== '--unit');
const files = ['test', 'src']
  .flatMap((dir) => walk(dir))
  .filter((file) => !unitOnly || UNIT.some((prefix) => file.startsWith(prefix)) || file.startsWith('src/'))
  .filter((file) => filters.length === 0 || filters.some((word) => file.includes(word)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, CONVERTLY_LOG_LEVEL: process.env.CONVERTLY_LOG_LEVEL ?? 'silent' } },
);
process.exit(result.status ?? 1);
