// Issue 12, item 6: kill -9 during uploads, then restart: no `.tmp` survives in the blob folder, and every
// upload the server acknowledged is still there. The server runs as `convertly serve` in a child process.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { smallPhoto } from '../http/helpers/http-fixtures.js';
import { makeTempDir, removeDir } from '../storage/temp-dir.js';

const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));

interface Child {
  readonly process: ChildProcess;
  readonly url: string;
  readonly stderr: () => string;
}

/** Starts `convertly serve` on port 0 and reads its address (and, on a first run, the API key) from stderr. */
function serve(dataDir: string): Promise<Child & { apiKey: string | undefined }> {
  const child = spawn(process.execPath, ['--import', 'tsx', BIN, 'serve', '--port', '0'], {
    env: { ...process.env, CONVERTLY_DATA_DIR: dataDir, WORKER_THREADS: '1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let text = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(text)?.[1];
      if (url !== undefined) resolve({ process: child, url, stderr: () => text, apiKey: /API key\s+(cvly_\S+)/.exec(text)?.[1] });
    });
    child.once('exit', (code) => reject(new Error(`convertly serve exited with ${code}: ${text}`)));
  });
}

async function tempFilesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.tmp')) found.push(entry.name);
  }
  return found;
}

describe('kill -9 mid-upload, then restart', () => {
  let dataDir = '';
  const children: ChildProcess[] = [];
  after(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    if (dataDir !== '') await removeDir(dataDir);
  });

  it('sweeps every .tmp at start and keeps every acknowledged upload', async () => {
    dataDir = await makeTempDir('crash');
    const first = await serve(dataDir);
    children.push(first.process);
    assert.ok(first.apiKey, first.stderr());
    const headers = { authorization: `Bearer ${first.apiKey}`, 'content-type': 'image/jpeg' };
    const photo = await smallPhoto(1, 480);
    const acknowledged: string[] = [];
    // Uploads in flight when the process dies: some answered, some cut off mid-write.
    const uploads = Array.from({ length: 12 }, async () => {
      const response = await fetch(`${first.url}/api/files`, { method: 'POST', headers, body: photo }).catch(() => null);
      if (response?.status === 201) acknowledged.push(((await response.json()) as { id: string }).id);
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    first.process.kill('SIGKILL');
    await Promise.all(uploads);
    await new Promise((resolve) => first.process.exitCode !== null || first.process.signalCode !== null ? resolve(null) : first.process.once('exit', resolve));
    // A crash mid-write leaves writeFileAtomic's temp file behind; plant one too, in case the kill fell between writes.
    const folder = join(dataDir, 'blobs', 'ab', 'cd');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, '.abcd1234.0a1b2c3d4e5f.tmp'), photo.subarray(0, 1000));
    assert.ok((await tempFilesUnder(join(dataDir, 'blobs'))).length >= 1);

    const second = await serve(dataDir);
    children.push(second.process);
    assert.deepEqual(await tempFilesUnder(join(dataDir, 'blobs')), []);
    for (const id of acknowledged) {
      const response = await fetch(`${second.url}/api/files/${id}/original`, { headers: { authorization: headers.authorization } });
      assert.equal(response.status, 200, `acknowledged upload ${id} survives`);
    }
    const health = await fetch(`${second.url}/healthz`);
    assert.equal(health.status, 200);
    second.process.kill('SIGTERM');
  });
});
