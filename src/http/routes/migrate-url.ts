import { translateUrl, type Dialect, type UnsupportedParam } from '../../compat/index.js';
import type { Services } from '../../services/create-services.js';
import { isFileId } from '../../storage/index.js';
import { UPLOADS_SOURCE } from '../../services/sources/parse-new-source.js';

/** One entry of the `POST /api/migrate/url` response. */
export type MigrationResult =
  | {
      readonly url: string;
      readonly ok: true;
      readonly convertly: string;
      readonly notes: readonly string[];
      readonly unsupported: readonly UnsupportedParam[];
    }
  | { readonly url: string; readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

/**
 * Translates one stored imgix or Cloudinary URL into the URL that serves it here: by file id when its name is one
 * (`f_…`), else by its path in `uploads` (or in `source` when given). The workspace's own files say whether the
 * new URL serves anything yet (a note when it does not) and resolve relative sizes and pixel coordinates.
 */
export async function migrateUrl(
  services: Services,
  request: { readonly workspaceId: string; readonly url: string; readonly dialect: Dialect | undefined; readonly source?: string | undefined },
): Promise<MigrationResult> {
  const { url, workspaceId } = request;
  const options = { ...(request.dialect === undefined ? {} : { dialect: request.dialect }), ...(request.source === undefined ? { pathSource: UPLOADS_SOURCE } : { source: request.source }) };
  let translation = translateUrl(url, options);
  if (!translation.ok) return { url, ok: false, error: { code: translation.error.code, message: translation.error.message } };
  const addressedInUploads = translation.addressedBy === 'path' && (request.source ?? UPLOADS_SOURCE) === UPLOADS_SOURCE;
  const file = translation.addressedBy === 'file-id'
    ? isFileId(translation.fileId) ? await services.files.getFile(workspaceId, translation.fileId) : null
    : addressedInUploads ? await services.files.findByPath(workspaceId, UPLOADS_SOURCE, translation.path) : null;
  if (file !== null && translation.needsSourceSize) translation = translateUrl(url, { ...options, sourceSize: { width: file.width, height: file.height } });
  if (!translation.ok) return { url, ok: false, error: { code: translation.error.code, message: translation.error.message } };
  const notes = [...translation.notes];
  if (file === null && translation.addressedBy === 'file-id') notes.push(`No file ${translation.fileId} is in this workspace yet: the URL is a 404 until it is.`);
  if (file === null && addressedInUploads) notes.push(`No upload is stored at ${translation.path} in this workspace yet: upload it with POST /api/files?path=${encodeURIComponent(translation.path)}.`);
  return { url, ok: true, convertly: translation.convertlyPath, notes, unsupported: translation.unsupported };
}
