import assert from 'node:assert/strict';
import { isAppError } from '../../src/errors/app-error.js';

/** Asserts that the promise (or the call) rejects with an AppError of `code`. */
export async function rejectsWith(promise: Promise<unknown> | (() => Promise<unknown>), code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isAppError(error), `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, code);
    return true;
  });
}
