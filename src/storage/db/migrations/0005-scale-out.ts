import type { Kysely } from 'kysely';

/**
 * State that several instances must share (issue 13):
 * - `rendition_charges`: one row per rendition ever charged, so identical misses on several instances
 *   charge one media operation in total (the primary key decides who pays);
 * - `login_attempts`: sign-in failures (and attempts still being checked) per account and per address,
 *   so N instances do not allow N times the guesses.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rendition_charges')
    .addColumn('rendition_key', 'text', (col) => col.primaryKey())
    .addColumn('workspace_id', 'text', (col) => col.notNull())
    .addColumn('file_id', 'text', (col) => col.notNull())
    .addColumn('period', 'text', (col) => col.notNull())
    .addColumn('charged_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('rendition_charges_file_idx').on('rendition_charges').column('file_id').execute();

  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('limiter', 'text', (col) => col.notNull())
    .addColumn('key', 'text', (col) => col.notNull())
    .addColumn('at_ms', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('login_attempts_key_idx').on('login_attempts').columns(['limiter', 'key', 'at_ms']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('login_attempts').execute();
  await db.schema.dropTable('rendition_charges').execute();
}
