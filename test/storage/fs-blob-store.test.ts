import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createFsBlobStore, fsBlobPath } from '../../src/storage/blobs/fs-blob-store.js';
import { blobStoreContract } from './blob-store-contract.js';
import { listFilesDeep, makeTempDir, removeDir } from './temp-dir.js';

blobStoreContract('fs', async () => {
  const dir = await makeTempDir('blobs');
  return { store: createFsBlobStore(dir), listObjects: () => listFilesDeep(dir), cleanup: () => removeDir(dir) };
});

describe('createFsBlobStore layout', () => {
  let dir = '';
  before(async () => {
    dir = await makeTempDir('blobs-layout');
  });
  after(() => removeDir(dir));

  it('shards keys into two levels of hashed folders inside the root', async () => {
    const store = createFsBlobStore(dir);
    await store.put('originals/ws_default/f_abc.jpg', Buffer.from('x'));
    const path = fsBlobPath(dir, 'originals/ws_default/f_abc.jpg');
    assert.ok(existsSync(path));
    assert.match(relative(dir, path), /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
    assert.deepEqual(await listFilesDeep(dir), [relative(dir, path)], 'no temp file left after a good put');
  });

  it('keeps serving an open stream after the blob is deleted', async () => {
    const store = createFsBlobStore(dir);
    await store.put('short-lived', Buffer.alloc(200_000, 5));
    const stream = await store.stream('short-lived');
    await store.delete('short-lived');
    assert.ok(stream);
    let bytes = 0;
    for await (const chunk of stream) bytes += (chunk as Buffer).length;
    assert.equal(bytes, 200_000);
  });
});
