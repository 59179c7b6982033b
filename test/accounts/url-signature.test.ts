import assert from 'node:assert/strict';
import crypto, { createHmac } from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { describe, it, mock } from 'node:test';
import { canonicalSignedQuery, signedExpiresAt, signPath, verifySignedRequest, type SignatureResult } from '../../src/accounts/url-signature.js';
import { signUrl } from '../../src/client/sign-url.js';
import { isAppError } from '../../src/errors/app-error.js';

const SECRET = 'workspace-signing-secret';
const NOW = 1_750_000_000;

/** Verifies a URL the way the HTTP layer will: raw path plus the raw query string. */
function verifyUrl(url: string, secrets: readonly string[] = [SECRET], nowSeconds = NOW): SignatureResult {
  const parsed = new URL(url, 'http://convertly.test');
  return verifySignedRequest({ path: parsed.pathname, query: parsed.search, secrets, nowSeconds });
}

describe('canonicalSignedQuery', () => {
  const table: Array<[string, string, string]> = [
    ['sorts keys', 'w=100&h=50&f=webp', 'f=webp&h=50&w=100'],
    ['drops s wherever it is', 's=abc&w=1&s=def', 'w=1'],
    ['keeps repeated keys in their order', 'b=2&a=z&a=y', 'a=z&a=y&b=2'],
    ['encodes with RFC 3986', "fp=0.3,0.7&t=a b+c!'()*~", 't=a%20b%20c%21%27%28%29%2A~&fp=0.3%2C0.7'.split('&').sort().join('&')],
    ['treats + and %20 alike', 'q=a+b', 'q=a%20b'],
    ['normalises escapes', 'fp=0.3%2c0.7', 'fp=0.3%2C0.7'],
    ['encodes UTF-8', 'text=ü', 'text=%C3%BC'],
    ['keeps empty values', 'debug=&w=1', 'debug=&w=1'],
    ['is empty for no query', '', ''],
    ['ignores the leading ?', '?w=1', 'w=1'],
  ];
  for (const [name, input, expected] of table) {
    it(name, () => assert.equal(canonicalSignedQuery(input), expected));
  }

  it('gives the same answer for a string, URLSearchParams and a parsed object', () => {
    const text = 'w=100&gravity=face&tag=a&tag=b&s=ignored';
    const expected = canonicalSignedQuery(text);
    assert.equal(canonicalSignedQuery(new URLSearchParams(text)), expected);
    assert.equal(canonicalSignedQuery({ w: '100', gravity: 'face', tag: ['a', 'b'], s: 'ignored', none: undefined }), expected);
  });

  it('never throws on lone surrogates or non-string values', () => {
    assert.equal(canonicalSignedQuery({ t: '\uD800x' }), 't=%EF%BF%BDx');
    assert.equal(canonicalSignedQuery({ n: 5 as unknown as string }), 'n=5');
  });
});

describe('signPath', () => {
  it('is HMAC-SHA256 over path?canonicalQuery, or the bare path without parameters', () => {
    const hmac = (text: string) => createHmac('sha256', SECRET).update(text).digest('hex');
    assert.equal(signPath('/cdn/f1', 'w=1&f=png', SECRET), hmac('/cdn/f1?f=png&w=1'));
    assert.equal(signPath('/cdn/f1', '', SECRET), hmac('/cdn/f1'));
    assert.equal(signPath('/cdn/f1', 's=whatever', SECRET), hmac('/cdn/f1'));
  });

  it('refuses an empty secret with invalid_parameter', () => {
    assert.throws(
      () => signPath('/cdn/f1', '', ''),
      (error: unknown) => isAppError(error) && error.code === 'invalid_parameter',
    );
  });
});

