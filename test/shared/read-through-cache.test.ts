import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReadThroughCache } from '../../src/shared/read-through-cache.js';

describe('createReadThroughCache', () => {
  it('keeps an entry (null included) for ttlMs, then forgets it', () => {
    let now = 1_000;
    const cache = createReadThroughCache<string | null>({ ttlMs: 100, maxEntries: 10, clock: () => now });
    cache.set('a', 'A');
    cache.set('miss', null);
    assert.equal(cache.peek('a'), 'A');
    assert.equal(cache.peek('miss'), null);
    now = 1_099;
    assert.equal(cache.peek('a'), 'A');
    now = 1_100;
    assert.equal(cache.peek('a'), undefined);
    assert.equal(cache.size, 1);
  });

  it('loads a miss once and answers from memory until the entry expires', async () => {
    let now = 0;
    let loads = 0;
    const cache = createReadThroughCache<number | null>({ ttlMs: 10, maxEntries: 10, clock: () => now });
    const load = async () => (loads += 1) > 1 ? loads : null;
    assert.equal(await cache.get('k', load), null);
    assert.equal(await cache.get('k', load), null);
    assert.equal(loads, 1);
    now = 10;
    assert.equal(await cache.get('k', load), 2);
    cache.delete('k');
    assert.equal(await cache.get('k', load), 3);
  });

  it('holds at most maxEntries, dropping the oldest written', () => {
    const cache = createReadThroughCache<number>({ ttlMs: 1_000, maxEntries: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    assert.equal(cache.peek('a'), 1);
    cache.set('c', 3);
    assert.equal(cache.peek('a'), undefined);
    assert.equal(cache.peek('c'), 3);
    assert.equal(cache.size, 2);
    cache.clear();
    assert.equal(cache.size, 0);
  });

  it('with lru, drops the least recently read instead, and never expires without a ttl', () => {
    const cache = createReadThroughCache<number>({ maxEntries: 2, lru: true, clock: () => Number.MAX_SAFE_INTEGER });
    cache.set('a', 1);
    cache.set('b', 2);
    assert.equal(cache.peek('a'), 1);
    cache.set('c', 3);
    assert.equal(cache.peek('b'), undefined);
    assert.deepEqual([cache.peek('a'), cache.peek('c')], [1, 3]);
  });

  it('refuses tunables that are not positive integers as a programming error naming them', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      for (const name of ['ttlMs', 'maxEntries'] as const) {
        const options = { ttlMs: 10, maxEntries: 10, [name]: bad };
        assert.throws(() => createReadThroughCache(options), new RegExp(`^Error: Expected a positive integer for ${name} but received`));
      }
    }
  });
});
