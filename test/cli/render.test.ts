// `convertly render` as users run it: the real bin, spawned through tsx, files in and out.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { SAMPLE_PATHS } from '../fixtures/photos.js';

const SAMPLE = SAMPLE_PATHS[0]!;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function convertly(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/bin.ts', ...args],
      { env: { ...process.env, CONVERTLY_LOG_LEVEL: 'silent' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let dir: string;
let notAnImage: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'convertly-cli-render-'));
  notAnImage = join(dir, 'notes.jpg');
  await writeFile(notAnImage, 'These are meeting notes, not a JPEG, whatever the name says.\n');
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('convertly render', () => {
  it('--json prints one JSON line with the decision, and writes the file at that size', async () => {
    const output = join(dir, 'face.jpg');
    const run = await convertly(['render', SAMPLE, '-o', output, '--w', '400', '--h', '300', '--gravity', 'face', '--json']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const lines = run.stdout.split('\n').filter((line) => line !== '');
    assert.equal(lines.length, 1, run.stdout);
    assert.ok(run.stdout.endsWith('\n'));
    const printed = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.deepEqual(Object.keys(printed).sort(), ['faces', 'focus', 'format', 'height', 'point', 'width', 'window']);
    assert.equal(printed.focus, 'face');
    assert.equal(printed.format, 'jpeg');
    assert.deepEqual([printed.width, printed.height], [400, 300]);
    const faces = printed.faces as { x: number; y: number; width: number; height: number; score: number }[];
    assert.ok(faces.length >= 1);
    const window = printed.window as { x: number; y: number; width: number; height: number };
    const best = faces[0]!;
    assert.ok(best.x >= window.x && best.x + best.width <= window.x + window.width, 'the best face is cut');
    assert.ok(best.y >= window.y && best.y + best.height <= window.y + window.height, 'the best face is cut');
    const meta = await sharp(output).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 400, 300]);
  });

  it('takes the format from the output extension and honours --fp', async () => {
    const output = join(dir, 'fp.webp');
    const run = await convertly(['render', SAMPLE, '-o', output, '--w', '200', '--h', '200', '--fp', '0.3,0.7', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const printed = JSON.parse(run.stdout) as { focus: string; format: string; point: { x: number; y: number }; window: unknown };
    assert.equal(printed.focus, 'fp');
    assert.equal(printed.format, 'webp');
    assert.deepEqual(printed.point, { x: 576, y: 896 });
    assert.deepEqual(printed.window, { x: 0, y: 0, width: 1280, height: 1280 });
    const meta = await sharp(output).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['webp', 200, 200]);
  });

  const failures = [
    { name: 'a missing input file', args: () => ['render', join(dir, 'missing.jpg'), '-o', join(dir, 'x1.jpg'), '--w', '100'], says: /not_found/ },
    { name: 'a file that is not an image', args: () => ['render', notAnImage, '-o', join(dir, 'x2.jpg'), '--w', '100'], says: /unsupported_image/ },
    { name: '--w 0', args: () => ['render', SAMPLE, '-o', join(dir, 'x3.jpg'), '--w', '0'], says: /invalid_parameter: .*\bw\b/ },
    { name: '--gravity middle', args: () => ['render', SAMPLE, '-o', join(dir, 'x4.jpg'), '--w', '100', '--h', '100', '--gravity', 'middle'], says: /invalid_parameter: .*gravity.*"middle"/ },
    { name: '--fp 2,2', args: () => ['render', SAMPLE, '-o', join(dir, 'x5.jpg'), '--w', '100', '--h', '100', '--fp', '2,2'], says: /invalid_parameter: .*fp.*"2,2"/ },
  ];
  for (const { name, args, says } of failures) {
    it(`${name}: one line on stderr starting "convertly:", a non-zero exit, no stack trace`, async () => {
      const argv = args();
      const run = await convertly(argv);
      assert.notEqual(run.code, 0);
      assert.equal(run.stdout, '');
      const lines = run.stderr.split('\n').filter((line) => line !== '');
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0]!, /^convertly: /);
      assert.match(lines[0]!, says);
      assert.doesNotMatch(run.stderr, /^\s+at /m);
      assert.equal(existsSync(argv[3]!), false, 'an output file was written');
    });
  }
});
