import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createRenditionCache, type RenditionCache } from '../../src/storage/renditions/rendition-cache.js';
import type { RenditionEntry } from '../../src/storage/renditions/rendition-file.js';
import { deferred, entryOf, FILE_A, keyOf } from './rendition-fixtures.js';
import { listFilesDeep, makeTempDir, removeDir } from './temp-dir.js';

describe('rendition cache: getOrRender', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await makeTempDir('coalesce');
  });
  // getOrRender answers before its disk write lands: every cache finishes writing before its folder goes.
  let opened: RenditionCache[] = [];
  afterEach(async () => {
    await Promise.all(opened.map((cache) => cache.flush()));
    opened = [];
    await removeDir(dir);
  });
  const open = async (maxMemoryBytes = 1e6) => {
    const cache = await createRenditionCache({ dir, maxDiskBytes: 1e6, maxMemoryBytes });
    opened.push(cache);
    return cache;
  };
  const concurrently = <T>(n: number, call: () => Promise<T>) => Promise.allSettled(Array.from({ length: n }, call));

  it('renders once for 20 concurrent misses of one key and shares the result', async () => {
    const cache = await open();
    let renders = 0;
    const render = async () => {
      renders += 1;
      await sleep(20);
      return entryOf(5);
    };
    const results = await concurrently(20, () => cache.getOrRender(keyOf(FILE_A, 1), render));
    assert.equal(renders, 1);
    for (const result of results) {
      assert.equal(result.status, 'fulfilled');
      assert.equal(result.value.cache, 'miss');
      assert.deepEqual(result.value.entry, entryOf(5));
    }
    assert.equal((await cache.getOrRender(keyOf(FILE_A, 1), render)).cache, 'hit');
    assert.equal(renders, 1);
    assert.deepEqual(
      { renders: cache.stats().renders, misses: cache.stats().misses, hits: cache.stats().hits },
      { renders: 1, misses: 20, hits: 1 },
    );
  });

  it('serves concurrent callers from disk without rendering when the hot tier is off', async () => {
    const first = await open(1);
    await first.put(keyOf(FILE_A, 1), entryOf(6));
    const cache = await open(1);
    const results = await concurrently(20, () => cache.getOrRender(keyOf(FILE_A, 1), () => assert.fail('on disk')));
    assert.ok(results.every((result) => result.status === 'fulfilled' && result.value.cache === 'hit'));
    assert.equal(cache.stats().diskHits, 20);
  });

  it('rejects every waiter and caches nothing when the render fails', async () => {
    const cache = await open();
    let renders = 0;
    const failing = async (): Promise<RenditionEntry> => {
      renders += 1;
      await sleep(10);
      throw new Error('libvips exploded');
    };
    const results = await concurrently(20, () => cache.getOrRender(keyOf(FILE_A, 1), failing));
    assert.equal(renders, 1);
    for (const result of results) {
      assert.equal(result.status, 'rejected');
      assert.match(String(result.reason), /libvips exploded/);
    }
    assert.equal(await cache.get(keyOf(FILE_A, 1)), null);
    assert.deepEqual(await listFilesDeep(dir), []);
    const retry = await cache.getOrRender(keyOf(FILE_A, 1), async () => entryOf(7));
    assert.equal(retry.cache, 'miss', 'the next request renders again');
    assert.equal(cache.stats().renderFailures, 1);
  });

  it('lets deleteFile win over a render still in flight', async () => {
    const cache = await open();
    const gate = deferred<RenditionEntry>();
    const pending = cache.getOrRender(keyOf(FILE_A, 1), () => gate.promise);
    await sleep(5);
    await cache.deleteFile(FILE_A);
    gate.resolve(entryOf(8));
    assert.deepEqual((await pending).entry, entryOf(8), 'the waiting request is still answered');
    assert.equal(await cache.get(keyOf(FILE_A, 1)), null);
    assert.deepEqual(await listFilesDeep(dir), []);
  });

  it('lets deleteFile win over a disk copy still being written after the answer', async () => {
    const cache = await open();
    const answered = await cache.getOrRender(keyOf(FILE_A, 1), async () => entryOf(8));
    assert.equal(answered.cache, 'miss');
    // The file's copy is written on the next turn of the event loop; the delete starts before it lands.
    await cache.deleteFile(FILE_A);
    await cache.flush();
    assert.equal(await cache.get(keyOf(FILE_A, 1)), null);
    assert.deepEqual(await listFilesDeep(dir), [], 'not written back after the delete');
  });

  it('answers the request and reports the error when the disk write fails', async () => {
    const errors: unknown[] = [];
    const cache = await createRenditionCache({ dir, maxDiskBytes: 1e6, maxMemoryBytes: 1, onError: (e) => errors.push(e) });
    await writeFile(join(dir, FILE_A), 'a file where the folder should be');
    const result = await cache.getOrRender(keyOf(FILE_A, 1), async () => entryOf(9));
    assert.equal(result.cache, 'miss');
    assert.deepEqual(result.entry, entryOf(9));
    // The cache file is written after the answer: until then the entry is found pending, not rendered again.
    assert.deepEqual(await cache.get(keyOf(FILE_A, 1)), entryOf(9));
    await cache.flush();
    assert.equal(errors.length, 1);
    // The failed write lost only the cache copy: the next ask renders again, and nothing crashed.
    const again = await cache.getOrRender(keyOf(FILE_A, 1), async () => entryOf(9));
    assert.equal(again.cache, 'miss');
    await cache.flush();
  });

  it('renders instead of failing when a cached file cannot be read', async () => {
    const errors: unknown[] = [];
    const cache = await createRenditionCache({ dir, maxDiskBytes: 1e6, maxMemoryBytes: 1, onError: (e) => errors.push(e) });
    const key = keyOf(FILE_A, 1);
    await cache.put(key, entryOf(1));
    await rm(join(dir, key));
    await mkdir(join(dir, key)); // reading it now fails with EISDIR
    const result = await cache.getOrRender(key, async () => entryOf(2));
    assert.equal(result.cache, 'miss');
    assert.deepEqual(result.entry, entryOf(2));
    assert.ok(errors.length >= 1);
  });
});
