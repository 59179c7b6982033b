import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createRenditionCache } from '../../src/storage/renditions/rendition-cache.js';
import { rejectsWith } from './rejects-with.js';
import { entryOf, FILE_A, FILE_B, keyOf } from './rendition-fixtures.js';
import { listFilesDeep, makeTempDir, removeDir } from './temp-dir.js';

describe('rendition cache: tiers, eviction, restart, deletion', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await makeTempDir('renditions');
  });
  afterEach(() => removeDir(dir));
  // maxMemoryBytes 1 turns the hot tier off, so these tests see the disk tier alone.
  const diskOnly = (maxDiskBytes: number) => createRenditionCache({ dir, maxDiskBytes, maxMemoryBytes: 1 });

  it('hits after a put, from memory first, and keeps metadata across a restart', async () => {
    const cache = await createRenditionCache({ dir, maxDiskBytes: 1e6, maxMemoryBytes: 1e6 });
    const key = keyOf(FILE_A, 1);
    await cache.put(key, entryOf(1));
    assert.deepEqual(await cache.get(key), entryOf(1));
    const result = await cache.getOrRender(key, () => assert.fail('a hit must not render'));
    assert.equal(result.cache, 'hit');
    assert.equal(cache.stats().memoryHits, 2);

    const restarted = await createRenditionCache({ dir, maxDiskBytes: 1e6, maxMemoryBytes: 1e6 });
    assert.equal(restarted.stats().diskEntries, 1);
    assert.deepEqual(await restarted.get(key), entryOf(1), 'body, content type, etag and headers survive');
    assert.equal(restarted.stats().diskHits, 1);
  });

  it('evicts the least recently used renditions past the disk cap', async () => {
    const cache = await diskOnly(10_000); // three 3 kB renditions fit, four do not
    const keys = [1, 2, 3, 4].map((n) => keyOf(FILE_A, n));
    for (const [i, key] of keys.slice(0, 3).entries()) await cache.put(key, entryOf(i + 1, 3_000));
    assert.ok(await cache.get(keys[0] ?? ''), 'touch the oldest so the second becomes least recent');
    await cache.put(keys[3] ?? '', entryOf(4, 3_000));
    assert.equal(await cache.get(keys[1] ?? ''), null);
    assert.equal(existsSync(join(dir, keys[1] ?? '')), false, 'its file is gone too');
    for (const key of [keys[0], keys[2], keys[3]]) assert.ok(await cache.get(key ?? ''), `${key} kept`);
    const { diskBytes, diskEntries } = cache.stats();
    assert.ok(diskBytes <= 10_000, `${diskBytes} bytes on disk`);
    assert.equal(diskEntries, 3);
  });

  it('keeps the memory tier under its own byte cap', async () => {
    const cache = await createRenditionCache({ dir, maxDiskBytes: 1e6, maxMemoryBytes: 20_000 });
    for (let n = 0; n < 20; n += 1) await cache.put(keyOf(FILE_A, n), entryOf(n, 3_000));
    assert.ok(cache.stats().memoryBytes <= 20_000);
    assert.ok(cache.stats().memoryEntries >= 5);
  });

  it('rebuilds the index from disk at start-up, by recency, and trims to a smaller cap', async () => {
    const first = await diskOnly(1e6);
    const keys = [1, 2, 3, 4].map((n) => keyOf(FILE_A, n));
    for (const [i, key] of keys.entries()) await first.put(key, entryOf(i + 1, 3_000));
    // Last use by mtime: key 2 most recent, then 4, 3, 1.
    const seconds = [1_000, 4_000, 2_000, 3_000];
    for (const [i, key] of keys.entries()) await utimes(join(dir, key), seconds[i] ?? 0, seconds[i] ?? 0);
    await writeFile(join(dir, FILE_A, '.leftover.tmp'), 'crashed mid-write');
    await mkdir(join(dir, FILE_B));

    const restarted = await diskOnly(7_000); // room for two
    assert.equal(restarted.stats().diskEntries, 2);
    assert.ok(await restarted.get(keys[1] ?? ''));
    assert.ok(await restarted.get(keys[3] ?? ''));
    assert.deepEqual((await listFilesDeep(dir)).sort(), [keys[1], keys[3]].sort(), 'evicted and temp files removed');
    assert.equal(existsSync(join(dir, FILE_B)), false, 'empty folders swept');
  });

  it('drops a torn or foreign file instead of serving it', async () => {
    const key = keyOf(FILE_A, 1);
    await mkdir(join(dir, FILE_A), { recursive: true });
    const magicOnly = Buffer.from('CVR1');
    await writeFile(join(dir, key), Buffer.concat([magicOnly, Buffer.alloc(40, 1)]));
    const cache = await diskOnly(1e6);
    assert.equal(cache.stats().diskEntries, 1);
    assert.equal(await cache.get(key), null);
    assert.equal(existsSync(join(dir, key)), false);
    assert.equal(cache.stats().diskEntries, 0);
  });

  it('deleteFile drops every rendition of that file from both tiers, and only that file', async () => {
    const cache = await createRenditionCache({ dir, maxDiskBytes: 1e6, maxMemoryBytes: 1e6 });
    const own = [keyOf(FILE_A, 1), keyOf(FILE_A, 2), keyOf(FILE_A, 1, 2)];
    for (const [i, key] of own.entries()) await cache.put(key, entryOf(i));
    await cache.put(keyOf(FILE_B, 1), entryOf(9));
    await cache.deleteFile(FILE_A);
    for (const key of own) assert.equal(await cache.get(key), null, `${key} gone from memory and disk`);
    assert.equal(existsSync(join(dir, FILE_A)), false);
    assert.deepEqual(await cache.get(keyOf(FILE_B, 1)), entryOf(9));
    assert.equal(cache.stats().diskEntries, 1);
    const restarted = await diskOnly(1e6);
    assert.equal(restarted.stats().diskEntries, 1, 'still gone after a restart');
  });

  it('refuses keys and file ids that are not its own', async () => {
    const cache = await diskOnly(1e6);
    await rejectsWith(cache.get('../../etc/passwd'), 'invalid_parameter');
    await rejectsWith(cache.put('f_a/x.webp', entryOf(1)), 'invalid_parameter');
    await rejectsWith(cache.deleteFile('../x'), 'invalid_parameter');
  });
});
