import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  createSessionToken,
  hashSessionToken,
  isSessionToken,
  sessionCookieName,
  sessionCookieOptions,
} from '../../src/accounts/sessions.js';
import { isAppError } from '../../src/errors/app-error.js';

describe('session tokens', () => {
  it('are 43 base64url characters (32 bytes), unique, and recognised', () => {
    const tokens = Array.from({ length: 500 }, createSessionToken);
    assert.equal(new Set(tokens).size, 500);
    for (const token of tokens) {
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(Buffer.from(token, 'base64url').length, 32);
      assert.equal(isSessionToken(token), true);
    }
  });

  for (const bad of ['', 'short', `${'a'.repeat(43)}=`, `${'a'.repeat(42)}+`, 'a'.repeat(44), `${'a'.repeat(42)}.`, ` ${'a'.repeat(42)}`, 42]) {
    it(`refuses the cookie value ${JSON.stringify(bad)}`, () => assert.equal(isSessionToken(bad), false));
  }

  it('are stored as SHA-256 hex', () => {
    const token = createSessionToken();
    assert.equal(hashSessionToken(token), createHash('sha256').update(token).digest('hex'));
  });
});

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Lax, Path=/ with the given Secure and max age', () => {
    assert.deepEqual(sessionCookieOptions({ secure: true, maxAgeSeconds: 86_400 }), {
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
      path: '/',
      maxAge: 86_400,
    });
    assert.equal(sessionCookieOptions({ secure: false, maxAgeSeconds: 60 }).secure, false);
  });

  for (const bad of [0, -1, 1.5, Number.NaN]) {
    it(`rejects maxAgeSeconds ${bad} as a programming error, not the client's`, () => {
      assert.throws(
        () => sessionCookieOptions({ secure: true, maxAgeSeconds: bad }),
        (error: unknown) => !isAppError(error) && /^Expected a positive integer for maxAgeSeconds but received/.test((error as Error).message),
      );
    });
  }

  it('uses the __Host- prefix only over HTTPS', () => {
    assert.equal(sessionCookieName(true), '__Host-convertly_session');
    assert.equal(sessionCookieName(false), 'convertly_session');
  });
});
