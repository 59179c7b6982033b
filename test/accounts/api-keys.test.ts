import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  createApiKey,
  createDeliveryKey,
  hashApiKey,
  hashDeliveryKey,
  parseApiKey,
  parseDeliveryKey,
  parseKey,
  safeEqualHex,
} from '../../src/accounts/api-keys.js';
import { base62Length, encodeBase62 } from '../../src/accounts/base62.js';
import { isAppError } from '../../src/errors/app-error.js';

const BODY = 'A'.repeat(43);

describe('createApiKey / createDeliveryKey', () => {
  it('makes cvly_ and cvdk_ tokens of 43 base62 digits with a display id and a SHA-256 hash', () => {
    for (const [create, prefix] of [[createApiKey, 'cvly_'], [createDeliveryKey, 'cvdk_']] as const) {
      const key = create();
      assert.match(key.token, new RegExp(`^${prefix}[0-9A-Za-z]{43}$`));
      assert.equal(key.id, key.token.slice(0, 13));
      assert.equal(key.hash, createHash('sha256').update(key.token).digest('hex'));
      assert.equal(parseKey(key.token)?.id, key.id);
    }
  });

  it('never repeats a token', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => createApiKey().token));
    assert.equal(tokens.size, 1000);
  });

  it('keeps the kinds apart', () => {
    const api = createApiKey();
    const delivery = createDeliveryKey();
    assert.equal(api.kind, 'api');
    assert.equal(delivery.kind, 'delivery');
    assert.equal(parseApiKey(delivery.token), null);
    assert.equal(parseDeliveryKey(api.token), null);
    assert.equal(parseApiKey(api.token)?.kind, 'api');
    assert.equal(parseDeliveryKey(delivery.token)?.kind, 'delivery');
  });
});

describe('parseKey rejects what is not ours', () => {
  const table: Array<[string, unknown]> = [
    ['empty', ''],
    ['prefix only', 'cvly_'],
    ['one digit short', `cvly_${BODY.slice(1)}`],
    ['one digit long', `cvly_${BODY}A`],
    ['base64url characters', `cvly_${BODY.slice(2)}-_`],
    ['upper-case prefix', `CVLY_${BODY}`],
    ['unknown prefix', `cvxx_${BODY}`],
    ['stripe-looking key', `sk_live_${BODY}`],
    ['Bearer prefix left on', `Bearer cvly_${BODY}`],
    ['surrounding whitespace', ` cvly_${BODY} `],
    ['trailing newline', `cvly_${BODY}\n`],
    ['non-string', 42],
    ['null', null],
  ];
  for (const [name, token] of table) {
    it(name, () => assert.equal(parseKey(token as string), null));
  }
});

describe('hashApiKey', () => {
  it('is stable, hex, and the same for both kinds', () => {
    assert.equal(hashApiKey('cvly_x'), hashApiKey('cvly_x'));
    assert.match(hashApiKey('cvly_x'), /^[0-9a-f]{64}$/);
    assert.equal(hashDeliveryKey, hashApiKey);
  });
});

describe('safeEqualHex', () => {
  const hash = hashApiKey('a');
  const table: Array<[string, string, string, boolean]> = [
    ['equal', hash, hash, true],
    ['case-insensitive', hash, hash.toUpperCase(), true],
    ['one digit differs', hash, `${hash.slice(0, -1)}${hash.endsWith('0') ? '1' : '0'}`, false],
    ['different lengths', hash, hash.slice(0, -2), false],
    ['non-hex of the same length', hash, 'g'.repeat(64), false],
    ['odd length', 'abc', 'abc', false],
    ['both empty', '', '', true],
  ];
  for (const [name, a, b, expected] of table) {
    it(name, () => assert.equal(safeEqualHex(a, b), expected));
  }
  it('is false for non-strings', () => assert.equal(safeEqualHex(undefined as unknown as string, hash), false));
});

describe('encodeBase62', () => {
  it('is fixed-width and round-trips the value', () => {
    assert.equal(base62Length(32), 43);
    assert.equal(encodeBase62(new Uint8Array(32), 43), '0'.repeat(43));
    const max = encodeBase62(new Uint8Array(32).fill(255), 43);
    assert.equal(max.length, 43);
    const decoded = [...max].reduce((n, c) => n * 62n + BigInt('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'.indexOf(c)), 0n);
    assert.equal(decoded, 2n ** 256n - 1n);
    assert.equal(encodeBase62(Uint8Array.of(61), 2), '0z');
    // Too few digits for the value is a bug in the caller, not bad input: internal_error.
    assert.throws(() => encodeBase62(Uint8Array.of(62), 1), (error: unknown) => isAppError(error) && error.code === 'internal_error');
  });
});
