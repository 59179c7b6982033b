import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTtlCache } from '../../src/accounts/ttl-cache.js';
import { isAppError } from '../../src/errors/app-error.js';

describe('createTtlCache', () => {
  it('keeps an entry (null included) for ttlMs, then forgets it', () => {
    let now = 1_000;
    const cache = createTtlCache<string | null>({ ttlMs: 100, maxEntries: 10, clock: () => now });
    cache.set('a', 'A');
    cache.set('miss', null);
    assert.equal(cache.get('a')?.value, 'A');
    assert.equal(cache.get('miss')?.value, null);
    now = 1_099;
    assert.equal(cache.get('a')?.value, 'A');
    now = 1_100;
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.size, 1);
  });

  it('holds at most maxEntries, dropping the oldest', () => {
    const cache = createTtlCache<number>({ ttlMs: 1_000, maxEntries: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.get('c')?.value, 3);
    assert.equal(cache.size, 2);
    cache.delete('c');
    cache.clear();
    assert.equal(cache.size, 0);
  });

  it('refuses tunables that are not positive integers with invalid_parameter naming them', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      for (const name of ['ttlMs', 'maxEntries'] as const) {
        const options = { ttlMs: 10, maxEntries: 10, [name]: bad };
        assert.throws(
          () => createTtlCache(options),
          (error: unknown) => isAppError(error) && error.code === 'invalid_parameter' && error.details?.['parameter'] === name,
        );
      }
    }
  });
});
