import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';

/** Prefix and suffix of in-progress files; readers and index scans skip (and may sweep) these names. */
export const TEMP_PREFIX = '.';
export const TEMP_SUFFIX = '.tmp';

/** True for a name `writeFileAtomic` uses while writing. */
export function isTempName(name: string): boolean {
  return name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX);
}

/**
 * Writes `data` to `path` so readers see the old file or the whole new one, never a part:
 * a temp file in the same folder, fsync, rename over, fsync the folder. On any failure,
 * including `data` erroring or being destroyed half-way, the temp file is removed and the error rethrown.
 * Returns the number of bytes written. `durable: false` skips both fsyncs: still atomic for
 * running readers, but a power cut may lose or tear the file (fine for a cache that checks what it reads).
 */
export async function writeFileAtomic(
  path: string,
  data: Buffer | Readable,
  options: { readonly durable?: boolean } = {},
): Promise<number> {
  const durable = options.durable ?? true;
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `${TEMP_PREFIX}${basename(path)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  const handle = await open(temp, 'wx');
  let closed = false;
  try {
    const bytes = Buffer.isBuffer(data) ? await writeAll(handle, data) : await writeStream(handle, data);
    if (durable) await handle.sync();
    closed = true;
    await handle.close();
    await rename(temp, path);
    if (durable) await syncDirectory(dir);
    return bytes;
  } catch (error) {
    if (!closed) await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

async function writeStream(handle: FileHandle, source: Readable): Promise<number> {
  let bytes = 0;
  // for-await rejects when the source errors or is destroyed early (ERR_STREAM_PREMATURE_CLOSE).
  for await (const chunk of source as AsyncIterable<Buffer | string>) {
    bytes += await writeAll(handle, typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return bytes;
}

/** fs write() may write fewer bytes than asked; loop until the chunk is down. */
async function writeAll(handle: FileHandle, chunk: Buffer): Promise<number> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
  return chunk.length;
}

/** Makes the rename itself durable. Some platforms (Windows) cannot open a folder; there it is skipped. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close();
  }
}
