import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { describe, it } from 'node:test';
import {
  argon2Verifications,
  hashPassword,
  passwordNeedsRehash,
  PASSWORD_HASH_OPTIONS,
  verifyPassword,
} from '../../src/accounts/passwords.js';
import { isAppError } from '../../src/errors/app-error.js';

const PASSWORD = 'correct horse battery staple';

describe('hashPassword', () => {
  it('makes an argon2id PHC string with the chosen parameters and a fresh salt', async () => {
    const first = await hashPassword(PASSWORD);
    const second = await hashPassword(PASSWORD);
    assert.match(first, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    assert.notEqual(first, second);
    assert.equal(PASSWORD_HASH_OPTIONS.memoryCost, 19_456);
  });

  const rejected: Array<[string, unknown]> = [
    ['7 characters', 'abcdefg'],
    ['empty', ''],
    ['1025 characters', 'a'.repeat(1025)],
    ['a megabyte', 'a'.repeat(1 << 20)],
    ['7 emoji (14 UTF-16 units, 7 characters)', '😀'.repeat(7)],
    ['not a string', 12345678],
  ];
  for (const [name, plain] of rejected) {
    it(`rejects ${name} with invalid_parameter, without echoing it`, async () => {
      await assert.rejects(hashPassword(plain as string), (error: unknown) => {
        assert.ok(isAppError(error) && error.code === 'invalid_parameter' && error.status === 400);
        assert.ok(typeof plain !== 'string' || plain === '' || !error.message.includes(plain));
        return true;
      });
    });
  }

  it('accepts the bounds: 8 and 1024 characters, counting code points', async () => {
    assert.ok(await hashPassword('abcdefgh'));
    assert.ok(await hashPassword('a'.repeat(1024)));
    assert.ok(await hashPassword('😀'.repeat(8)));
  });
});

describe('verifyPassword', () => {
  it('accepts the right password and refuses others', async () => {
    const stored = await hashPassword(PASSWORD);
    assert.equal(await verifyPassword(stored, PASSWORD), true);
    assert.equal(await verifyPassword(stored, `${PASSWORD} `), false);
    assert.equal(await verifyPassword(stored, PASSWORD.toUpperCase()), false);
  });

  it('matches composed and decomposed forms of the same password (NFKC)', async () => {
    const stored = await hashPassword('caf\u00e9-caf\u00e9');
    assert.equal(await verifyPassword(stored, 'cafe\u0301-cafe\u0301'), true);
  });

  const malformed: Array<[string, string]> = [
    ['empty hash', ''],
    ['garbage', 'not-a-hash'],
    ['bcrypt hash', '$2b$10$abcdefghijklmnopqrstuuM0i5d8f0sC3F1yQ6pQmLqgJ7yY8aS2'],
    ['truncated argon2 hash', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ'],
    ['absurd parameters', '$argon2id$v=19$m=999999999999,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g'],
  ];
  for (const [name, stored] of malformed) {
    it(`returns false, never throws, for a ${name}`, async () => {
      assert.equal(await verifyPassword(stored, PASSWORD), false);
    });
  }

  it('returns false for out-of-range passwords without hashing them', async () => {
    const stored = await hashPassword(PASSWORD);
    assert.equal(await verifyPassword(stored, 'short'), false);
    assert.equal(await verifyPassword(stored, 'a'.repeat(5000)), false);
  });

  it('runs few argon2 operations at once, so a login flood leaves the thread pool to files and sharp', async () => {
    const stored = await hashPassword(PASSWORD);
    let finished = 0;
    // 16 verifications at once would take all 4 libuv threads until the last few had started.
    const flood = Array.from({ length: 16 }, (_, i) =>
      verifyPassword(stored, i === 7 ? PASSWORD : `wrong password ${i}`).then((ok) => {
        finished += 1;
        return ok;
      }),
    );
    await stat(tmpdir()); // a thread-pool task, as every file read and sharp call is
    const finishedBeforeProbe = finished;
    const results = await Promise.all(flood);
    assert.deepEqual(results.flatMap((ok, i) => (ok ? [i] : [])), [7]);
    assert.ok(finishedBeforeProbe <= 8, `a file operation waited for ${finishedBeforeProbe} of 16 password checks`);
  });

  it('spends a real verification on an unknown user and says no', async () => {
    assert.equal(await verifyPassword(null, PASSWORD), false);
    assert.equal(await verifyPassword(null, 'x'), false);
  });
});

describe('passwordNeedsRehash', () => {
  it('is false for current hashes and true for older parameters or foreign hashes', async () => {
    assert.equal(passwordNeedsRehash(await hashPassword(PASSWORD)), false);
    assert.equal(passwordNeedsRehash('$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaA'), true);
    assert.equal(passwordNeedsRehash('$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA'), true);
    assert.equal(passwordNeedsRehash('garbage'), true);
  });
});

describe('verifyPassword runs exactly one argon2 verification per attempt (issue 12, item 2: equal time)', () => {
  it('for a known or unknown account, whatever the password\'s length or type', async () => {
    const stored = await hashPassword(PASSWORD);
    const attempts: Array<[string, string | null, unknown, boolean]> = [
      ['known, right password', stored, PASSWORD, true],
      ['known, wrong password', stored, 'wrong horse battery staple', false],
      ['known, 3 characters', stored, 'abc', false],
      ['known, empty', stored, '', false],
      ['known, 5000 characters', stored, 'y'.repeat(5000), false],
      ['known, not a string', stored, 12345678, false],
      ['unknown, 3 characters', null, 'abc', false],
      ['unknown, a valid length', null, PASSWORD, false],
      ['unknown, 5000 characters', null, 'y'.repeat(5000), false],
      ['known, malformed hash', 'not-a-hash', PASSWORD, false],
    ];
    for (const [label, hash, plain, expected] of attempts) {
      const before = argon2Verifications();
      assert.equal(await verifyPassword(hash, plain as string), expected, label);
      assert.equal(argon2Verifications() - before, 1, label);
    }
  });
});
