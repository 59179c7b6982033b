import { AppError, invalidOption } from '../errors/app-error.js';
import { isPositiveInteger } from '../shared/is.js';

/** Tunables of {@link createLoginRateLimiter}. */
export interface LoginRateLimitOptions {
  /** Failures allowed inside the window before the key is blocked. */
  readonly maxFailures?: number;
  readonly windowSeconds?: number;
  /** Most keys remembered; beyond it the least recently failed key is forgotten first. */
  readonly maxKeys?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly clock?: () => number;
}

/** The limiter's answer: whether to try the password at all, and when to come back if not. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  /** 0 when allowed; otherwise whole seconds until the oldest counted failure leaves the window. */
  readonly retryAfterSeconds: number;
}

/**
 * An attempt whose password is being checked. Until it is settled it counts against the limit
 * exactly like a failure stamped when it began, so parallel guesses cannot all pass `check`.
 */
export interface PendingAttempt {
  /** The password was wrong: the attempt stays counted, as a failure at the time it began. */
  fail(): void;
  /** The attempt succeeded, or never got an answer (a database error): it stops counting. */
  release(): void;
}

/** `admit`'s answer: the decision, and the attempt it began when it allowed one (null when refused). */
export interface Admission<Attempt> extends RateLimitDecision {
  readonly attempt: Attempt | null;
}

/** A sliding-window failure counter; keys are opaque (`account:<email>`, `address:<ip>`). */
export interface LoginRateLimiter {
  /** Counts recent failures and attempts still in flight. */
  check(key: string, nowMs?: number): RateLimitDecision;
  /** Counts an attempt from now on, before its outcome is known; settle it exactly once. */
  begin(key: string, nowMs?: number): PendingAttempt;
  /** `check`, then `begin` when allowed, as one step: no other attempt can pass between the two. */
  admit(key: string, nowMs?: number): Admission<PendingAttempt>;
  recordFailure(key: string, nowMs?: number): void;
  /** Forgets the key's failures (attempts still in flight keep counting until settled). */
  reset(key: string): void;
  /** Keys currently remembered, with failures or attempts in flight (for tests and metrics). */
  readonly size: number;
}

/**
 * Defaults: 5 failures per 15 minutes, as OWASP suggests for one account. Use a second instance
 * with a higher `maxFailures` for client addresses, which many users can share behind a NAT.
 */
export const DEFAULT_LOGIN_RATE_LIMIT = Object.freeze({ maxFailures: 5, windowSeconds: 15 * 60, maxKeys: 10_000 });

/**
 * Creates an in-memory login limiter (one per process; the count is per instance, which only
 * makes a distributed attacker a few times faster, never unlimited).
 * @throws AppError invalid_parameter when a tunable is not a positive integer.
 */
export function createLoginRateLimiter(options: LoginRateLimitOptions = {}): LoginRateLimiter {
  const maxFailures = positive('maxFailures', options.maxFailures ?? DEFAULT_LOGIN_RATE_LIMIT.maxFailures);
  const windowMs = positive('windowSeconds', options.windowSeconds ?? DEFAULT_LOGIN_RATE_LIMIT.windowSeconds) * 1000;
  const maxKeys = positive('maxKeys', options.maxKeys ?? DEFAULT_LOGIN_RATE_LIMIT.maxKeys);
  const clock = options.clock ?? Date.now;
  // Map iteration follows insertion order; re-inserting on every failure keeps the least
  // recently failed key first, which is both the one to evict and the likeliest to be expired.
  const failures = new Map<string, number[]>();
  // Start times of attempts still being checked. Never evicted: an entry lives as long as its
  // request, so the number of entries is bounded by the requests in flight.
  const pending = new Map<string, number[]>();

  const recent = (key: string, nowMs: number): number[] => {
    const kept = (failures.get(key) ?? []).filter((at) => at > nowMs - windowMs);
    if (kept.length === 0) failures.delete(key);
    return kept;
  };

  const prune = (nowMs: number): void => {
    for (const [key, times] of failures) {
      const expired = (times[times.length - 1] ?? 0) <= nowMs - windowMs;
      // Entries are ordered by last failure, so the first live one means the rest are live too;
      // past the cap the oldest live key is forgotten anyway, to stay bounded.
      if (!expired && failures.size <= maxKeys) return;
      failures.delete(key);
    }
  };

  const recordFailure = (key: string, atMs: number): void => {
    // Only the newest maxFailures timestamps can matter for the decision: memory per key is bounded too.
    const times = [...recent(key, atMs), atMs].sort((a, b) => a - b).slice(-maxFailures);
    failures.delete(key);
    failures.set(key, times);
    prune(atMs);
  };

  const withdraw = (key: string, startedMs: number): void => {
    const times = pending.get(key) ?? [];
    const index = times.indexOf(startedMs);
    if (index !== -1) times.splice(index, 1);
    if (times.length === 0) pending.delete(key);
  };

  const check = (key: string, nowMs: number): RateLimitDecision => {
    const counted = [...recent(key, nowMs), ...(pending.get(key) ?? [])].sort((a, b) => a - b);
    if (counted.length < maxFailures) return { allowed: true, retryAfterSeconds: 0 };
    // Allowed again once enough of the counted attempts have left the window to go below the limit.
    const freedAt = (counted[counted.length - maxFailures] ?? nowMs) + windowMs;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freedAt - nowMs) / 1000)) };
  };
  const begin = (key: string, nowMs: number): PendingAttempt => {
    const times = pending.get(key) ?? [];
    times.push(nowMs);
    pending.set(key, times);
    let settled = false;
    return {
      fail() {
        if (settled) return;
        settled = true;
        withdraw(key, nowMs);
        recordFailure(key, nowMs);
      },
      release() {
        if (settled) return;
        settled = true;
        withdraw(key, nowMs);
      },
    };
  };

  return {
    check: (key, nowMs = clock()) => check(key, nowMs),
    begin: (key, nowMs = clock()) => begin(key, nowMs),
    admit(key, nowMs = clock()) {
      const decision = check(key, nowMs);
      return { ...decision, attempt: decision.allowed ? begin(key, nowMs) : null };
    },
    recordFailure(key, nowMs = clock()) {
      recordFailure(key, nowMs);
    },
    reset(key) {
      failures.delete(key);
    },
    get size() {
      let size = failures.size;
      for (const key of pending.keys()) if (!failures.has(key)) size += 1;
      return size;
    },
  };
}

function positive(name: string, value: number): number {
  if (!isPositiveInteger(value)) throw invalidOption(name, 'a positive integer', value);
  return value;
}
