import { quotaHeaders } from '../../accounts/plans.js';
import type { Quota } from '../../accounts/quota.js';
import { AppError } from '../../errors/app-error.js';
import type { Charge, QuotaGate } from '../quota-gate.js';

/**
 * The plan-backed quota gate: one atomic spend per charge, the quota headers on the reply
 * (refused calls included), 429 quota_exceeded with nothing spent when the month is used up.
 */
/** Another instance (or an earlier render here) paid for this rendition: there is nothing to give back. */
const nothingOwed: Charge = { refund: async () => {} };

export function createPlanQuotaGate(quota: Quota): QuotaGate {
  // Workspaces whose last charge here was refused; bounded by the workspaces this instance serves.
  const exhausted = new Set<string>();
  return {
    wasCharged: (renditionKey) => quota.wasCharged(renditionKey),
    knownExhausted: (workspaceId) => exhausted.has(workspaceId),
    async charge(workspaceId, reply, once) {
      const spend = once === undefined ? await quota.spend(workspaceId) : await quota.spendOnce(workspaceId, once);
      void reply.headers({ ...quotaHeaders(spend.limit, spend.used) });
      exhausted.delete(workspaceId);
      if (!spend.spent) {
        exhausted.add(workspaceId);
        const resets = spend.period.end.toISOString().slice(0, 10);
        throw new AppError(
          'quota_exceeded',
          `This workspace has used all ${spend.limit} media operations of its plan for ${spend.period.key}; it resets on ${resets} (UTC), or upgrade the plan`,
          { details: { limit: spend.limit, used: spend.used, period: spend.period.key } },
        );
      }
      if (spend.alreadyCharged) return nothingOwed;
      let refunding: Promise<void> | null = null;
      const giveBack = async () => {
        if (once === undefined) await quota.refund(workspaceId, spend.period.key);
        else await quota.refundOnce(workspaceId, spend.period.key, once);
        // The answer (an error, usually) reports what is left after the refund, not before it.
        if (!reply.sent) void reply.headers({ ...quotaHeaders(spend.limit, spend.used - 1) });
      };
      const charge: Charge = {
        refund() {
          // Idempotent: a failure path that refunds twice must not hand out a free operation; a refund
          // that failed (a full disk) may be tried again (SpaceReserve.withReserve does).
          refunding ??= giveBack().catch((error: unknown) => {
            refunding = null;
            throw error;
          });
          return refunding;
        },
      };
      return charge;
    },
  };
}
