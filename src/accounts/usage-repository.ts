import type { Kysely } from 'kysely';
import { inTransaction, withDbErrors, type Database } from '../storage/index.js';

/** The outcome of one attempted spend: whether it was taken, and the counter afterwards. */
export interface SpendResult {
  readonly spent: boolean;
  readonly used: number;
  /** `spendOnce` only: the thing was charged before (by any instance), so nothing was taken now and nothing is owed. */
  readonly alreadyCharged?: boolean;
}

/** What a once-only charge is for: one rendition of one file. */
export interface ChargeOnce {
  readonly renditionKey: string;
  readonly fileId: string;
}

/** What an operation paid for: an analysis, or a render that missed the cache. */
export type UsageKind = 'analyze' | 'render';

/** One UTC day of the history: operations by kind. */
export interface DailyUsage {
  readonly day: string;
  readonly analyze: number;
  readonly render: number;
}

/** Typed access to `usage`: media operations per workspace and period (`YYYY-MM`), and per day and kind. */
export interface UsageRepository {
  /**
   * Takes one operation if the counter is below `limit`, atomically: concurrent callers on any
   * number of instances can never push it past the limit.
   */
  spend(workspaceId: string, period: string, limit: number): Promise<SpendResult>;
  /** Gives one operation back (never below zero). */
  refund(workspaceId: string, period: string): Promise<void>;
  /**
   * As `spend`, but at most once per rendition across every instance and every retry: the first caller
   * records the rendition in `rendition_charges` (its primary key decides) and spends in the same
   * transaction; later callers, here or elsewhere, find the row and spend nothing (`alreadyCharged`).
   * Over the limit, nothing is recorded.
   */
  spendOnce(workspaceId: string, period: string, limit: number, once: ChargeOnce): Promise<SpendResult>;
  /**
   * Whether some instance charged this rendition (and so rendered it, or is rendering it): a cheap read that
   * tells a local miss whether the shared rendition tier is worth asking before the original is fetched.
   */
  wasCharged(renditionKey: string): Promise<boolean>;
  /**
   * Records a rendition as charged without spending (it was paid for when it was rendered, before charges were
   * recorded per rendition: `storage migrate --renditions`), so other instances look for it in the shared tier.
   * A rendition recorded already keeps its row.
   */
  recordCharged(workspaceId: string, period: string, once: ChargeOnce, at: Date): Promise<void>;
  /** Gives back a `spendOnce` charge (the render it paid for failed): the rendition may be charged again. */
  refundOnce(workspaceId: string, period: string, once: ChargeOnce): Promise<void>;
  used(workspaceId: string, period: string): Promise<number>;
  /** Operations per UTC day from `fromDay` (`YYYY-MM-DD`, inclusive), by kind; days without any are left out. */
  daily(workspaceId: string, fromDay: string): Promise<readonly DailyUsage[]>;
}

