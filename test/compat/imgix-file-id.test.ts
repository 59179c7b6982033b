import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imgixFileId } from '../../src/compat/imgix-file-id.js';

describe('imgixFileId', () => {
  const cases: ReadonlyArray<readonly [string, ReturnType<typeof imgixFileId>]> = [
    ['/hero.jpg', { ok: true, fileId: 'hero' }],
    ['/blog/2024/hero-shot.jpg', { ok: true, fileId: 'hero-shot' }],
    ['/f_123', { ok: true, fileId: 'f_123' }],
    ['/archive.tar.gz', { ok: true, fileId: 'archive.tar' }],
    ['/.hidden', { ok: true, fileId: '.hidden' }],
    ['/blog/hero.jpg/', { ok: true, fileId: 'hero' }],
    // A web-proxy source: the file name of the encoded URL.
    ['/https%3A%2F%2Fassets.example.com%2Fimg%2Fcat%20photo.png', { ok: true, fileId: 'cat photo' }],
    ['/', { ok: false, reason: 'no_file_id', segment: '' }],
    ['', { ok: false, reason: 'no_file_id', segment: '' }],
    ['//', { ok: false, reason: 'no_file_id', segment: '' }],
    ['/https%3A%2F%2Fexample.com%2F', { ok: false, reason: 'no_file_id', segment: 'https%3A%2F%2Fexample.com%2F' }],
    ['/bad%E0%A4%A', { ok: false, reason: 'bad_encoding', segment: 'bad%E0%A4%A' }],
  ];
  for (const [path, expected] of cases) {
    it(`${JSON.stringify(path)} → ${JSON.stringify(expected)}`, () => assert.deepEqual(imgixFileId(path), expected));
  }
});
