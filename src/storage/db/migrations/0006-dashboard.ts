import type { Kysely } from 'kysely';

/**
 * What the dashboard shows about a workspace (issue 18):
 * - `usage_daily`: media operations per workspace, UTC day and kind (`analyze`, `render`), beside the
 *   monthly counter, for the 30-day history;
 * - `api_keys.last_used_at`: when a key last authenticated a request (written at most once a minute per key).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('usage_daily')
    .addColumn('workspace_id', 'text', (col) => col.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('day', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('used', 'integer', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('usage_daily_pk', ['workspace_id', 'day', 'kind'])
    .execute();
  await db.schema.alterTable('api_keys').addColumn('last_used_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_keys').dropColumn('last_used_at').execute();
  await db.schema.dropTable('usage_daily').execute();
}
