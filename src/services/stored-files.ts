import type { Readable } from 'node:stream';
import { AppError, isAppError } from '../errors/app-error.js';
import { UPLOADS_SOURCE } from './sources/parse-new-source.js';
import { assertDecodable, probeImage } from '../engine/source-info.js';
import type { DetectedObject, ScoredBox } from '../geometry/types.js';
import { createFileId, isFileId, wrapS3Error, type FileRecord, type FocalPoint } from '../storage/index.js';
import type { Services } from './create-services.js';

/** The largest file name kept; longer names are cut (they are labels, not paths). */
const MAX_NAME_LENGTH = 200;

function cleanName(name: string | undefined, id: string): string {
  // Control characters would corrupt logs and Content-Disposition headers.
  const cleaned = (name ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, MAX_NAME_LENGTH);
  return cleaned === '' ? id : cleaned;
}

/**
 * Stores an upload: checks the header (format, pixel limit) before anything is written, writes
 * the blob atomically, then the row; a failed row write removes the blob, so nothing dangles.
 * @throws unsupported_image, image_too_large
 */
export async function storeUpload(
  services: Services,
  upload: { workspaceId: string; name?: string | undefined; bytes: Buffer; path?: string | undefined },
): Promise<FileRecord> {
  if (upload.bytes.length === 0) throw new AppError('unsupported_image', 'The upload is empty');
  const source = await probeImage(upload.bytes, services.config.limits);
  await assertDecodable(upload.bytes, services.config.limits);
  const id = createFileId();
  const blobKey = `${upload.workspaceId}/${id}`;
  await services.blobs.put(blobKey, upload.bytes);
  try {
    return await services.files.insertFile({
      id,
      workspaceId: upload.workspaceId,
      name: cleanName(upload.name, id),
      format: source.format,
      width: source.width,
      height: source.height,
      hasAlpha: source.hasAlpha,
      frames: source.pages,
      bytes: upload.bytes.length,
      blobKey,
      ...(upload.path === undefined ? {} : { source: UPLOADS_SOURCE, path: upload.path }),
    });
  } catch (error) {
    await services.blobs.delete(blobKey).catch(() => {});
    if (upload.path !== undefined && isAppError(error) && error.code === 'conflict') {
      throw new AppError('conflict', `The path ${upload.path} is taken by another file of this workspace; delete that file first or choose another path`, { cause: error });
    }
    throw error;
  }
}

/** The file if this workspace owns it, else null (an id that cannot exist costs no query). */
export function getStoredFile(services: Services, workspaceId: string, id: string): Promise<FileRecord | null> {
  return isFileId(id) ? services.files.getFile(workspaceId, id) : Promise.resolve(null);
}

/** `getStoredFile`'s answer when the file cache still holds it; `undefined` when only the database can tell. */
export function peekStoredFile(services: Services, workspaceId: string, id: string): FileRecord | null | undefined {
  return isFileId(id) ? services.files.peekFile(workspaceId, id) : null;
}

/**
 * The file, or a 404 for an unknown id and for a file of another workspace alike.
 * @throws not_found
 */
export async function findStoredFile(services: Services, workspaceId: string, id: string): Promise<FileRecord> {
  const file = await getStoredFile(services, workspaceId, id);
  if (file === null) throw new AppError('not_found', `No file ${id}`);
  return file;
}

/**
 * Reads a stored file's original bytes.
 * @throws not_found when the file was deleted while this request was under way; internal_error
 * when an upload's row is still there but the blob is gone (storage lost data: a real fault, logged);
 * storage_unavailable for a fetched original's lost blob (see missingOriginal)
 */
export async function readOriginal(services: Services, file: FileRecord, opened?: PrefetchedOriginal): Promise<Buffer> {
  const bytes = opened === undefined ? await services.blobs.get(file.blobKey) : await opened.read();
  if (bytes !== null) return bytes;
  return missingOriginal(services, file);
}

/**
 * A row whose blob is gone. A fetched original's id and blob key are a function of its path and bytes
 * (first-fetch.ts), so a delete on one instance can race another instance's re-fetch of the same path, which
 * writes that blob key and then the row: the row can outlive its blob. The origin still has the bytes: the row
 * is forgotten, so the path's next request fetches them again, rather than answering 500 until someone deletes it.
 * @throws not_found, storage_unavailable (a fetched original, fetched again next time), internal_error (an upload)
 */
async function missingOriginal(services: Services, file: FileRecord): Promise<never> {
  const current = await services.files.getFile(file.workspaceId, file.id);
  if (current === null) throw new AppError('not_found', `No file ${file.id}`);
  if (current.origin !== null && current.blobKey === file.blobKey) {
    await services.files.deleteFile(current.workspaceId, current.id).catch(services.reportError);
    throw new AppError('storage_unavailable', `The stored copy of ${current.path ?? current.id} was missing; it is fetched from its source again on the next request`);
  }
  throw new AppError('internal_error', `The original of ${file.id} is missing from blob storage`);
}

