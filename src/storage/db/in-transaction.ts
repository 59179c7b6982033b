import type { Kysely, Transaction } from 'kysely';

/**
 * `db.transaction().execute(work)`, keeping the error that failed the work or its COMMIT. SQLite rolls a
 * transaction back by itself on some errors (SQLITE_FULL on a full disk, I/O errors); Kysely's own ROLLBACK
 * then fails with "cannot rollback - no transaction is active", and that error would replace the one that
 * matters (a full disk must answer storage_full, not a 500).
 */
export async function inTransaction<DB, T>(db: Kysely<DB>, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  const trx = await db.startTransaction().execute();
  try {
    const result = await work(trx);
    await trx.commit().execute();
    return result;
  } catch (error) {
    await trx.rollback().execute().catch(() => undefined);
    throw error;
  }
}