describe('signUrl → verifySignedRequest', () => {
  const url = 'https://img.example.com/cdn/f_123?w=1200&h=800&fp=0.3,0.7&gravity=focal';

  it('verifies what it signs, absolute or relative, keeping the caller encoding', () => {
    const signed = signUrl(url, SECRET);
    assert.match(signed, /^https:\/\/img\.example\.com\/cdn\/f_123\?w=1200&h=800&fp=0\.3,0\.7&gravity=focal&s=[0-9a-f]{64}$/);
    assert.equal(verifyUrl(signed), 'valid');
    assert.equal(verifyUrl(signUrl('/cdn/f_123?w=10', SECRET)), 'valid');
    assert.equal(verifyUrl(signUrl(new URL(url), SECRET)), 'valid');
    assert.equal(verifyUrl(signUrl('https://img.example.com/cdn/f_123', SECRET)), 'valid');
  });

  it('verifies against a parsed query object, as fastify hands it over', () => {
    const signed = new URL(signUrl(`${url}&tag=a&tag=b`, SECRET));
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(signed.searchParams.keys())) {
      const values = signed.searchParams.getAll(key);
      query[key] = values.length > 1 ? values : (values[0] ?? '');
    }
    assert.equal(verifySignedRequest({ path: signed.pathname, query, secrets: [SECRET], nowSeconds: NOW }), 'valid');
  });

  it('replaces an existing s instead of signing it', () => {
    const once = signUrl(url, SECRET);
    assert.equal(signUrl(once, SECRET), once);
    assert.equal(verifyUrl(signUrl(signUrl(url, 'other-secret'), SECRET)), 'valid');
  });

  it('ignores the fragment', () => {
    const signed = signUrl(`${url}#top`, SECRET);
    assert.ok(signed.endsWith('#top'));
    assert.equal(verifyUrl(signed), 'valid');
  });

  it('sets expires from a Date or unix seconds, replacing a previous one', () => {
    const fromDate = signUrl(url, SECRET, { expiresAt: new Date((NOW + 60) * 1000 + 999) });
    assert.equal(new URL(fromDate).searchParams.get('expires'), String(NOW + 60));
    const fromSeconds = signUrl(`${url}&expires=1`, SECRET, { expiresAt: NOW + 60 });
    assert.deepEqual(new URL(fromSeconds).searchParams.getAll('expires'), [String(NOW + 60)]);
    assert.equal(verifyUrl(fromSeconds), 'valid');
  });

  it('reports expired at and after the expiry, valid just before', () => {
    const signed = signUrl(url, SECRET, { expiresAt: NOW + 10 });
    assert.equal(verifyUrl(signed, [SECRET], NOW + 9.999), 'valid');
    assert.equal(verifyUrl(signed, [SECRET], NOW + 10), 'expired');
    assert.equal(verifyUrl(signed, [SECRET], NOW + 11), 'expired');
  });

  it('refuses bad options', () => {
    assert.throws(() => signUrl(url, ''), TypeError);
    assert.throws(() => signUrl('not a url', SECRET), TypeError);
    assert.throws(() => signUrl(url, SECRET, { expiresAt: Date.now() }), RangeError, 'milliseconds');
    assert.throws(() => signUrl(url, SECRET, { expiresAt: new Date(Number.NaN) }), RangeError);
    assert.throws(() => signUrl(url, SECRET, { expiresAt: -1 }), RangeError);
    assert.throws(() => signUrl(url, SECRET, { expiresAt: 1.5 }), RangeError);
  });
});

