import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** The workspace a fresh single-tenant install puts everything in. */
export const DEFAULT_WORKSPACE_ID = 'ws_default';

/** Creates the `ws_default` workspace unless it exists; safe to call on every start-up and from several instances. */
export async function ensureDefaultWorkspace(db: Kysely<Database>, now: () => Date = () => new Date()): Promise<void> {
  await db
    .insertInto('workspaces')
    .values({ id: DEFAULT_WORKSPACE_ID, name: 'Default', created_at: now().toISOString() })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();
}