export function createUsageRepository(db: Kysely<Database>, now: () => Date = () => new Date()): UsageRepository {
  const usedIn = async (tx: Kysely<Database>, workspaceId: string, period: string) => {
    const row = await tx.selectFrom('usage').select('used').where('workspace_id', '=', workspaceId).where('period', '=', period).executeTakeFirst();
    return row === undefined ? 0 : Number(row.used);
  };
  const used = (workspaceId: string, period: string) => withDbErrors('read usage', () => usedIn(db, workspaceId, period));
  const take = async (tx: Kysely<Database>, workspaceId: string, period: string, limit: number): Promise<SpendResult> => {
    // The row must exist for the conditional UPDATE to have something to lock; DO NOTHING makes
    // concurrent first-of-the-month inserts harmless.
    await tx
      .insertInto('usage')
      .values({ workspace_id: workspaceId, period, used: 0 })
      .onConflict((conflict) => conflict.columns(['workspace_id', 'period']).doNothing())
      .execute();
    // One statement decides and spends: PostgreSQL re-checks `used < limit` on the locked row
    // after waiting for a concurrent writer, and SQLite has a single writer, so no two
    // callers can both take the last operation.
    // RETURNING yields the row only when it was updated: one row = spent, none = over the limit.
    const updated = await tx
      .updateTable('usage')
      .set((eb) => ({ used: eb('used', '+', 1) }))
      .where('workspace_id', '=', workspaceId)
      .where('period', '=', period)
      .where('used', '<', limit)
      .returning('used')
      .execute();
    const [row] = updated;
    if (updated.length === 1 && row !== undefined) return { spent: true, used: Number(row.used) };
    return { spent: false, used: await usedIn(tx, workspaceId, period) };
  };
  // The day of a spend is the day it happened; a refund (seconds later) gives back on the same day's row.
  const today = () => now().toISOString().slice(0, 10);
  const countDay = async (tx: Kysely<Database>, workspaceId: string, kind: UsageKind, delta: 1 | -1) => {
    const day = today();
    if (delta === 1) {
      await tx
        .insertInto('usage_daily')
        .values({ workspace_id: workspaceId, day, kind, used: 1 })
        .onConflict((conflict) => conflict.columns(['workspace_id', 'day', 'kind']).doUpdateSet((eb) => ({ used: eb('usage_daily.used', '+', 1) })))
        .execute();
    } else {
      await tx.updateTable('usage_daily').set((eb) => ({ used: eb('used', '-', 1) })).where('workspace_id', '=', workspaceId).where('day', '=', day).where('kind', '=', kind).where('used', '>', 0).execute();
    }
  };
  const giveBack = async (tx: Kysely<Database>, workspaceId: string, period: string) => {
    await tx
      .updateTable('usage')
      .set((eb) => ({ used: eb('used', '-', 1) }))
      .where('workspace_id', '=', workspaceId)
      .where('period', '=', period)
      .where('used', '>', 0)
      .execute();
  };

  return {
    spend: (workspaceId, period, limit) =>
      withDbErrors('count the operation against the quota', () =>
        inTransaction(db, async (tx) => {
          const result = await take(tx, workspaceId, period, limit);
          if (result.spent) await countDay(tx, workspaceId, 'analyze', 1);
          return result;
        }),
      ),
    spendOnce: (workspaceId, period, limit, once) =>
      withDbErrors('count the operation against the quota', () =>
        inTransaction(db, async (tx) => {
          // PostgreSQL makes a second inserter of the same key wait for the first to commit or roll back,
          // so two instances rendering the same miss at once cannot both see "not charged yet".
          const recorded = await tx
            .insertInto('rendition_charges')
            .values({ rendition_key: once.renditionKey, workspace_id: workspaceId, file_id: once.fileId, period, charged_at: now().toISOString() })
            .onConflict((conflict) => conflict.column('rendition_key').doNothing())
            .returning('rendition_key')
            .execute();
          if (recorded.length === 0) return { spent: true, used: await usedIn(tx, workspaceId, period), alreadyCharged: true };
          const result = await take(tx, workspaceId, period, limit);
          if (!result.spent) await tx.deleteFrom('rendition_charges').where('rendition_key', '=', once.renditionKey).execute();
          else await countDay(tx, workspaceId, 'render', 1);
          return result;
        }),
      ),
    wasCharged: (renditionKey) =>
      withDbErrors('look up a rendition charge', async () => {
        const row = await db.selectFrom('rendition_charges').select('rendition_key').where('rendition_key', '=', renditionKey).executeTakeFirst();
        return row !== undefined;
      }),
    recordCharged: (workspaceId, period, once, at) =>
      withDbErrors('record a rendition charge', async () => {
        await db
          .insertInto('rendition_charges')
          .values({ rendition_key: once.renditionKey, workspace_id: workspaceId, file_id: once.fileId, period, charged_at: at.toISOString() })
          .onConflict((conflict) => conflict.column('rendition_key').doNothing())
          .execute();
      }),
    refundOnce: (workspaceId, period, once) =>
      withDbErrors('refund the operation', () =>
        inTransaction(db, async (tx) => {
          const removed = await tx.deleteFrom('rendition_charges').where('rendition_key', '=', once.renditionKey).returning('rendition_key').execute();
          if (removed.length > 0) {
            await giveBack(tx, workspaceId, period);
            await countDay(tx, workspaceId, 'render', -1);
          }
        }),
      ),
    refund: (workspaceId, period) =>
      withDbErrors('refund the operation', () =>
        inTransaction(db, async (tx) => {
          await giveBack(tx, workspaceId, period);
          await countDay(tx, workspaceId, 'analyze', -1);
        }),
      ),
    used,
    daily: (workspaceId, fromDay) =>
      withDbErrors('read the usage history', async () => {
        const rows = await db
          .selectFrom('usage_daily')
          .select(['day', 'kind', 'used'])
          .where('workspace_id', '=', workspaceId)
          .where('day', '>=', fromDay)
          .orderBy('day')
          .execute();
        const days = new Map<string, { day: string; analyze: number; render: number }>();
        for (const row of rows) {
          const entry = days.get(row.day) ?? { day: row.day, analyze: 0, render: 0 };
          if (row.kind === 'analyze' || row.kind === 'render') entry[row.kind] += Number(row.used);
          days.set(row.day, entry);
        }
        return [...days.values()];
      }),
  };
}
