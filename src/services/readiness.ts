import { sql } from 'kysely';
import type { Services } from './create-services.js';

/** Whether this instance can serve: each dependency it cannot work without, and why not when it cannot. */
export interface Readiness {
  readonly ready: boolean;
  readonly checks: { readonly database: CheckResult; readonly storage: CheckResult };
}

export type CheckResult = { readonly ok: true } | { readonly ok: false; readonly error: string };

/** A key no upload can have (blob keys of files are `<workspace>/<file id>`): a stat of it only asks "are you there?". */
const PROBE_KEY = 'readyz-probe';

async function check(run: () => Promise<unknown>): Promise<CheckResult> {
  try {
    await run();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Asks the database and the blob store (the bucket, or the data folder) whether they answer, both at once. */
export async function checkReadiness(services: Services): Promise<Readiness> {
  const [database, storage] = await Promise.all([
    check(() => sql`select 1`.execute(services.database.db)),
    check(() => services.blobs.stat(PROBE_KEY)),
  ]);
  return { ready: database.ok && storage.ok, checks: { database, storage } };
}
