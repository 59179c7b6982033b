import type { Kysely } from 'kysely';

/** Creates `files` and the index that serves the newest-first keyset pagination. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('files')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('workspace_id', 'text', (col) => col.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('format', 'text', (col) => col.notNull())
    .addColumn('width', 'integer', (col) => col.notNull())
    .addColumn('height', 'integer', (col) => col.notNull())
    // Known from the header at upload; f=auto needs it on every request, hits included.
    .addColumn('has_alpha', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('bytes', 'integer', (col) => col.notNull())
    .addColumn('blob_key', 'text', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    // double precision, not real: PostgreSQL's real is float4 and would turn fp=0.3 into 0.30000001.
    .addColumn('focal_x', 'double precision')
    .addColumn('focal_y', 'double precision')
    .addColumn('analysis', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  // id desc matches ORDER BY created_at DESC, id DESC exactly, so PostgreSQL needs no sort step.
  await db.schema
    .createIndex('files_workspace_created_idx')
    .on('files')
    .columns(['workspace_id', 'created_at desc', 'id desc'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('files').execute();
}
