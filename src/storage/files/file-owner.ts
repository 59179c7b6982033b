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
