// The rendition cache with the shared tier in a bucket (s3rver): two caches with their own folders stand for
// two instances.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createRenditionCache, type RenditionCache, type RenditionCacheOptions } from '../../src/storage/renditions/rendition-cache.js';
import { createS3SharedTier } from '../../src/storage/renditions/shared-tier.js';
import { listS3Keys } from '../helpers/s3-objects.js';
import { useS3rverBucket } from '../helpers/s3rver.js';
import { entryOf, FILE_A, FILE_B, keyOf } from './rendition-fixtures.js';
import { makeTempDir, removeDir } from './temp-dir.js';

describe('rendition cache with a shared tier', () => {
  const s3 = useS3rverBucket();
  const dirs: string[] = [];
  const errors: unknown[] = [];
  const instance = async (options: Partial<Omit<RenditionCacheOptions, 'dir'>> = {}): Promise<RenditionCache> => {
    const dir = await makeTempDir('shared-tier');
    dirs.push(dir);
    return createRenditionCache({
      dir,
      maxDiskBytes: 10_000_000,
      maxMemoryBytes: 1_000_000,
      shared: createS3SharedTier(s3.bucket, { prefix: 'deploy/renditions' }),
      onError: (error) => errors.push(error),
      ...options,
    });
  };
  /** Another instance renders keyOf(FILE_A, n) and its shared copy is in the bucket. */
  const renderedOnAnother = async (n: number) => {
    const other = await instance();
    await other.getOrRender(keyOf(FILE_A, n), async () => entryOf(n));
    await other.flush();
  };
  const noRender = () => Promise.reject(new Error('should have been a hit'));
  after(async () => {
    await Promise.all(dirs.map(removeDir));
  });

  it('serves a render made by one instance as a hit on another, and keeps a local copy there', async () => {
    const a = await instance();
    const b = await instance();
    const rendered = await a.getOrRender(keyOf(FILE_A, 1), async () => entryOf(7));
    assert.equal(rendered.cache, 'miss');
    await a.flush();
    assert.deepEqual(await listS3Keys(s3.bucket, 'deploy/renditions/'), [`deploy/renditions/${keyOf(FILE_A, 1)}`]);
    const onB = await b.getOrRender(keyOf(FILE_A, 1), noRender);
    assert.equal(onB.cache, 'hit');
    assert.deepEqual(onB.entry, entryOf(7), 'bytes and replay headers');
    assert.equal(b.stats().sharedHits, 1);
    assert.equal(b.stats().memoryEntries, 1, 'kept in B\'s memory at once');
    await b.flush();
    assert.equal(b.stats().diskEntries, 1, 'and on B\'s disk once the answer is out');
  });

  it('answers a second ask on B from its own tiers while the disk copy is still being written', async () => {
    await renderedOnAnother(3);
    // No memory tier to speak of: only the copy being written can answer the second ask without the bucket.
    const b = await instance({ maxMemoryBytes: 8 });
    const [first, second] = [await b.getOrRender(keyOf(FILE_A, 3), noRender), await b.getOrRender(keyOf(FILE_A, 3), noRender)];
    assert.deepEqual([first.cache, second.cache], ['hit', 'hit']);
    assert.deepEqual(second.entry, entryOf(3));
    assert.equal(b.stats().sharedHits, 1, 'one bucket read');
    await b.flush();
    assert.deepEqual((await b.getOrRender(keyOf(FILE_A, 3), noRender)).entry, entryOf(3), 'then from its disk');
    assert.equal(b.stats().sharedHits, 1);
  });

  it('follows the caller\'s hint: never-rendered renders without waiting for the bucket, rendered-before waits for it', async () => {
    await renderedOnAnother(6);
    let renders = 0;
    const render = async () => {
      renders += 1;
      return entryOf(6);
    };
    const fetches: string[] = [];
    const hooks = (said: 'never-rendered' | 'rendered-before', label: string) => ({
      hint: async () => said,
      onLikelyRender: () => fetches.push(label),
    });
    const b = await instance();
    const skipped = await b.getOrRender(keyOf(FILE_A, 6), render, hooks('never-rendered', 'b'));
    // The hint answers within a microtask, the bucket after a round trip: the render starts without it.
    assert.equal(skipped.cache, 'miss');
    assert.equal(renders, 1);
    const c = await instance();
    const asked = await c.getOrRender(keyOf(FILE_A, 6), render, hooks('rendered-before', 'c'));
    assert.equal(asked.cache, 'hit');
    assert.deepEqual(asked.entry, entryOf(6));
    // Charged but not (yet) in the bucket: the charging instance is still rendering. Render here.
    const missing = await c.getOrRender(keyOf(FILE_A, 7), render, hooks('rendered-before', 'c7'));
    assert.equal(missing.cache, 'miss');
    // The original is fetched early for a never-rendered one, and for c7 only once the bucket said 404 (a render
    // was then certain); never while the bucket could still answer a hit.
    assert.deepEqual(fetches, ['b', 'c7']);
  });

  // The slow hint answers only after the bucket: were the cache to wait for it, this would hang, so it is bounded.
  it('lets the bucket decide when the hint fails or is slower than its answer', { timeout: 30_000 }, async () => {
    await renderedOnAnother(8);
    const b = await instance();
    const failing = await b.getOrRender(keyOf(FILE_A, 8), noRender, { hint: () => Promise.reject(new Error('database down')) });
    assert.equal(failing.cache, 'hit');
    const c = await instance();
    // The hint says "never rendered" only once the bucket has answered: no timer is left running after the test.
    let answerLate: (said: 'never-rendered') => void = () => {};
    const late = new Promise<'never-rendered'>((resolve) => (answerLate = resolve));
    const slow = await c.getOrRender(keyOf(FILE_A, 8), noRender, { hint: () => late });
    answerLate('never-rendered');
    assert.equal(slow.cache, 'hit', 'the hit came first');
  });

  it('does not ask the hint while the policy finds the database no faster than the bucket; the bucket decides', async () => {
    await renderedOnAnother(10);
    const lookups: number[] = [];
    const never = { shouldAsk: () => false, lookupTook: (ms: number) => void lookups.push(ms), hintTook: () => assert.fail('no hint was asked') };
    const b = await instance({ hintPolicy: never });
    const events: string[] = [];
    const hooks = {
      hint: async () => {
        events.push('hint');
        return 'never-rendered' as const;
      },
      onLikelyRender: () => events.push('fetch original'),
    };
    assert.equal((await b.getOrRender(keyOf(FILE_A, 10), noRender, hooks)).cache, 'hit', 'a "never rendered" hint would have rendered it');
    const missed = await b.getOrRender(keyOf(FILE_A, 11), async () => {
      events.push('render');
      return entryOf(11);
    }, hooks);
    assert.equal(missed.cache, 'miss');
    assert.deepEqual(events, ['fetch original', 'render'], 'the original is fetched once the bucket says 404, never on the hit');
    assert.equal(lookups.length, 2, 'both lookups timed for the policy');
  });

  it('tells the caller when its own tiers miss, before asking the shared tier (to fetch the original meanwhile)', async () => {
    const a = await instance();
    const calls: string[] = [];
    const hooks = {
      onLikelyRender: () => {
        calls.push('local miss');
      },
    };
    await a.getOrRender(keyOf(FILE_A, 5), async () => {
      calls.push('render');
      return entryOf(5);
    }, hooks);
    await a.getOrRender(keyOf(FILE_A, 5), noRender, hooks);
    await a.flush();
    const b = await instance();
    await b.getOrRender(keyOf(FILE_A, 5), noRender, hooks);
    assert.deepEqual(calls, ['local miss', 'render', 'local miss'], 'not on a local hit; on B before its shared hit');
  });

  it('deleteFile removes the shared copies; forgetFile only the local ones', async () => {
    const a = await instance();
    const b = await instance();
    await a.getOrRender(keyOf(FILE_B, 1), async () => entryOf(1));
    await a.getOrRender(keyOf(FILE_B, 2), async () => entryOf(2));
    await a.flush();
    await b.getOrRender(keyOf(FILE_B, 1), noRender);
    await b.forgetFile(FILE_B);
    assert.equal((await listS3Keys(s3.bucket, `deploy/renditions/${FILE_B}/`)).length, 2, 'forgetFile leaves the bucket alone');
    await a.deleteFile(FILE_B);
    assert.deepEqual(await listS3Keys(s3.bucket, `deploy/renditions/${FILE_B}/`), []);
    let rendered = 0;
    await b.getOrRender(keyOf(FILE_B, 1), async () => {
      rendered += 1;
      return entryOf(1);
    });
    assert.equal(rendered, 1, 'nothing left anywhere: a render');
  });

  it('renders (and reports, never throws) while the bucket is down', async () => {
    const a = await instance();
    errors.length = 0;
    await s3.server.stop();
    try {
      const result = await a.getOrRender(keyOf(FILE_A, 9), async () => entryOf(9));
      assert.equal(result.cache, 'miss');
      await a.flush();
      assert.ok(errors.length >= 1, 'the failed lookup and write are reported');
      assert.equal((await a.getOrRender(keyOf(FILE_A, 9), noRender)).cache, 'hit', 'local tiers still serve it');
    } finally {
      await s3.server.start();
    }
  });
});
