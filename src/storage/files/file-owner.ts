import type { Kysely } from 'kysely';
import { toFileRecord } from './file-record.js';
import { isFileId, withDbErrors, type Database, type FileRecord } from '../index.js';

/**
 * A file whoever owns it; `null` for an unknown id. Only signature checks need this: a signed URL
 * carries no workspace, so the file's owner says whose secrets to try. Callers must not hand the
 * file out before the signature has been verified against that owner's secrets.
 */
export function findFileAnyWorkspace(db: Kysely<Database>, fileId: string): Promise<FileRecord | null> {
  if (!isFileId(fileId)) return Promise.resolve(null);
  return withDbErrors(`read file ${fileId}`, async () => {
    const row = await db.selectFrom('files').selectAll().where('id', '=', fileId).executeTakeFirst();
    return row === undefined ? null : toFileRecord(row);
  });
}

/** At most this many workspaces are tried for one signed path (each costs an HMAC per secret). */
export const MAX_PATH_OWNERS = 20;

/**
 * The workspaces holding a file at any of `paths` in `source` (a signed `/src/uploads/…` URL names no workspace):
 * whose secrets to try. As with {@link findFileAnyWorkspace}, nothing is handed out before a signature matched.
 */
export function findPathOwners(db: Kysely<Database>, source: string, paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) return Promise.resolve([]);
  return withDbErrors(`find the owners of ${paths[0]}`, async () => {
    const rows = await db
      .selectFrom('files')
      .select('workspace_id')
      .distinct()
      .where('source', '=', source)
      .where('path', 'in', paths)
      .orderBy('workspace_id')
      .limit(MAX_PATH_OWNERS)
      .execute();
    return rows.map((row) => row.workspace_id);
  });
}
