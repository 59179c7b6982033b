import type { Kysely } from 'kysely';
import { AppError } from '../errors/app-error.js';
import { withDbErrors, type Database } from '../storage/index.js';
import { isPlan, type Plan } from './plans.js';

/** A workspace as the accounts layer sees it; an unknown plan name in the row reads as `free`. */
export interface WorkspaceRecord {
  readonly id: string;
  readonly name: string;
  readonly plan: Plan;
  readonly createdAt: string;
}

/** Typed access to `workspaces` for accounts, plans and the admin CLI. */
export interface WorkspacesRepository {
  getWorkspace(id: string): Promise<WorkspaceRecord | null>;
  listWorkspaces(): Promise<readonly WorkspaceRecord[]>;
  /** Creates the workspace unless it exists (safe under concurrent start-ups); returns it either way. */
  ensureWorkspace(id: string, name: string): Promise<WorkspaceRecord>;
  /** Sets the plan; false when there is no such workspace. */
  setPlan(id: string, plan: Plan): Promise<boolean>;
}

/** A workspace id: what `convertly users add --workspace` and the CLI accept. */
export const WORKSPACE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function createWorkspacesRepository(db: Kysely<Database>, now: () => Date = () => new Date()): WorkspacesRepository {
  const toRecord = (row: { id: string; name: string; plan: string; created_at: string }): WorkspaceRecord => ({
    id: row.id,
    name: row.name,
    plan: isPlan(row.plan) ? row.plan : 'free',
    createdAt: row.created_at,
  });
  const getWorkspace = (id: string) =>
    withDbErrors(`read workspace ${id}`, async () => {
      const row = await db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? null : toRecord(row);
    });

  return {
    getWorkspace,
    listWorkspaces: () =>
      withDbErrors('list workspaces', async () =>
        (await db.selectFrom('workspaces').selectAll().orderBy('created_at').orderBy('id').execute()).map(toRecord),
      ),
    ensureWorkspace: (id, name) =>
      withDbErrors(`create workspace ${id}`, async () => {
        await db
          .insertInto('workspaces')
          .values({ id, name, created_at: now().toISOString() })
          .onConflict((conflict) => conflict.column('id').doNothing())
          .execute();
        const created = await getWorkspace(id);
        if (created === null) throw new AppError('internal_error', `Workspace ${id} vanished right after it was created`);
        return created;
      }),
    setPlan: (id, plan) =>
      withDbErrors(`set the plan of workspace ${id}`, async () => {
        const result = await db.updateTable('workspaces').set({ plan }).where('id', '=', id).executeTakeFirst();
        return result.numUpdatedRows > 0n;
      }),
  };
}
