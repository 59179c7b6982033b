import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/config/config.js';
import { isAppError } from '../src/errors/app-error.js';

describe('DECODE_CACHE_BYTES', () => {
  it('keeps 48 MiB of decoded originals unless told, and nothing at 0', () => {
    assert.equal(loadConfig({}).cache.maxDecodedBytes, 48 * 1024 * 1024);
    assert.equal(loadConfig({ DECODE_CACHE_BYTES: '0' }).cache.maxDecodedBytes, 0);
    assert.equal(loadConfig({ DECODE_CACHE_BYTES: '16777216' }).cache.maxDecodedBytes, 16_777_216);
    assert.equal(loadConfig({ DECODE_CACHE_BYTES: '' }).cache.maxDecodedBytes, 48 * 1024 * 1024);
  });

  for (const bad of ['-1', '1.5', '48MB', 'Infinity']) {
    it(`rejects DECODE_CACHE_BYTES=${bad} naming the variable`, () => {
      assert.throws(
        () => loadConfig({ DECODE_CACHE_BYTES: bad }),
        (error: unknown) => isAppError(error) && error.code === 'invalid_parameter' && error.message.includes('DECODE_CACHE_BYTES'),
      );
    });
  }
});
