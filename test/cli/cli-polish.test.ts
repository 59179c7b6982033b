// --version, standard input and output for `render`, `render --help`, and errors of `analyze` and
// `migrate-url` that name the file or line they come from: the real bin in a child process.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { readStandardInput, writeStandardOutput } from '../../src/cli/standard-streams.js';
import { isAppError } from '../../src/errors/app-error.js';
import { CROP_ALIASES, FITS, GRAVITY_NAMES, OUTPUT_FORMATS } from '../../src/params/vocabulary.js';
import { SAMPLE_PATHS } from '../fixtures/photos.js';

const repoRoot = new URL('../../', import.meta.url).pathname;
const SAMPLE = SAMPLE_PATHS[1]!;

interface Run {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

function convertly(args: readonly string[], stdin?: Buffer | string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, CONVERTLY_LOG_LEVEL: 'silent' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
    child.stdin.end(stdin ?? '');
  });
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'convertly-cli-polish-'));
});
after(() => rm(dir, { recursive: true, force: true }));

describe('convertly --version', () => {
  it('prints the version of package.json and exits 0', async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const run = await convertly(['--version']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.toString(), `${version}\n`);
  });
});

describe('convertly render with - for standard input and output', () => {
  it('reads the image from stdin and writes the render to stdout; --json goes to stderr', async () => {
    const run = await convertly(['render', '-', '-o', '-', '--w', '320', '--h', '240', '--f', 'webp', '--json'], readFileSync(SAMPLE));
    assert.equal(run.code, 0, run.stderr);
    const meta = await sharp(run.stdout).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['webp', 320, 240]);
    const decision = JSON.parse(run.stderr) as { width: number; format: string };
    assert.deepEqual([decision.width, decision.format], [320, 'webp']);
  });

  it('-o - without --f keeps the input format; a file output still works from stdin', async () => {
    const png = await sharp(SAMPLE).resize(200).png().toBuffer();
    const run = await convertly(['render', '-', '-o', '-', '--w', '50'], png);
    assert.equal(run.code, 0, run.stderr);
    assert.equal((await sharp(run.stdout).metadata()).format, 'png');
    const file = join(dir, 'out.jpg');
    const toFile = await convertly(['render', '-', '-o', file, '--w', '40'], png);
    assert.equal(toFile.code, 0, toFile.stderr);
    assert.equal((await sharp(file).metadata()).width, 40);
  });

  it('empty stdin, or bytes that are not an image, is one convertly: line that says it was standard input', async () => {
    for (const input of ['', 'not an image at all']) {
      const run = await convertly(['render', '-', '-o', '-'], input);
      assert.equal(run.code, 1);
      assert.equal(run.stdout.length, 0);
      assert.match(run.stderr, /^convertly: unsupported_image: Standard input is empty|^convertly: unsupported_image: standard input: The input is not a readable image/);
      assert.equal(run.stderr.trim().split('\n').length, 1);
    }
  });

  it('a file that is not an image is named in the error', async () => {
    const notes = join(dir, 'notes.jpg');
    await writeFile(notes, 'meeting notes');
    const run = await convertly(['render', notes, '-o', join(dir, 'x.jpg')]);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, `convertly: unsupported_image: ${notes}: The input is not a readable image (accepted: JPEG, PNG, WebP, AVIF, GIF, TIFF)\n`);
  });

  it('readStandardInput refuses more than the upload limit; writeStandardOutput refuses a terminal', async () => {
    await assert.rejects(readStandardInput(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 1000), (error) => isAppError(error) && error.code === 'image_too_large');
    const written: Buffer[] = [];
    const terminal = Object.assign(new Writable({ write: (chunk: Buffer, _encoding, done) => (written.push(chunk), done()) }), { isTTY: true });
    await assert.rejects(writeStandardOutput(terminal, Buffer.from('bytes')), /Refusing to write image bytes to a terminal/);
    assert.equal(written.length, 0);
  });
});

describe('convertly render --help', () => {
  it('lists every URL parameter with its range or vocabulary', async () => {
    const run = await convertly(['render', '--help']);
    assert.equal(run.code, 0, run.stderr);
    const help = run.stdout.toString().replace(/\s+/g, ' ');
    for (const [flag, range] of [['--w', '1–8192'], ['--h', '1–8192'], ['--dpr', '1–4'], ['--q', '1–100'], ['--fp', '0–1']] as const) {
      assert.match(help, new RegExp(`${flag} <[a-z,]+> [^-]*${range}`), flag);
    }
    for (const value of [...FITS, ...GRAVITY_NAMES, ...OUTPUT_FORMATS, ...Object.keys(CROP_ALIASES)]) assert.ok(help.includes(value), value);
    for (const flag of ['--fit', '--gravity', '--crop', '--f ', '--debug', '-o, --output']) assert.ok(help.includes(flag), flag);
  });
});

describe('errors name the file or line they come from', () => {
  it('analyze: the closing line names each failing file and its code', async () => {
    const broken = join(dir, 'broken.jpg');
    await writeFile(broken, 'not a jpeg');
    const missing = join(dir, 'gone.png');
    const run = await convertly(['analyze', broken, missing, '--concurrency', '1']);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, `convertly: unsupported_image: 2 of 2 images could not be analysed: ${broken} (unsupported_image), ${missing} (not_found); each has an error line on stdout\n`);
  });

  it('migrate-url from stdin: error lines, --json lines and the closing line give the line number', async () => {
    const input = 'https://acme.imgix.net/f_a.jpg?w=100\n\nnot a url\nhttps://acme.imgix.net/f_b.jpg?fm=jp2\n';
    const plain = await convertly(['migrate-url'], input);
    assert.equal(plain.code, 1);
    const lines = plain.stdout.toString().trim().split('\n');
    assert.equal(lines[0], '/cdn/f_a?w=100');
    assert.match(lines[1]!, /^error: line 3: not a url: Expected an imgix URL/);
    assert.match(lines[2]!, /^error: line 4: https:\/\/acme\.imgix\.net\/f_b\.jpg\?fm=jp2: Expected one of/);
    assert.equal(plain.stderr, 'convertly: invalid_parameter: 2 of 3 URLs could not be translated (line 3, line 4); each has an error line on stdout\n');
    const json = await convertly(['migrate-url', '--json'], input);
    assert.deepEqual(json.stdout.toString().trim().split('\n').map((line) => (JSON.parse(line) as { line: number }).line), [1, 3, 4]);
  });

  it('migrate-url with arguments: the closing line names the argument', async () => {
    const run = await convertly(['migrate-url', 'https://acme.imgix.net/f_a.jpg?w=100', 'nope']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /could not be translated \(argument 2\)/);
  });
});