describe('verifySignedRequest breaks on any change', () => {
  const signed = signUrl('/cdn/f_123?w=1200&h=800&fp=0.3,0.7', SECRET, { expiresAt: NOW + 3600 });
  const signature = new URL(signed, 'http://x').searchParams.get('s') ?? '';
  const table: Array<[string, string, SignatureResult]> = [
    ['unchanged', signed, 'valid'],
    ['a changed parameter', signed.replace('w=1200', 'w=1201'), 'invalid'],
    ['a changed focal point', signed.replace('fp=0.3', 'fp=0.4'), 'invalid'],
    ['an added parameter', signed.replace('?', '?debug=1&'), 'invalid'],
    ['a removed parameter', signed.replace('h=800&', ''), 'invalid'],
    ['a duplicated parameter', signed.replace('?', '?w=1200&'), 'invalid'],
    ['a changed path', signed.replace('/cdn/f_123', '/cdn/f_124'), 'invalid'],
    ['a path with a trailing slash', signed.replace('/cdn/f_123', '/cdn/f_123/'), 'invalid'],
    ['an extended expiry', signed.replace(`expires=${NOW + 3600}`, `expires=${NOW + 7200}`), 'invalid'],
    ['a removed expiry', signed.replace(`expires=${NOW + 3600}&`, ''), 'invalid'],
    ['a tampered signature', signed.replace(/&s=([0-9a-f])/, (_, c: string) => `&s=${c === '0' ? '1' : '0'}`), 'invalid'],
    ['a truncated signature', signed.slice(0, -2), 'invalid'],
    ['a non-hex signature', signed.replace(signature, 'z'.repeat(64)), 'invalid'],
    ['an empty signature', signed.replace(signature, ''), 'invalid'],
    ['two signatures', `${signed}&s=${signature}`, 'invalid'],
    ['no signature', signed.replace(`&s=${signature}`, ''), 'missing'],
    ['reordered parameters (canonical, so still valid)', signed.replace('w=1200&h=800', 'h=800&w=1200'), 'valid'],
    ['an upper-case signature', signed.replace(signature, signature.toUpperCase()), 'valid'],
  ];
  for (const [name, url, expected] of table) {
    it(name, () => assert.equal(verifyUrl(url), expected));
  }

  it('rejects a signed but malformed or repeated expires instead of ignoring it', () => {
    assert.equal(verifyUrl(signUrl('/cdn/f?expires=soon', SECRET)), 'invalid');
    assert.equal(verifyUrl(signUrl('/cdn/f?expires=1&expires=2', SECRET)), 'invalid');
    assert.equal(verifyUrl(signUrl(`/cdn/f?expires=${'9'.repeat(13)}`, SECRET)), 'invalid');
  });

  it('only reports expired for a genuine signature', () => {
    const expired = signUrl('/cdn/f', SECRET, { expiresAt: NOW - 1 });
    assert.equal(verifyUrl(expired), 'expired');
    assert.equal(verifyUrl(expired, ['wrong-secret']), 'invalid');
  });
});

describe('verifySignedRequest with rotating secrets', () => {
  const oldUrl = signUrl('/cdn/f?w=1', 'old-secret');
  const newUrl = signUrl('/cdn/f?w=1', 'new-secret');
  const table: Array<[string, string, readonly string[], SignatureResult]> = [
    ['old URL, both secrets', oldUrl, ['new-secret', 'old-secret'], 'valid'],
    ['new URL, both secrets', newUrl, ['new-secret', 'old-secret'], 'valid'],
    ['old URL after the old secret is retired', oldUrl, ['new-secret'], 'invalid'],
    ['no secrets at all', newUrl, [], 'invalid'],
    ['only an empty secret', newUrl, [''], 'invalid'],
    ['an empty secret next to the right one', newUrl, ['', 'new-secret'], 'valid'],
    ['unsigned URL, no secrets', '/cdn/f?w=1', [], 'missing'],
  ];
  for (const [name, url, secrets, expected] of table) {
    it(name, () => assert.equal(verifyUrl(url, secrets), expected));
  }
});

describe('verifySignedRequest timing', () => {
  const hmacsFor = (secrets: readonly string[]): number => {
    const url = signUrl('/cdn/f_1?w=100', SECRET).replace('w=100', 'w=101');
    const spy = mock.method(crypto, 'createHmac');
    syncBuiltinESMExports();
    try {
      assert.equal(verifyUrl(url, secrets), 'invalid');
      return spy.mock.callCount();
    } finally {
      spy.mock.restore();
      syncBuiltinESMExports();
    }
  };

  it('spends one HMAC even with no secret to try (no file, or a workspace without secrets)', () => {
    assert.equal(hmacsFor([SECRET]), 1);
    assert.equal(hmacsFor([]), 1);
    assert.equal(hmacsFor(['']), 1);
    assert.equal(hmacsFor([SECRET, 'another-secret']), 2);
  });

  it('never accepts the dummy secret', () => {
    const url = signUrl('/cdn/f_1?w=100', 'cvss_timing-equaliser-never-accepted');
    assert.equal(verifyUrl(url, []), 'invalid');
  });
});

describe('signedExpiresAt', () => {
  const table: Array<[string, number | null | undefined]> = [
    ['w=1&s=ab', undefined],
    ['w=1&expires=1750000060&s=ab', 1_750_000_060],
    ['expires=1&expires=2', null],
    ['expires=soon', null],
    ['expires=1234567890123', null],
  ];
  for (const [query, expected] of table) {
    it(`${query} → ${String(expected)}`, () => {
      assert.equal(signedExpiresAt(query), expected);
    });
  }
});
