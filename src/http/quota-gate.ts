import type { FastifyReply } from 'fastify';
import type { ChargeOnce } from '../accounts/usage-repository.js';

/** One media operation taken from a workspace's monthly quota; refunded when the work then fails. */
export interface Charge {
  refund(): Promise<void>;
}

/**
 * Spends media operations (SPEC §4). `charge` takes one atomically or throws 429 quota_exceeded
 * with nothing spent, and sets X-Quota-Limit / X-Quota-Remaining on the reply.
 */
export interface QuotaGate {
  /**
   * `once` names the rendition a render miss is for: it is charged at most once in total, however many
   * instances render it (the others find it charged and spend nothing).
   */
  charge(workspaceId: string, reply: FastifyReply, once?: ChargeOnce): Promise<Charge>;
  /**
   * Whether a rendition was charged before by any instance, i.e. rendered somewhere; absent when nothing is
   * recorded (no accounts), so that nobody can tell.
   */
  wasCharged?(renditionKey: string): Promise<boolean>;
  /**
   * True when this instance's last charge for the workspace was refused (429): a render miss then charges
   * before it decodes, so an exhausted workspace's requests cost no decode. A guess only (another instance may
   * have spent the rest, a plan upgrade may have lifted it); the charge itself always decides.
   */
  knownExhausted?(workspaceId: string): boolean;
}

const nothingToRefund: Charge = { refund: async () => {} };

/** No accounts, no plans: nothing is counted. */
export const unlimitedQuota: QuotaGate = {
  charge: async () => nothingToRefund,
};
