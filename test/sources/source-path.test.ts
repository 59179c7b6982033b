// Source paths (issue 14 §2): decoded segment by segment; traversal, empty segments, control characters and
// bad encoding are refused by name (a raw `..` reaches the server from clients that do not normalise URLs).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSourcePath, parseSourcePath } from '../../src/services/sources/source-path.js';

describe('parseSourcePath', () => {
  it('decodes each segment', () => {
    assert.equal(parseSourcePath('photos/summer%202024/hero.jpg'), 'photos/summer 2024/hero.jpg');
    assert.equal(parseSourcePath('caf%C3%A9.png'), 'café.png');
  });
  for (const raw of ['a/../b.jpg', '../etc/passwd', 'a/./b', 'a//b', 'a/', '%2E%2E/x', 'a%2Fb/c', 'a%00b', 'bad%E0%A4%A', 'a\\b', 'x'.repeat(1025)]) {
    it(`refuses ${JSON.stringify(raw.slice(0, 30))}`, () => {
      assert.throws(() => parseSourcePath(raw), (error: { code?: string; message?: string }) => error.code === 'invalid_parameter' && /path/.test(error.message ?? ''));
    });
  }
  it('an empty path is a 404 (no image named)', () => {
    assert.throws(() => parseSourcePath(''), (error: { code?: string }) => error.code === 'not_found');
    assert.throws(() => checkSourcePath('a/../b'), (error: { code?: string }) => error.code === 'invalid_parameter');
  });
});
