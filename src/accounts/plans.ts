import { AppError } from '../errors/app-error.js';

/** The plans a workspace can be on. */
export const PLANS = ['free', 'starter', 'pro'] as const;
export type Plan = (typeof PLANS)[number];

/** Default monthly media operations (analyses + cache-missing renders) per plan. */
export const DEFAULT_MONTHLY_QUOTAS = Object.freeze({
  free: 1_000,
  starter: 50_000,
  pro: 500_000,
} satisfies Record<Plan, number>);

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

/**
 * The monthly quotas with configured overrides applied over the defaults.
 * @throws AppError invalid_parameter when an override is not a non-negative integer.
 */
export function resolveMonthlyQuotas(overrides: Readonly<Partial<Record<Plan, number>>> = {}): Readonly<Record<Plan, number>> {
  const quotas: Record<Plan, number> = { ...DEFAULT_MONTHLY_QUOTAS };
  for (const plan of PLANS) {
    const value = overrides[plan];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new AppError('invalid_parameter', `Expected a non-negative integer for quotas.${plan} but received ${String(value)}`, {
        details: { parameter: `quotas.${plan}` },
      });
    }
    quotas[plan] = value;
  }
  return Object.freeze(quotas);
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
