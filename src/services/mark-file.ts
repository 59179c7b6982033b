import { AppError } from '../errors/app-error.js';
import type { MarkImage } from '../engine/mark-layer.js';
import type { FileRecord } from '../storage/index.js';
import type { Services } from './create-services.js';
import { UPLOADS_SOURCE } from './sources/parse-new-source.js';
import { getStoredFile, readOriginal } from './stored-files.js';

/**
 * The stored file `mark=` names in this workspace: a file id, else the path of an upload (`?path=` on upload).
 * @throws not_found saying the mark is missing (a file of another workspace is missing too: no existence oracle)
 */
export async function findMarkFile(services: Services, workspaceId: string, mark: string): Promise<FileRecord> {
  const file = (await getStoredFile(services, workspaceId, mark)) ?? (await services.files.findByPath(workspaceId, UPLOADS_SOURCE, mark));
  if (file === null) {
    throw new AppError('not_found', `No mark file ${mark} in this workspace (mark=): upload the watermark image to the same workspace and name its id or path`, {
      details: { parameter: 'mark' },
    });
  }
  return file;
}

/** A stored mark file as the engine draws it: its size from the record, its bytes read only when not cached. */
export function storedMarkImage(services: Services, file: FileRecord, label: string): MarkImage {
  return { key: file.blobKey, width: file.width, height: file.height, label, load: () => readOriginal(services, file) };
}
