import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/config/config.js';

describe('TRUST_PROXY', () => {
  it('trusts no proxy unless told, any with true, else the listed addresses', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true);
    assert.equal(loadConfig({ TRUST_PROXY: '10.0.0.0/8,127.0.0.1' }).trustProxy, '10.0.0.0/8,127.0.0.1');
  });

  it('a PUBLIC_URL alone no longer makes every X-Forwarded-For trusted', () => {
    assert.equal(loadConfig({ PUBLIC_URL: 'https://img.example.com' }).trustProxy, false);
  });
});
