import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOriginAllowed, isSameOriginRequest, parseAllowedOrigin, type OriginHeaders } from '../../src/accounts/origins.js';

describe('parseAllowedOrigin', () => {
  const table: Array<[string, string | null]> = [
    ['https://shop.example.com', 'https://shop.example.com'],
    ['https://shop.example.com/', 'https://shop.example.com'],
    ['  HTTPS://Shop.Example.COM  ', 'https://shop.example.com'],
    ['https://shop.example.com:443', 'https://shop.example.com'],
    ['http://shop.example.com:80', 'http://shop.example.com'],
    ['https://shop.example.com:8443', 'https://shop.example.com:8443'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['https://*.example.com', 'https://*.example.com'],
    ['https://*.Example.com:443', 'https://*.example.com'],
    ['https://*.example.com:8443', 'https://*.example.com:8443'],
    ['https://*.com', null],
    ['https://*.localhost', null],
    ['https://*.10.0.0.1', null],
    ['https://*', null],
    ['*', null],
    ['https://a.*.example.com', null],
    ['https://*example.com', null],
    ['example.com', null],
    ['ftp://example.com', null],
    ['https://example.com/path', null],
    ['https://example.com?x=1', null],
    ['https://user@example.com', null],
    ['https://example.com:99999', null],
    ['', null],
  ];
  for (const [entry, expected] of table) {
    it(`${JSON.stringify(entry)} → ${String(expected)}`, () => assert.equal(parseAllowedOrigin(entry), expected));
  }
});

describe('isOriginAllowed', () => {
  const list = ['https://shop.example.com', 'https://*.cdn-customer.com', 'http://localhost:3000'];
  const table: Array<[string, OriginHeaders, boolean]> = [
    ['exact origin', { origin: 'https://shop.example.com' }, true],
    ['exact origin, upper-case host', { origin: 'https://SHOP.EXAMPLE.COM' }, true],
    ['exact origin, explicit default port', { origin: 'https://shop.example.com:443' }, true],
    ['other port', { origin: 'https://shop.example.com:8443' }, false],
    ['other scheme', { origin: 'http://shop.example.com' }, false],
    ['sibling subdomain', { origin: 'https://admin.example.com' }, false],
    ['parent domain', { origin: 'https://example.com' }, false],
    ['suffix attack', { origin: 'https://shop.example.com.evil.com' }, false],
    ['wildcard: one label', { origin: 'https://a.cdn-customer.com' }, true],
    ['wildcard: two labels', { origin: 'https://a.b.cdn-customer.com' }, true],
    ['wildcard: upper case', { origin: 'https://A.CDN-Customer.com' }, true],
    ['wildcard: apex is not a subdomain', { origin: 'https://cdn-customer.com' }, false],
    ['wildcard: hyphen lookalike', { origin: 'https://evil-cdn-customer.com' }, false],
    ['wildcard: glued lookalike', { origin: 'https://evilcdn-customer.com' }, false],
    ['wildcard: suffix attack', { origin: 'https://a.cdn-customer.com.evil.com' }, false],
    ['wildcard: other scheme', { origin: 'http://a.cdn-customer.com' }, false],
    ['wildcard: other port', { origin: 'https://a.cdn-customer.com:8443' }, false],
    ['localhost with port', { origin: 'http://localhost:3000' }, true],
    ['localhost, other port', { origin: 'http://localhost:3001' }, false],
    ['referer when there is no Origin (an <img> load)', { referer: 'https://shop.example.com/products/1?x=y' }, true],
    ['referer of a wildcard subdomain', { referer: 'https://www.cdn-customer.com/' }, true],
    ['referer from elsewhere', { referer: 'https://evil.com/https://shop.example.com' }, false],
    ['Origin wins over Referer', { origin: 'https://evil.com', referer: 'https://shop.example.com/' }, false],
    ['Origin: null falls back to Referer', { origin: 'null', referer: 'https://shop.example.com/' }, true],
    ['Origin: null alone', { origin: 'null' }, false],
    ['no headers at all', {}, false],
    ['empty headers', { origin: '', referer: '' }, false],
    ['garbage Origin', { origin: 'not a url', referer: 'https://shop.example.com/' }, false],
    ['non-http referer', { referer: 'file:///etc/passwd' }, false],
    ['userinfo trick', { origin: 'https://shop.example.com@evil.com' }, false],
  ];
  for (const [name, headers, expected] of table) {
    it(name, () => assert.equal(isOriginAllowed(list, headers), expected));
  }

  it('allows anything, even no header, when the list is empty', () => {
    assert.equal(isOriginAllowed([], {}), true);
    assert.equal(isOriginAllowed([], { origin: 'https://anywhere.test' }), true);
  });

  it('fails closed on malformed stored entries instead of widening the list', () => {
    assert.equal(isOriginAllowed(['*'], { origin: 'https://a.com' }), false);
    assert.equal(isOriginAllowed(['https://*.com'], { origin: 'https://a.com' }), false);
    assert.equal(isOriginAllowed(['garbage', 'https://a.com'], { origin: 'https://a.com' }), true);
  });
});

describe('isSameOriginRequest', () => {
  const table: Array<[string, Parameters<typeof isSameOriginRequest>[0], boolean]> = [
    ['matching Origin over https', { origin: 'https://app.test', host: 'app.test', forwardedProto: 'https' }, true],
    ['matching Origin over http (default scheme)', { origin: 'http://localhost:8080', host: 'localhost:8080' }, true],
    ['case and default port differences', { origin: 'https://APP.test:443', host: 'app.TEST', forwardedProto: 'HTTPS' }, true],
    ['proxy list: first scheme counts', { origin: 'https://app.test', host: 'app.test', forwardedProto: 'https, http' }, true],
    ['scheme mismatch', { origin: 'http://app.test', host: 'app.test', forwardedProto: 'https' }, false],
    ['TLS proxy not reported', { origin: 'https://app.test', host: 'app.test' }, false],
    ['port mismatch', { origin: 'http://localhost:3000', host: 'localhost:8080' }, false],
    ['cross-site Origin', { origin: 'https://evil.test', host: 'app.test', forwardedProto: 'https' }, false],
    ['subdomain Origin', { origin: 'https://x.app.test', host: 'app.test', forwardedProto: 'https' }, false],
    ['suffix attack', { origin: 'https://app.test.evil.test', host: 'app.test', forwardedProto: 'https' }, false],
    ['Referer fallback', { referer: 'https://app.test/settings', host: 'app.test', forwardedProto: 'https' }, true],
    ['cross-site Referer', { referer: 'https://evil.test/app.test', host: 'app.test', forwardedProto: 'https' }, false],
    ['Origin decides over Referer', { origin: 'https://evil.test', referer: 'https://app.test/', host: 'app.test', forwardedProto: 'https' }, false],
    ['Origin: null is refused', { origin: 'null', referer: 'https://app.test/', host: 'app.test', forwardedProto: 'https' }, false],
    ['neither header', { host: 'app.test', forwardedProto: 'https' }, false],
    ['no host', { origin: 'https://app.test', forwardedProto: 'https' }, false],
    ['host with a path', { origin: 'https://app.test', host: 'app.test/x', forwardedProto: 'https' }, false],
    ['host with userinfo', { origin: 'https://evil.test', host: 'x@evil.test', forwardedProto: 'https' }, false],
    ['unknown scheme', { origin: 'ftp://app.test', host: 'app.test', forwardedProto: 'ftp' }, false],
    ['IPv6 host', { origin: 'http://[::1]:8080', host: '[::1]:8080' }, true],
  ];
  for (const [name, input, expected] of table) {
    it(name, () => assert.equal(isSameOriginRequest(input), expected));
  }
});
