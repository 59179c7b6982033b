import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as plansModule from '../../src/accounts/plans.js';
import { currentPeriod, isPlan, PLANS, quotaHeaders } from '../../src/accounts/plans.js';
import { loadConfig } from '../../src/config/config.js';
import { isAppError } from '../../src/errors/app-error.js';

describe('plans and quotas', () => {
  it('lists the plans; their quotas come from the config alone', () => {
    assert.deepEqual([...PLANS], ['free', 'starter', 'pro']);
    // One source of truth: plans.ts defines no numbers of its own that could drift from config.
    assert.deepEqual(Object.keys(plansModule).sort(), ['PLANS', 'currentPeriod', 'isPlan', 'quotaHeaders']);
    assert.deepEqual({ ...loadConfig({}).quotas }, { free: 1_000, starter: 50_000, pro: 500_000 });
    assert.deepEqual(Object.keys(loadConfig({}).quotas).sort(), [...PLANS].sort());
  });

  it('recognises plan names', () => {
    assert.equal(isPlan('pro'), true);
    assert.equal(isPlan('enterprise'), false);
    assert.equal(isPlan('PRO'), false);
    assert.equal(isPlan(undefined), false);
  });

  it('QUOTA_FREE, QUOTA_STARTER and QUOTA_PRO override the defaults one by one', () => {
    assert.deepEqual({ ...loadConfig({ QUOTA_FREE: '100', QUOTA_PRO: '0' }).quotas }, { free: 100, starter: 50_000, pro: 0 });
  });

  for (const bad of ['-1', '1.5', 'lots', 'Infinity']) {
    it(`rejects QUOTA_STARTER=${bad} naming the variable`, () => {
      assert.throws(
        () => loadConfig({ QUOTA_STARTER: bad }),
        (error: unknown) => isAppError(error) && error.code === 'invalid_parameter' && error.message.includes('QUOTA_STARTER'),
      );
    });
  }
});

describe('currentPeriod', () => {
  const table: Array<[string, string, string, string]> = [
    ['mid-month', '2025-03-15T12:00:00Z', '2025-03-01T00:00:00.000Z', '2025-04-01T00:00:00.000Z'],
    ['first instant', '2025-03-01T00:00:00Z', '2025-03-01T00:00:00.000Z', '2025-04-01T00:00:00.000Z'],
    ['last instant', '2025-03-31T23:59:59.999Z', '2025-03-01T00:00:00.000Z', '2025-04-01T00:00:00.000Z'],
    ['December rolls into January', '2025-12-31T23:00:00Z', '2025-12-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'],
    ['leap February', '2024-02-29T10:00:00Z', '2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
    ['UTC, not local: already March in UTC', '2025-02-28T23:30:00-02:00', '2025-03-01T00:00:00.000Z', '2025-04-01T00:00:00.000Z'],
  ];
  for (const [name, now, start, end] of table) {
    it(name, () => {
      const period = currentPeriod(new Date(now));
      assert.equal(period.start.toISOString(), start);
      assert.equal(period.end.toISOString(), end);
      assert.equal(period.key, start.slice(0, 7));
    });
  }
});

describe('quotaHeaders', () => {
  const table: Array<[number, number, string, string]> = [
    [1000, 0, '1000', '1000'],
    [1000, 999, '1000', '1'],
    [1000, 1000, '1000', '0'],
    [1000, 1500, '1000', '0'],
    [0, 0, '0', '0'],
    [1000, -5, '1000', '1000'],
  ];
  for (const [limit, used, headerLimit, remaining] of table) {
    it(`limit ${limit}, used ${used} → remaining ${remaining}`, () => {
      assert.deepEqual(quotaHeaders(limit, used), { 'X-Quota-Limit': headerLimit, 'X-Quota-Remaining': remaining });
    });
  }
});
