import { AppError, isAppError } from '../../errors/app-error.js';

/** The driver error classes we turn into public codes; everything else is a bug (500). */
const KINDS = {
  duplicate: ['SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE', '23505'],
  missingParent: ['SQLITE_CONSTRAINT_FOREIGNKEY', '23503'],
  // A lock held past the busy timeout, or PostgreSQL down or full: retrying later can work.
  unavailable: ['SQLITE_BUSY', 'SQLITE_LOCKED', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '53300'],
} as const satisfies Record<string, readonly string[]>;

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/**
 * Turns a SQLite or PostgreSQL driver error into an AppError, keeping it as `cause`.
 * `action` completes "Could not …" (e.g. "store file f_123").
 */
export function wrapDbError(error: unknown, action: string): AppError {
  if (isAppError(error)) return error;
  const code = codeOf(error) ?? '';
  const has = (list: readonly string[]) => list.includes(code);
  if (code === 'SQLITE_FULL' || code === '53100') {
    return new AppError('storage_full', `Could not ${action}: the server's storage is full; delete files to free space, or ask the operator to add some`, {
      cause: error,
      details: { retryAfterSeconds: 60 },
    });
  }
  if (has(KINDS.duplicate)) return new AppError('conflict', `Could not ${action}: it already exists`, { cause: error });
  if (has(KINDS.missingParent)) {
    return new AppError('not_found', `Could not ${action}: its workspace does not exist`, { cause: error });
  }
  if (has(KINDS.unavailable)) {
    return new AppError('service_unavailable', `Could not ${action}: the database is busy or unreachable, retry shortly`, {
      cause: error,
    });
  }
  return new AppError('internal_error', `Could not ${action}`, { cause: error });
}

/** Runs a database call and wraps whatever it throws with `wrapDbError`. */
export async function withDbErrors<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw wrapDbError(error, action);
  }
}