/** An original whose fetch was started early (see `prefetchOriginal`). */
export interface PrefetchedOriginal {
  /** Its bytes, or null when the blob is missing. */
  read(): Promise<Buffer | null>;
  /** Not needed after all (the render was a hit elsewhere): stop the transfer. */
  cancel(): void;
}

/**
 * Starts fetching a file's original now, as a stream, so that a render that turns out to need it does not
 * wait for a round trip to the bucket after its shared-tier lookup; cancelling stops the transfer after at
 * most its first chunks.
 */
export function prefetchOriginal(services: Services, file: FileRecord): PrefetchedOriginal {
  const opening = services.blobs.stream(file.blobKey);
  // Read or cancelled later; a failure is reported by read(), never as an unhandled rejection.
  opening.catch(() => undefined);
  return {
    async read() {
      const stream = await opening;
      if (stream === null) return null;
      const chunks: Buffer[] = [];
      try {
        for await (const chunk of stream) chunks.push(chunk as Buffer);
      } catch (error) {
        // The connection to the bucket dropped mid-transfer: a 503 to retry, not a 500.
        throw wrapS3Error(error, `read the original of ${file.id}`);
      }
      return Buffer.concat(chunks);
    },
    cancel() {
      opening.then((stream) => stream?.destroy(), () => undefined);
    },
  };
}

/**
 * Opens a stored file's original as a stream (GET /api/files/{id}/original: large originals are not buffered),
 * with its size for Content-Length.
 * @throws not_found, internal_error as readOriginal; storage_unavailable when the bucket cannot be reached
 */
export async function streamOriginal(services: Services, file: FileRecord): Promise<{ readonly stream: Readable; readonly bytes: number }> {
  const stream = await services.blobs.stream(file.blobKey);
  if (stream !== null) return { stream, bytes: file.bytes };
  return missingOriginal(services, file);
}

/**
 * Deletes the row first (from then on nobody can render it), then its renditions and blob. Once the
 * row is gone the delete has happened: a failing cleanup is reported, not turned into a 500.
 * Returns false when the file was absent.
 */
export async function deleteStoredFile(services: Services, workspaceId: string, id: string): Promise<boolean> {
  if (!isFileId(id)) return false;
  // On a full disk the row's delete is the one write that must still work: it may spend the reserve.
  const removed = await services.reserve.withReserve(() => services.files.deleteFile(workspaceId, id));
  if (removed === null) return false;
  await services.renditions.deleteFile(id).catch(services.reportError);
  services.decoded.delete(removed.blobKey);
  await services.blobs.delete(removed.blobKey).catch(services.reportError);
  // Take the reserve back from the space just freed (nothing happens while it is held or the disk is still full).
  await services.reserve.ensure().catch(services.reportError);
  return true;
}

/** Sets or clears the art-director focal point; null for an unknown or foreign id (no lookup needed first). */
export function setStoredFocal(services: Services, workspaceId: string, id: string, point: FocalPoint | null): Promise<FileRecord | null> {
  return isFileId(id) ? services.files.setFocal(workspaceId, id, point) : Promise.resolve(null);
}

function isScoredBox(value: unknown): value is ScoredBox {
  const box = value as Record<string, unknown> | null;
  return typeof box === 'object' && box !== null && ['x', 'y', 'width', 'height', 'score'].every((k) => typeof box[k] === 'number');
}

/** The faces of the file's stored analysis, when it has one (renders reuse them instead of detecting again). */
export function storedFaces(file: FileRecord): readonly ScoredBox[] | undefined {
  const faces = (file.analysis as { faces?: unknown } | null)?.faces;
  return Array.isArray(faces) && faces.every(isScoredBox) ? faces : undefined;
}

function isDetectedObject(value: unknown): value is DetectedObject {
  const object = value as Record<string, unknown> | null;
  if (typeof object !== 'object' || object === null) return false;
  const box = object['box'] as Record<string, unknown> | null;
  return typeof object['label'] === 'string' && typeof object['score'] === 'number' && typeof box === 'object' && box !== null && ['x', 'y', 'width', 'height'].every((k) => typeof box[k] === 'number');
}

/** The objects of the file's stored analysis, when it has them (analyses stored before objects were detected do not). */
export function storedObjects(file: FileRecord): readonly DetectedObject[] | undefined {
  const objects = (file.analysis as { objects?: unknown } | null)?.objects;
  return Array.isArray(objects) && objects.every(isDetectedObject) ? objects : undefined;
}

/** The public JSON of a file record (SPEC §3). */
export function fileJson(file: FileRecord): Record<string, unknown> {
  return {
    id: file.id,
    name: file.name,
    format: file.format,
    width: file.width,
    height: file.height,
    bytes: file.bytes,
    createdAt: file.createdAt,
    version: file.version,
    focal: file.focal,
    analysis: file.analysis,
    path: file.path,
  };
}
