import { AppError } from '../errors/app-error.js';
import type { Accounts } from './accounts.js';
import { createLoginRateLimiter, type Admission } from './login-rate-limit.js';
import { hashPassword, passwordNeedsRehash, prepareTimingEqualiser, verifyPassword } from './passwords.js';
import type { UserCredentials, UserRecord } from './users-repository.js';

/** A successful sign-in: the cookie value (sent once) and who it is for. */
export interface LoginResult {
  readonly token: string;
  readonly expiresAt: string;
  readonly user: UserRecord;
  readonly workspaceId: string;
}

export interface LoginAttempt {
  readonly email: string;
  readonly password: string;
  /** The client address (fastify's `request.ip`), for the per-address limit. */
  readonly address: string;
  /** Sign in to this workspace rather than the user's first one. */
  readonly workspaceId?: string | undefined;
}

/** Email + password → session, rate-limited per account and per address. */
export interface LoginService {
  /**
   * @throws AppError rate_limited (details.retryAfterSeconds) when either limit is reached;
   * unauthorized for a wrong email or password; forbidden when the user has no such workspace.
   */
  login(attempt: LoginAttempt): Promise<LoginResult>;
}

type Awaitable<T> = T | Promise<T>;

/**
 * A sign-in limiter: the in-memory one (login-rate-limit.ts, one process) or the shared one in the database
 * (shared-login-rate-limit.ts, every instance), whose answers are promises.
 */
export interface AttemptLimiter {
  /** Decides and, when allowed, counts the attempt as one step (no other attempt passes in between). */
  admit(key: string, nowMs?: number): Awaitable<Admission<SettledAttempt>>;
  reset(key: string): Awaitable<void>;
}

interface SettledAttempt {
  fail(): Awaitable<void>;
  release(): Awaitable<void>;
}

/** Failures per address per window: higher than per account, since offices share one address. */
export const ADDRESS_MAX_FAILURES = 50;

export function createLoginService(
  accounts: Accounts,
  limiters: { account?: AttemptLimiter; address?: AttemptLimiter } = {},
): LoginService {
  const byAccount = limiters.account ?? createLoginRateLimiter();
  const byAddress = limiters.address ?? createLoginRateLimiter({ maxFailures: ADDRESS_MAX_FAILURES });
  // The dummy hash unknown emails are checked against, made now rather than on the first such attempt.
  void prepareTimingEqualiser().catch(() => undefined);

  return {
    async login(attempt) {
      const email = typeof attempt.email === 'string' ? attempt.email.trim().toLowerCase() : '';
      const accountKey = `account:${email}`;
      const addressKey = `address:${attempt.address}`;
      const nowMs = accounts.now().getTime();
      // Until this attempt is settled it counts as a failure, so concurrent guesses cannot all pass the
      // check while the first ones are still hashing.
      const admissions = await Promise.all([byAccount.admit(accountKey, nowMs), byAddress.admit(addressKey, nowMs)]);
      const pending = admissions.flatMap((admission) => (admission.attempt === null ? [] : [admission.attempt]));
      const blocked = admissions.filter((admission) => !admission.allowed);
      if (blocked.length > 0) {
        // Refused by one limit: the attempt the other one counted never happened.
        await Promise.all(pending.map((attemptSlot) => attemptSlot.release()));
        const retryAfterSeconds = Math.max(...blocked.map((admission) => admission.retryAfterSeconds));
        throw new AppError('rate_limited', `Too many failed sign-ins; try again in ${retryAfterSeconds} seconds`, {
          details: { retryAfterSeconds },
        });
      }
      let user: UserCredentials | null = null;
      let outcome: 'accepted' | 'refused' | 'unknown' = 'unknown';
      try {
        user = email === '' ? null : await accounts.users.findByEmail(email);
        // Exactly one argon2 verification whatever was sent (verifyPassword), so timing reveals no account.
        const matches = await verifyPassword(user?.passwordHash ?? null, attempt.password);
        outcome = matches && user !== null ? 'accepted' : 'refused';
      } finally {
        // A database error is no answer about the password: it does not count against anyone.
        await Promise.all(pending.map((attemptSlot) => (outcome === 'refused' ? attemptSlot.fail() : attemptSlot.release())));
      }
      if (outcome !== 'accepted' || user === null) throw new AppError('unauthorized', 'Wrong email or password');
      await byAccount.reset(accountKey);
      const memberships = await accounts.users.memberships(user.id);
      const membership = attempt.workspaceId === undefined ? memberships[0] : memberships.find((m) => m.workspaceId === attempt.workspaceId);
      if (membership === undefined) {
        throw new AppError('forbidden', attempt.workspaceId === undefined ? 'This account belongs to no workspace; ask an admin to add it' : `This account is not a member of workspace ${attempt.workspaceId}`);
      }
      if (passwordNeedsRehash(user.passwordHash)) {
        await accounts.users.setPasswordHash(user.id, await hashPassword(attempt.password));
      }
      // Sign-ins are rare next to requests: a good moment to sweep sessions that ran out.
      await accounts.sessions.deleteExpired(accounts.now());
      const session = await accounts.startSession(user.id, membership.workspaceId);
      return { ...session, user: { id: user.id, email: user.email, createdAt: user.createdAt }, workspaceId: membership.workspaceId };
    },
  };
}
