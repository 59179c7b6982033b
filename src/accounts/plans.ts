/**
 * The plans a workspace can be on. Their monthly quotas are configuration (`config.quotas`,
 * from QUOTA_FREE, QUOTA_STARTER and QUOTA_PRO) and are defined there only.
 */
export const PLANS = ['free', 'starter', 'pro'] as const;
export type Plan = (typeof PLANS)[number];

/** A billing period: `start` inclusive, `end` exclusive (the next month's start), both UTC. */
export interface QuotaPeriod {
  readonly start: Date;
  readonly end: Date;
  /** `YYYY-MM`: the usage counter's key for this period. */
  readonly key: string;
}

/** The two quota headers of SPEC §4. */
export interface QuotaHeaders {
  readonly 'X-Quota-Limit': string;
  readonly 'X-Quota-Remaining': string;
}

/** Type guard for plan names read from the database or a config file. */
export function isPlan(value: unknown): value is Plan {
  return typeof value === 'string' && (PLANS as readonly string[]).includes(value);
}

/** The calendar month (UTC) that `now` falls in; quotas reset at 00:00 UTC on the 1st. */
export function currentPeriod(now: Date): QuotaPeriod {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  return {
    start: new Date(Date.UTC(year, month, 1)),
    end: new Date(Date.UTC(year, month + 1, 1)), // Date.UTC rolls month 12 into next January
    key: `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}`,
  };
}

/** `X-Quota-Limit` and `X-Quota-Remaining`; remaining never goes below zero (usage can race past the limit by a refusal). */
export function quotaHeaders(limit: number, used: number): QuotaHeaders {
  const safeLimit = Math.max(0, Math.floor(limit));
  const remaining = Math.max(0, safeLimit - Math.max(0, Math.floor(used)));
  return { 'X-Quota-Limit': String(safeLimit), 'X-Quota-Remaining': String(remaining) };
}
