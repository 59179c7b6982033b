// `convertly analyze`: the command end to end in a child process, the same command in-process
// with a pretend terminal for its progress bar, and its helpers.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Command } from 'commander';
import sharp from 'sharp';
import { parseConcurrency, registerAnalyzeCommand, type AnalyzeLine } from '../../src/cli/analyze-command.js';
import { findImages } from '../../src/cli/find-images.js';
import { createProgressBar, formatProgress } from '../../src/cli/progress-bar.js';
import { runInOrder } from '../../src/cli/run-in-order.js';
import { loadConfig } from '../../src/config/config.js';
import { samplePath } from '../fixtures/photos.js';
import { schemaErrors } from '../analyze/analyze-fixtures.js';

const repoRoot = new URL('../../', import.meta.url).pathname;
let dir: string;
let batch: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'convertly-cli-analyze-'));
  // Two images (one in a subfolder), one corrupt file named like an image, one file that is not an image by name.
  batch = join(dir, 'batch');
  await mkdir(join(batch, 'sub'), { recursive: true });
  await sharp(samplePath(3)).resize(640).png().toFile(join(batch, 'a.png'));
  await writeFile(join(batch, 'broken.jpg'), Buffer.from('this is not a jpeg at all'));
  await copyFile(samplePath(1), join(batch, 'sub', 'photo.JPG'));
  await writeFile(join(batch, 'notes.txt'), 'ignored: not an image extension');
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runCli(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function jsonLines(text: string): AnalyzeLine[] {
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as AnalyzeLine);
}

describe('convertly analyze (child process)', () => {
  it('analyses a folder recursively in sorted order, reports the corrupt file in place, exits 1', async () => {
    const run = await runCli(['analyze', batch, '--concurrency', '3']);
    const lines = jsonLines(run.stdout);
    assert.deepEqual(lines.map((l) => l.path), [join(batch, 'a.png'), join(batch, 'broken.jpg'), join(batch, 'sub', 'photo.JPG')]);
    const [png, broken, jpeg] = lines;
    assert.ok(png && 'result' in png && jpeg && 'result' in jpeg, run.stdout);
    assert.deepEqual(schemaErrors(png.result), []);
    assert.deepEqual(schemaErrors(jpeg.result), []);
    assert.equal(jpeg.result.focal.suggested.source, 'face');
    assert.ok(broken && 'error' in broken);
    assert.equal(broken.error.code, 'unsupported_image');
    assert.ok(broken.error.message.length > 0);
    assert.equal(run.code, 1);
    // stderr is not a terminal here: no progress bar, only the closing summary.
    assert.match(run.stderr, /^convertly: unsupported_image: 1 of 3 images could not be analysed[^\n]*\n$/);
  });

  it('prints one line and exits 0 for one good file, with the path as given', async () => {
    const path = relative(process.cwd(), samplePath(2));
    const run = await runCli(['analyze', path]);
    assert.equal(run.code, 0, run.stderr);
    const lines = jsonLines(run.stdout);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.path, path);
    assert.ok('result' in lines[0]!);
    assert.equal(run.stderr, '');
  });

  it('reports a missing path as a not_found line in its place and carries on', async () => {
    const missing = join(dir, 'nowhere', 'gone.jpg');
    const good = join(batch, 'a.png');
    const run = await runCli(['analyze', missing, good, '--concurrency', '1']);
    const lines = jsonLines(run.stdout);
    assert.deepEqual(lines.map((l) => l.path), [missing, good]);
    assert.ok('error' in lines[0]! && lines[0].error.code === 'not_found');
    assert.ok('result' in lines[1]!);
    assert.equal(run.code, 1);
  });

  it('refuses --concurrency 0 with one convertly: line', async () => {
    const run = await runCli(['analyze', batch, '--concurrency', '0']);
    assert.notEqual(run.code, 0);
    assert.equal(run.stdout, '');
    const errLines = run.stderr.split('\n').filter((l) => l !== '');
    assert.equal(errLines.length, 1, run.stderr);
    assert.match(errLines[0]!, /^convertly: invalid_parameter: .*--concurrency/);
  });
});

