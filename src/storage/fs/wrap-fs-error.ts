import { AppError, isAppError } from '../../errors/app-error.js';

/** True for a Node system error with this errno code (ENOENT, EEXIST…). */
export function hasErrorCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;
}

/**
 * Wraps a file-system error in an AppError (keeping `cause`); errors that are not system calls,
 * such as a client's upload stream failing, pass through unchanged for the caller to judge.
 */
export function wrapFsError(error: unknown, action: string): unknown {
  if (isAppError(error)) return error;
  if (typeof error !== 'object' || error === null || !('syscall' in error)) return error;
  if (hasErrorCode(error, 'ENOSPC') || hasErrorCode(error, 'EDQUOT')) {
    return new AppError('storage_full', `Could not ${action}: the server's storage is full; delete files to free space, or ask the operator to add some`, {
      cause: error,
      details: { retryAfterSeconds: 60 },
    });
  }
  return new AppError('internal_error', `Could not ${action}`, { cause: error });
}
