import type { FilesRepository } from '../storage/index.js';

/** The file a rendition key belongs to, while something can still ask for that rendition. */
export interface RenditionOwner {
  readonly fileId: string;
  readonly workspaceId: string;
}

const KEY_PARTS = /^([^/]+)\/v(\d+)-/;

/**
 * Lists every file once and returns a lookup: a rendition key's owner, or null when the file is gone or the
 * key carries an older version. Keys carry version 0 (renders that ignore the stored focal point, kept across
 * focal edits) or the file's version at render time (renders that follow it: stale after an edit).
 */
export async function loadRenditionOwners(files: FilesRepository): Promise<(key: string) => RenditionOwner | null> {
  const current = new Map<string, { readonly version: number; readonly workspaceId: string }>();
  for await (const file of files.scanAllFiles()) current.set(file.id, { version: file.version, workspaceId: file.workspaceId });
  return (key) => {
    const [, fileId, digits] = KEY_PARTS.exec(key) ?? [];
    const file = fileId === undefined ? undefined : current.get(fileId);
    if (fileId === undefined || file === undefined) return null;
    const version = Number(digits);
    return version === 0 || version === file.version ? { fileId, workspaceId: file.workspaceId } : null;
  };
}
