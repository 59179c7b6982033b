// The decoded-source cache on its own: byte-bounded LRU, one decode per (key, shrink) however many ask
// at once, failures never kept. Decodes here are fakes that count their calls.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDecodedSourceCache, type DecodedSource } from '../../src/engine/decoded-source-cache.js';
import { isAppError } from '../../src/errors/app-error.js';

function pixels(bytes: number): DecodedSource {
  return { data: Buffer.alloc(bytes), width: bytes / 3, height: 1, channels: 3 };
}

/** A decode that resolves when told to, counting its calls. */
function gatedDecode(bytes: number) {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const decode = async () => {
    decode.calls += 1;
    await gate;
    return pixels(bytes);
  };
  decode.calls = 0;
  return { decode, release };
}

describe('createDecodedSourceCache', () => {
  it('decodes once, then answers from memory', async () => {
    const cache = createDecodedSourceCache(1000);
    let calls = 0;
    const decode = async () => (calls++, pixels(300));
    const first = await cache.get('ws/f_a', 3, decode);
    const second = await cache.get('ws/f_a', 3, decode);
    assert.equal(second, first);
    assert.equal(calls, 1);
    assert.deepEqual(cache.stats(), { hits: 1, decodes: 1, coalesced: 0, failures: 0, bytes: 300, entries: 1 });
  });

  it('keeps one entry per key and shrink', async () => {
    const cache = createDecodedSourceCache(1000);
    await cache.get('ws/f_a', 3, async () => pixels(30));
    await cache.get('ws/f_a', 5, async () => pixels(30));
    await cache.get('ws/f_b', 3, async () => pixels(30));
    assert.equal(cache.stats().entries, 3);
    assert.equal(cache.stats().decodes, 3);
  });

  it('delete forgets every shrink of one key and nothing of another (a deleted file)', async () => {
    const cache = createDecodedSourceCache(1000);
    await cache.get('ws/f_a', 3, async () => pixels(30));
    await cache.get('ws/f_a', 5, async () => pixels(30));
    await cache.get('ws/f_ab', 3, async () => pixels(30));
    cache.delete('ws/f_a');
    assert.deepEqual([cache.stats().entries, cache.stats().bytes], [1, 30]);
    let decoded = 0;
    await cache.get('ws/f_ab', 3, async () => (decoded++, pixels(30)));
    await cache.get('ws/f_a', 3, async () => (decoded++, pixels(30)));
    assert.equal(decoded, 1, 'f_ab was kept, f_a decodes again');
  });

  it('shares one decode among concurrent callers', async () => {
    const cache = createDecodedSourceCache(1000);
    const { decode, release } = gatedDecode(300);
    const waiting = Array.from({ length: 16 }, () => cache.get('ws/f_a', 3, decode));
    release();
    const results = await Promise.all(waiting);
    assert.equal(decode.calls, 1);
    assert.ok(results.every((result) => result === results[0]));
    assert.equal(cache.stats().coalesced, 15);
  });

  it('evicts the least recently used entry to stay within its bytes', async () => {
    const cache = createDecodedSourceCache(900);
    for (const key of ['a', 'b', 'c']) await cache.get(key, 2, async () => pixels(300));
    await cache.get('a', 2, async () => assert.fail('a is still kept'));
    await cache.get('d', 2, async () => pixels(300));
    let decoded = false;
    await cache.get('b', 2, async () => ((decoded = true), pixels(300)));
    assert.ok(decoded, 'b was the least recently used, so it was evicted');
    assert.ok(cache.stats().bytes <= 900);
  });

  it('keeps nothing at 0 bytes, or an entry larger than the whole cache, yet still shares decodes in flight', async () => {
    for (const [maxBytes, entryBytes] of [[0, 3], [600, 900]] as const) {
      const cache = createDecodedSourceCache(maxBytes);
      const { decode, release } = gatedDecode(entryBytes);
      const both = Promise.all([cache.get('a', 2, decode), cache.get('a', 2, decode)]);
      release();
      await both;
      assert.equal(decode.calls, 1);
      await cache.get('a', 2, decode);
      assert.equal(decode.calls, 2, 'nothing was kept');
      assert.deepEqual([cache.stats().entries, cache.stats().bytes], [0, 0]);
    }
  });

  it('rejects every waiter of a failed decode and keeps nothing, so the next call decodes again', async () => {
    const cache = createDecodedSourceCache(1000);
    const failing = async () => {
      await Promise.resolve();
      throw new Error('truncated');
    };
    const results = await Promise.allSettled([cache.get('a', 2, failing), cache.get('a', 2, failing)]);
    assert.deepEqual(results.map((result) => result.status), ['rejected', 'rejected']);
    assert.equal(cache.stats().failures, 1);
    const recovered = await cache.get('a', 2, async () => pixels(3));
    assert.equal(recovered.data.length, 3);
    assert.equal(cache.stats().decodes, 2);
  });

  for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    it(`refuses maxBytes ${bad}`, () => {
      assert.throws(() => createDecodedSourceCache(bad), (error: unknown) => isAppError(error) && error.code === 'invalid_parameter');
    });
  }
});
