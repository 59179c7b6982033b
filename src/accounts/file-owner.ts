import type { Kysely } from 'kysely';
import { isFileId, withDbErrors, type Database } from '../storage/index.js';

/**
 * The workspace a file belongs to, whoever asks; `null` for an unknown id. Only signature checks
 * need this: a signed URL carries no workspace, so the file's owner says whose secrets to try.
 */
export function findFileOwner(db: Kysely<Database>, fileId: string): Promise<string | null> {
  if (!isFileId(fileId)) return Promise.resolve(null);
  return withDbErrors(`read file ${fileId}`, async () => {
    const row = await db.selectFrom('files').select('workspace_id').where('id', '=', fileId).executeTakeFirst();
    return row === undefined ? null : row.workspace_id;
  });
}
