import { hash, verify, type Options } from '@node-rs/argon2';
import { AppError } from '../errors/app-error.js';
import { createSemaphore } from '../shared/semaphore.js';

/** Accepted password length in characters (code points, after NFKC normalisation). */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 1024;

/**
 * argon2id with OWASP's first recommended configuration (Password Storage Cheat Sheet):
 * m = 19 MiB, t = 2, p = 1; 32-byte output, 16-byte random salt (the library's default).
 * It keeps one login near 20 MiB of memory, so a small self-hosted box survives a burst of logins.
 */
export const PASSWORD_HASH_OPTIONS = Object.freeze({
  algorithm: 2, // Algorithm.Argon2id: the const enum cannot be read under isolatedModules
  memoryCost: 19_456, // KiB
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} satisfies Options);

/**
 * Most argon2 hashes or verifications running at once in this process; the rest wait. Each one
 * holds a libuv thread-pool thread (4 by default), which file I/O and sharp need too: without a
 * cap, a burst of logins would queue every file read and render behind tens of milliseconds of
 * argon2 per attempt.
 */
export const PASSWORD_HASH_CONCURRENCY = 2;
const argon2Slots = createSemaphore({ limit: PASSWORD_HASH_CONCURRENCY });

const PHC_PARAMS = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/;
let dummyHash: Promise<string> | undefined;

/**
 * Hashes a password with argon2id into a self-describing PHC string (`$argon2id$v=19$m=…`).
 * @throws AppError invalid_parameter when the password is under 8 or over 1024 characters.
 */
export async function hashPassword(plain: string): Promise<string> {
  const normalized = normalizePassword(plain);
  if (normalized === null) {
    const received =
      typeof plain !== 'string'
        ? typeof plain
        : plain.length > PASSWORD_MAX_LENGTH * 2
          ? `more than ${PASSWORD_MAX_LENGTH} characters`
          : `${[...plain.normalize('NFKC')].length} characters`;
    // Never echo the password itself into an error message or a log line.
    throw new AppError(
      'invalid_parameter',
      `Expected a password of ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters for password but received ${received}`,
      { details: { parameter: 'password' } },
    );
  }
  return argon2Slots.run(() => hash(normalized, PASSWORD_HASH_OPTIONS));
}

/** Stands in for a password outside the accepted lengths: under 8 characters, so no stored hash can match it. */
const OUT_OF_RANGE_STAND_IN = 'x';

let verifications = 0;

/** argon2 verifications run so far in this process (tests check that every attempt costs exactly one). */
export function argon2Verifications(): number {
  return verifications;
}

/** Makes the dummy hash unknown emails are verified against now, so the first such attempt costs no extra hash. */
export function prepareTimingEqualiser(): Promise<string> {
  dummyHash ??= argon2Slots.run(() => hash('convertly-timing-equaliser', PASSWORD_HASH_OPTIONS));
  return dummyHash;
}

/**
 * True when `plain` matches the stored hash. Never throws: a malformed hash or out-of-range
 * password is `false`. Pass `null` for an unknown user. Whatever the email and the password's
 * length, exactly one argon2 verification runs (a dummy hash for an unknown user, a stand-in for a
 * password too short or too long), so the time taken reveals neither which accounts exist nor anything
 * about their passwords (docs/auth.md: equal time).
 */
export async function verifyPassword(storedHash: string | null, plain: string): Promise<boolean> {
  const normalized = normalizePassword(plain);
  const known = typeof storedHash === 'string';
  const target = known ? storedHash : await prepareTimingEqualiser();
  const matches = await verifySafely(target, normalized ?? OUT_OF_RANGE_STAND_IN);
  return known && normalized !== null && matches;
}

/** True when a stored hash was made with other parameters than today's, so it should be redone at next login. */
export function passwordNeedsRehash(storedHash: string): boolean {
  const match = PHC_PARAMS.exec(storedHash);
  if (match === null) return true;
  const [, memory, time, parallelism] = match;
  return (
    Number(memory) !== PASSWORD_HASH_OPTIONS.memoryCost ||
    Number(time) !== PASSWORD_HASH_OPTIONS.timeCost ||
    Number(parallelism) !== PASSWORD_HASH_OPTIONS.parallelism
  );
}

async function verifySafely(storedHash: string, plain: string): Promise<boolean> {
  try {
    return await argon2Slots.run(() => {
      verifications += 1;
      return verify(storedHash, plain);
    });
  } catch {
    // The native binding throws on a hash it cannot decode; for the caller that is just "no match".
    return false;
  }
}

// NFKC as NIST SP 800-63B §5.1.1.2 advises, so the same password typed on another keyboard
// or OS (composed vs. decomposed accents, full-width digits) still matches. Changing this
// later would break every stored hash, so it is decided here once.
function normalizePassword(plain: unknown): string | null {
  if (typeof plain !== 'string') return null;
  // Cheap bound first: NFKC of a multi-megabyte string is itself a denial of service.
  if (plain.length > PASSWORD_MAX_LENGTH * 2) return null;
  const normalized = plain.normalize('NFKC');
  const length = [...normalized].length;
  return length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH ? null : normalized;
}
