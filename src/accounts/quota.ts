import { AppError } from '../errors/app-error.js';
import type { Accounts } from './accounts.js';
import type { ChargeOnce, DailyUsage } from './usage-repository.js';
import { currentPeriod, type Plan, type QuotaPeriod } from './plans.js';

/** A workspace's standing for the current period (the body of `GET /api/usage`). */
export interface QuotaStatus {
  readonly plan: Plan;
  readonly period: QuotaPeriod;
  readonly used: number;
  readonly limit: number;
  readonly remaining: number;
}

/** One attempted spend: taken or refused, with the numbers the quota headers report. */
export interface QuotaSpend {
  readonly spent: boolean;
  /** Charged before, by this or another instance: nothing was taken now (see `spendOnce`). */
  readonly alreadyCharged?: boolean;
  readonly used: number;
  readonly limit: number;
  readonly period: QuotaPeriod;
}

/** Plans, limits and the usage counter together. */
export interface Quota {
  status(workspaceId: string): Promise<QuotaStatus>;
  /** Takes one media operation if the plan allows it; never spends past the limit. */
  spend(workspaceId: string): Promise<QuotaSpend>;
  /** Gives back an operation taken in `periodKey` (the work it paid for failed). */
  refund(workspaceId: string, periodKey: string): Promise<void>;
  /** As `spend`, at most once per rendition across all instances (UsageRepository.spendOnce). */
  spendOnce(workspaceId: string, once: ChargeOnce): Promise<QuotaSpend>;
  refundOnce(workspaceId: string, periodKey: string, once: ChargeOnce): Promise<void>;
  /** Whether the rendition was charged before, by any instance (UsageRepository.wasCharged). */
  wasCharged(renditionKey: string): Promise<boolean>;
  /** The last `days` UTC days (today included, oldest first), each with its operations by kind; empty days are zeros. */
  history(workspaceId: string, days: number): Promise<readonly DailyUsage[]>;
}

/** Builds the quota over the accounts layer; `limits` are the monthly operations per plan (config.quotas). */
export function createQuota(accounts: Accounts, limits: Readonly<Record<Plan, number>>): Quota {
  const planOf = async (workspaceId: string): Promise<Plan> => {
    const workspace = await accounts.workspaces.getWorkspace(workspaceId);
    // Only reachable through a deleted workspace mid-request; charging nothing would be the bug.
    if (workspace === null) throw new AppError('not_found', `No workspace ${workspaceId}`);
    return workspace.plan;
  };
  return {
    async status(workspaceId) {
      const plan = await planOf(workspaceId);
      const period = currentPeriod(accounts.now());
      const used = await accounts.usage.used(workspaceId, period.key);
      const limit = limits[plan];
      return { plan, period, used, limit, remaining: Math.max(0, limit - used) };
    },
    async spend(workspaceId) {
      const limit = limits[await planOf(workspaceId)];
      const period = currentPeriod(accounts.now());
      const result = await accounts.usage.spend(workspaceId, period.key, limit);
      return { ...result, limit, period };
    },
    refund: (workspaceId, periodKey) => accounts.usage.refund(workspaceId, periodKey),
    async spendOnce(workspaceId, once) {
      const limit = limits[await planOf(workspaceId)];
      const period = currentPeriod(accounts.now());
      const result = await accounts.usage.spendOnce(workspaceId, period.key, limit, once);
      return { ...result, limit, period };
    },
    refundOnce: (workspaceId, periodKey, once) => accounts.usage.refundOnce(workspaceId, periodKey, once),
    wasCharged: (renditionKey) => accounts.usage.wasCharged(renditionKey),
    async history(workspaceId, days) {
      const today = accounts.now();
      const dayOf = (offset: number) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - offset)).toISOString().slice(0, 10);
      const stored = new Map((await accounts.usage.daily(workspaceId, dayOf(days - 1))).map((row) => [row.day, row]));
      return Array.from({ length: days }, (_, index) => stored.get(dayOf(days - 1 - index)) ?? { day: dayOf(days - 1 - index), analyze: 0, render: 0 });
    },
  };
}
