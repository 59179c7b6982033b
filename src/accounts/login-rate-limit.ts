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

/** A sliding-window failure counter; keys are opaque (`account:<email>`, `address:<ip>`). */
export interface LoginRateLimiter {
  check(key: string, nowMs?: number): RateLimitDecision;
  recordFailure(key: string, nowMs?: number): void;
  reset(key: string): void;
  /** Keys currently remembered (for tests and metrics). */
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
 * @throws RangeError when a tunable is not a positive integer.
 */
export function createLoginRateLimiter(options: LoginRateLimitOptions = {}): LoginRateLimiter {
  const maxFailures = positive('maxFailures', options.maxFailures ?? DEFAULT_LOGIN_RATE_LIMIT.maxFailures);
  const windowMs = positive('windowSeconds', options.windowSeconds ?? DEFAULT_LOGIN_RATE_LIMIT.windowSeconds) * 1000;
  const maxKeys = positive('maxKeys', options.maxKeys ?? DEFAULT_LOGIN_RATE_LIMIT.maxKeys);
  const clock = options.clock ?? Date.now;
  // Map iteration follows insertion order; re-inserting on every failure keeps the least
  // recently failed key first, which is both the one to evict and the likeliest to be expired.
  const failures = new Map<string, number[]>();

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

  return {
    check(key, nowMs = clock()) {
      const times = recent(key, nowMs);
      const oldest = times[0];
      if (times.length < maxFailures || oldest === undefined) return { allowed: true, retryAfterSeconds: 0 };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - nowMs) / 1000)) };
    },
    recordFailure(key, nowMs = clock()) {
      // Only the newest maxFailures timestamps can matter for the decision: memory per key is bounded too.
      const times = [...recent(key, nowMs), nowMs].slice(-maxFailures);
      failures.delete(key);
      failures.set(key, times);
      prune(nowMs);
    },
    reset(key) {
      failures.delete(key);
    },
    get size() {
      return failures.size;
    },
  };
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`Expected a positive integer for ${name} but received ${String(value)}`);
  }
  return value;
}