describe('convertly analyze progress bar (in-process, pretend terminal)', () => {
  it('draws counts and a rate on a terminal for a batch, ending with a newline', async () => {
    const folder = join(dir, 'two');
    await mkdir(folder, { recursive: true });
    await sharp(samplePath(4)).resize(480).jpeg().toFile(join(folder, 'one.jpg'));
    await sharp(samplePath(5)).resize(480).webp().toFile(join(folder, 'two.webp'));
    const stdout: string[] = [];
    let drawn = '';
    const program = new Command('convertly').exitOverride();
    registerAnalyzeCommand(program, { config: loadConfig({}), stdout: (line) => stdout.push(line), stderr: () => undefined }, { isTTY: true, write: (text) => (drawn += text) });
    await program.parseAsync(['analyze', folder, '--concurrency', '2'], { from: 'user' });
    assert.equal(stdout.length, 2);
    assert.match(drawn, /^\r/);
    assert.match(drawn, /\r[^\r]*2\/2 {2}0 failed {2}(–|\d+\.\d) images\/s\x1b\[K\n$/);
    assert.ok(!drawn.slice(0, -1).includes('\n'), 'the bar is redrawn in place, on one line');
  });
});

describe('analyze command helpers', () => {
  it('parseConcurrency takes integers 1–64 and defaults to the cores', () => {
    assert.equal(parseConcurrency(undefined), Math.min(64, availableParallelism()));
    assert.equal(parseConcurrency('1'), 1);
    assert.equal(parseConcurrency('64'), 64);
    for (const bad of ['0', '65', '-1', '2.5', 'abc', '', '1e1', '0x4']) {
      assert.throws(() => parseConcurrency(bad), { code: 'invalid_parameter' }, bad);
    }
  });

  it('findImages walks folders by extension in sorted order and keeps missing paths in place', async () => {
    const found = await findImages([join(batch, 'notes.txt'), batch, join(dir, 'missing')]);
    assert.deepEqual(
      found.map((f) => [f.kind, f.path]),
      [
        ['image', join(batch, 'notes.txt')], // named explicitly: taken whatever its extension
        ['image', join(batch, 'a.png')],
        ['image', join(batch, 'broken.jpg')],
        ['image', join(batch, 'sub', 'photo.JPG')],
        ['unreadable', join(dir, 'missing')],
      ],
    );
    const missing = found.at(-1);
    assert.ok(missing?.kind === 'unreadable' && missing.error.code === 'not_found');
  });

  it('runInOrder emits in input order whatever order tasks finish in, never above the concurrency', async () => {
    const delays = [40, 5, 25, 1, 15, 30, 2];
    let running = 0;
    let peak = 0;
    const emitted: number[] = [];
    await runInOrder(delays, {
      concurrency: 3,
      task: async (ms, index) => {
        peak = Math.max(peak, ++running);
        await new Promise((resolve) => setTimeout(resolve, ms));
        running--;
        return index;
      },
      emit: (value, index) => {
        assert.equal(value, index);
        emitted.push(index);
      },
    });
    assert.deepEqual(emitted, [0, 1, 2, 3, 4, 5, 6]);
    assert.equal(peak, 3);
  });

  it('the progress bar draws nothing off a terminal and throttles redraws on one', () => {
    let written = '';
    const silent = createProgressBar({ total: 3, output: { isTTY: false, write: (t) => (written += t) } });
    silent.update(1, 0);
    silent.finish();
    assert.equal(written, '');

    let clock = 0;
    const frames: string[] = [];
    const bar = createProgressBar({ total: 3, output: { isTTY: true, write: (t) => frames.push(t) }, now: () => clock, redrawMs: 100 });
    bar.update(1, 0);
    clock = 50;
    bar.update(2, 1); // within 100 ms of the last frame: skipped
    clock = 1000;
    bar.update(3, 1); // the last item is always drawn
    bar.finish();
    assert.equal(frames.filter((f) => f.startsWith('\r')).length, 3);
    assert.equal(frames.at(-1), '\n');
    assert.match(frames.at(-2)!, /3\/3 {2}1 failed {2}3\.0 images\/s/);
    assert.equal(formatProgress({ label: 'analyze', done: 1, failed: 0, total: 4, elapsedMs: 100, width: 8 }), 'analyze [██░░░░░░] 1/4  0 failed  – images/s');
  });
});
