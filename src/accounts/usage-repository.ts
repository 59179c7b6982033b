import type { Kysely } from 'kysely';
import { withDbErrors, type Database } from '../storage/index.js';

/** The outcome of one attempted spend: whether it was taken, and the counter afterwards. */
export interface SpendResult {
  readonly spent: boolean;
  readonly used: number;
}

/** Typed access to `usage`: media operations per workspace and period (`YYYY-MM`). */
export interface UsageRepository {
  /**
   * Takes one operation if the counter is below `limit`, atomically: concurrent callers on any
   * number of instances can never push it past the limit.
   */
  spend(workspaceId: string, period: string, limit: number): Promise<SpendResult>;
  /** Gives one operation back (never below zero). */
  refund(workspaceId: string, period: string): Promise<void>;
  used(workspaceId: string, period: string): Promise<number>;
}

export function createUsageRepository(db: Kysely<Database>): UsageRepository {
  const used = (workspaceId: string, period: string) =>
    withDbErrors('read usage', async () => {
      const row = await db.selectFrom('usage').select('used').where('workspace_id', '=', workspaceId).where('period', '=', period).executeTakeFirst();
      return row === undefined ? 0 : Number(row.used);
    });

  return {
    spend: (workspaceId, period, limit) =>
      withDbErrors('count the operation against the quota', async () => {
        // The row must exist for the conditional UPDATE to have something to lock; DO NOTHING makes
        // concurrent first-of-the-month inserts harmless.
        await db
          .insertInto('usage')
          .values({ workspace_id: workspaceId, period, used: 0 })
          .onConflict((conflict) => conflict.columns(['workspace_id', 'period']).doNothing())
          .execute();
        // One statement decides and spends: PostgreSQL re-checks `used < limit` on the locked row
        // after waiting for a concurrent writer, and SQLite has a single writer, so no two
        // callers can both take the last operation.
        // RETURNING yields the row only when it was updated: one row = spent, none = over the limit.
        const updated = await db
          .updateTable('usage')
          .set((eb) => ({ used: eb('used', '+', 1) }))
          .where('workspace_id', '=', workspaceId)
          .where('period', '=', period)
          .where('used', '<', limit)
          .returning('used')
          .execute();
        const [row] = updated;
        if (updated.length === 1 && row !== undefined) return { spent: true, used: Number(row.used) };
        return { spent: false, used: await used(workspaceId, period) };
      }),
    refund: (workspaceId, period) =>
      withDbErrors('refund the operation', async () => {
        await db
          .updateTable('usage')
          .set((eb) => ({ used: eb('used', '-', 1) }))
          .where('workspace_id', '=', workspaceId)
          .where('period', '=', period)
          .where('used', '>', 0)
          .execute();
      }),
    used,
  };
}
