import { translateUrl, type Dialect, type UnsupportedParam } from '../../compat/index.js';
import type { Services } from '../../services/create-services.js';
import { isFileId } from '../../storage/index.js';

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
 * Translates one stored imgix or Cloudinary URL; when the translation needs the source size and the file is
 * already in the workspace, its size resolves relative sizes and pixel coordinates.
 */
export async function migrateUrl(
  services: Services,
  request: { readonly workspaceId: string; readonly url: string; readonly dialect: Dialect | undefined; readonly source?: string | undefined },
): Promise<MigrationResult> {
  const { url } = request;
  const options = { ...(request.dialect === undefined ? {} : { dialect: request.dialect }), ...(request.source === undefined ? {} : { source: request.source }) };
  let translation = translateUrl(url, options);
  if (translation.ok && translation.needsSourceSize && isFileId(translation.fileId)) {
    const file = await services.files.getFile(request.workspaceId, translation.fileId);
    if (file !== null) translation = translateUrl(url, { ...options, sourceSize: { width: file.width, height: file.height } });
  }
  if (!translation.ok) return { url, ok: false, error: { code: translation.error.code, message: translation.error.message } };
  return { url, ok: true, convertly: translation.convertlyPath, notes: translation.notes, unsupported: translation.unsupported };
}
