import type { Kysely } from 'kysely';

/**
 * A signed `/src/uploads/{path}` URL names no workspace: the workspaces holding an upload at that path say whose
 * signing secrets to try. This index answers that by (source, path), without a scan of every file.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('files_source_path_idx').on('files').columns(['source', 'path']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('files_source_path_idx').execute();
}
