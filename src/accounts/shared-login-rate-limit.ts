import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { invalidOption } from '../errors/app-error.js';
import { isPositiveInteger } from '../shared/is.js';
import { inTransaction, withDbErrors, type Database, type DialectName } from '../storage/index.js';
import { DEFAULT_LOGIN_RATE_LIMIT, type Admission, type LoginRateLimitOptions, type RateLimitDecision } from './login-rate-limit.js';

/** An attempt whose password is being checked; it counts as a failure until settled (see login-rate-limit.ts). */
export interface SharedPendingAttempt {
  fail(): Promise<void>;
  release(): Promise<void>;
}

/** The login limiter every instance shares: the same sliding window as the in-memory one, kept in `login_attempts`. */
export interface SharedLoginRateLimiter {
  /** The decision alone, recording nothing. */
  check(key: string, nowMs?: number): Promise<RateLimitDecision>;
  /**
   * Decides and records in one statement (see createSharedLoginRateLimiter): what login uses. There is no
   * separate `begin`: a check followed by an insert would let racing instances pass the limit.
   */
  admit(key: string, nowMs?: number): Promise<Admission<SharedPendingAttempt>>;
  reset(key: string): Promise<void>;
}

/** Every so many attempts, rows that left every window are swept (one indexed delete). */
const SWEEP_EVERY = 100;

/**
 * A login limiter over the database, so N instances do not allow N times the guesses (issue 13).
 * `limiter` names the counter (`account`, `address`); keys are opaque. An attempt in flight is a row from
 * `admit` on, exactly as a failure stamped when it began: a wrong password leaves it, a right one (or no
 * answer) removes it.
 *
 * `admit` counts and inserts in one `INSERT … SELECT … WHERE count < limit`, so guesses racing on several
 * instances cannot pass more than the limit between them. SQLite runs a writing statement under its write
 * lock from the start. PostgreSQL does not: a statement reads from the snapshot it started with, so two
 * concurrent inserts would both count the rows before either, whatever lock the statement took midway. There
 * the statement runs in a transaction that first takes an advisory lock on the key: the second guess waits,
 * and its statement starts (with a fresh snapshot) after the first one's row is committed.
 */
export function createSharedLoginRateLimiter(
  database: { readonly db: Kysely<Database>; readonly dialect: DialectName },
  limiter: string,
  options: LoginRateLimitOptions = {},
): SharedLoginRateLimiter {
  const { db } = database;
  const maxFailures = positive('maxFailures', options.maxFailures ?? DEFAULT_LOGIN_RATE_LIMIT.maxFailures);
  const windowMs = positive('windowSeconds', options.windowSeconds ?? DEFAULT_LOGIN_RATE_LIMIT.windowSeconds) * 1000;
  const clock = options.clock ?? Date.now;
  let sinceSweep = 0;

  const sweep = async (nowMs: number) => {
    sinceSweep += 1;
    if (sinceSweep < SWEEP_EVERY) return;
    sinceSweep = 0;
    await db.deleteFrom('login_attempts').where('limiter', '=', limiter).where('at_ms', '<=', nowMs - windowMs).execute();
  };

  const decide = async (key: string, nowMs: number): Promise<RateLimitDecision> => {
    const rows = await db
      .selectFrom('login_attempts')
      .select('at_ms')
      .where('limiter', '=', limiter)
      .where('key', '=', key)
      .where('at_ms', '>', nowMs - windowMs)
      .orderBy('at_ms', 'desc')
      .limit(maxFailures)
      .execute();
    if (rows.length < maxFailures) return { allowed: true, retryAfterSeconds: 0 };
    // Allowed again once the oldest of the newest `maxFailures` leaves the window.
    const freedAt = Number(rows[rows.length - 1]?.at_ms ?? nowMs) + windowMs;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freedAt - nowMs) / 1000)) };
  };
  const pendingAttempt = (id: string): SharedPendingAttempt => {
    let settled = false;
    return {
      async fail() {
        settled = true;
      },
      async release() {
        if (settled) return;
        settled = true;
        await withDbErrors('settle the sign-in attempt', () => db.deleteFrom('login_attempts').where('id', '=', id).execute());
      },
    };
  };
  const insertIfBelowLimit = async (tx: Kysely<Database>, key: string, nowMs: number, id: string) => {
    if (database.dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`convertly-login:${limiter}:${key}`}))`.execute(tx);
    const inserted = await sql<{ id: string }>`
      insert into login_attempts (id, limiter, key, at_ms)
      select cast(${id} as text), cast(${limiter} as text), cast(${key} as text), cast(${nowMs} as bigint)
      where (select count(*) from login_attempts where limiter = ${limiter} and key = ${key} and at_ms > ${nowMs - windowMs}) < ${maxFailures}
      returning id`.execute(tx);
    return inserted.rows.length === 1;
  };

  return {
    check: (key, nowMs = clock()) => withDbErrors('check the sign-in limit', () => decide(key, nowMs)),
    admit: (key, nowMs = clock()) =>
      withDbErrors('check the sign-in limit', async () => {
        const id = randomBytes(12).toString('hex');
        const admitted = database.dialect === 'postgres' ? await inTransaction(db, (tx) => insertIfBelowLimit(tx, key, nowMs, id)) : await insertIfBelowLimit(db, key, nowMs, id);
        if (!admitted) return { ...(await decide(key, nowMs)), allowed: false, attempt: null };
        await sweep(nowMs);
        return { allowed: true, retryAfterSeconds: 0, attempt: pendingAttempt(id) };
      }),
    reset: (key) =>
      withDbErrors('reset the sign-in limit', async () => {
        await db.deleteFrom('login_attempts').where('limiter', '=', limiter).where('key', '=', key).execute();
      }),
  };
}

function positive(name: string, value: number): number {
  if (!isPositiveInteger(value)) throw invalidOption(name, 'a positive integer', value);
  return value;
}
