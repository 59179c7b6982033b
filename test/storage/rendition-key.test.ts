import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '../../src/errors/app-error.js';
import { ByteLru } from '../../src/shared/byte-lru.js';
import { isRenditionKey, renditionKey, renditionKeyOwner } from '../../src/storage/renditions/rendition-key.js';

const base = { fileId: 'f_0123456789abcdefghjk', version: 3, params: 'w=300&h=200&fit=cover&f=auto', format: 'webp' };

describe('renditionKey', () => {
  it('puts the file id first and hashes the params into a safe file name', () => {
    const key = renditionKey(base);
    assert.match(key, /^f_0123456789abcdefghjk\/v3-[0-9a-f]{64}\.webp$/);
    assert.equal(renditionKey({ ...base }), key, 'deterministic');
    assert.ok(isRenditionKey(key));
  });

  it('changes with the version, the params and the format', () => {
    const key = renditionKey(base);
    for (const change of [{ version: 4 }, { params: 'w=301&h=200&fit=cover&f=auto' }, { format: 'avif' }]) {
      assert.notEqual(renditionKey({ ...base, ...change }), key);
    }
  });

  it('accepts any params text but refuses ids, versions and formats that cannot be a path', () => {
    assert.ok(isRenditionKey(renditionKey({ ...base, params: '../../etc/passwd\0' })));
    const bad = [{ fileId: '../x' }, { fileId: '' }, { version: -1 }, { version: 1.5 }, { format: 'WEBP' }, { format: 'a/b' }];
    for (const change of bad) {
      assert.throws(
        () => renditionKey({ ...base, ...change }),
        (error: unknown) => isAppError(error) && error.code === 'invalid_parameter',
      );
    }
  });

  it('does not take arbitrary strings for keys', () => {
    for (const key of ['f_1/../../x', '../f_1/v1-aa.webp', 'f_1', `f_1/v1-${'a'.repeat(64)}.webp/x`, '']) {
      assert.equal(isRenditionKey(key), false, key);
    }
  });
});

describe('renditionKeyOwner', () => {
  it('reads back the file id and version of a key renditionKey built, and nothing from other strings', () => {
    const key = renditionKey({ fileId: 'f_abc123', version: 17, params: 'w=400', format: 'webp' });
    assert.deepEqual(renditionKeyOwner(key), { fileId: 'f_abc123', version: 17 });
    assert.deepEqual(renditionKeyOwner(renditionKey({ fileId: 'f_x', version: 0, params: '', format: 'jpeg' })), { fileId: 'f_x', version: 0 });
    for (const other of ['', 'f_abc123', 'f_abc123/v17-', 'f_abc123/v17-abc.webp', '../f_abc123/v1-' + '0'.repeat(64) + '.jpeg', key + '/x']) {
      assert.equal(renditionKeyOwner(other), null, other);
    }
  });
});

describe('ByteLru', () => {
  it('evicts least recently used entries until the byte total fits', () => {
    const lru = new ByteLru<string>(10);
    lru.set('a', 'A', 4);
    lru.set('b', 'B', 4);
    lru.get('a');
    assert.deepEqual(lru.set('c', 'C', 4), [['b', 'B']]);
    assert.deepEqual(lru.keys(), ['a', 'c']);
    assert.equal(lru.bytes, 8);
    assert.deepEqual(lru.set('huge', 'H', 11), [['a', 'A'], ['c', 'C'], ['huge', 'H']], 'an oversized entry does not stay');
    assert.equal(lru.bytes, 0);
  });

  it('replaces an entry without double-counting its bytes', () => {
    const lru = new ByteLru<string>(10);
    lru.set('a', 'A', 6);
    lru.set('a', 'A2', 7);
    assert.equal(lru.bytes, 7);
    assert.equal(lru.size, 1);
    assert.equal(lru.delete('a'), true);
    assert.equal(lru.bytes, 0);
  });
});
