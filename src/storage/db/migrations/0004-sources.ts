import type { Kysely } from 'kysely';

/**
 * Sources (issue 14): read-only origins a workspace renders from (a web folder or an S3 bucket), the host
 * names mapped to them, and the columns that tie a file to a path: `source` (a source id, or `uploads` for
 * files stored under a caller-chosen path), `path`, and the origin's validators for revalidation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sources')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('workspace_id', 'text', (col) => col.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    // Kind-specific settings (base URL; bucket, prefix, endpoint, region, credentials) as JSON text.
    .addColumn('settings', 'text', (col) => col.notNull())
    .addColumn('public', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('dialect', 'text', (col) => col.notNull().defaultTo('native'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('sources_workspace_name_idx').on('sources').columns(['workspace_id', 'name']).unique().execute();

  // One row per host name: the primary key makes a host belong to one source across all workspaces.
  await db.schema
    .createTable('source_hosts')
    .addColumn('host', 'text', (col) => col.primaryKey())
    .addColumn('source_id', 'text', (col) => col.notNull().references('sources.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('source_hosts_source_idx').on('source_hosts').column('source_id').execute();

  await db.schema.alterTable('files').addColumn('source', 'text').execute();
  await db.schema.alterTable('files').addColumn('path', 'text').execute();
  await db.schema.alterTable('files').addColumn('origin_etag', 'text').execute();
  await db.schema.alterTable('files').addColumn('origin_last_modified', 'text').execute();
  await db.schema.alterTable('files').addColumn('checked_at', 'text').execute();
  // Rows without a path (plain uploads) hold NULLs, which both databases keep out of the uniqueness check.
  await db.schema.createIndex('files_workspace_source_path_idx').on('files').columns(['workspace_id', 'source', 'path']).unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('files_workspace_source_path_idx').execute();
  for (const column of ['checked_at', 'origin_last_modified', 'origin_etag', 'path', 'source']) {
    await db.schema.alterTable('files').dropColumn(column).execute();
  }
  await db.schema.dropTable('source_hosts').execute();
  await db.schema.dropTable('sources').execute();
}
