import { renditionKeyOwner, type FilesRepository } from '../storage/index.js';

/** The file a rendition key belongs to, while something can still ask for that rendition. */
export interface RenditionOwner {
  readonly fileId: string;
  readonly workspaceId: string;
}

/**
 * Lists every file once and returns a lookup: a rendition key's owner, or null when the file is gone or the
 * key carries an older version. Keys carry version 0 (renders that ignore the stored focal point, kept across
 * focal edits) or the file's version at render time (renders that follow it: stale after an edit).
 */
export async function loadRenditionOwners(files: FilesRepository): Promise<(key: string) => RenditionOwner | null> {
  const current = new Map<string, { readonly version: number; readonly workspaceId: string }>();
  for await (const file of files.scanAllFiles()) current.set(file.id, { version: file.version, workspaceId: file.workspaceId });
  return (key) => {
    const owner = renditionKeyOwner(key);
    const file = owner === null ? undefined : current.get(owner.fileId);
    if (owner === null || file === undefined) return null;
    return owner.version === 0 || owner.version === file.version ? { fileId: owner.fileId, workspaceId: file.workspaceId } : null;
  };
}
