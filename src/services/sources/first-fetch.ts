import { webcrypto } from 'node:crypto';
import { AppError, isAppError } from '../../errors/app-error.js';
import { probeImage, type SourceInfo } from '../../engine/source-info.js';
import { deriveFileId, type FileRecord, type NewFile, type OriginAnswer, type SourceRecord } from '../../storage/index.js';
import type { Services } from '../create-services.js';

export type FreshAnswer = Extract<OriginAnswer, { kind: 'fresh' }>;

/**
 * The original of a path fetched a moment ago, held in memory while its blob and row are written: renders
 * start from these bytes (and this header) at once, and are answered, without waiting for the durable write
 * and without reading the blob back. The write starts once the request that fetched it has rendered and
 * answered (`store`): run beside the render, its two fsyncs and row insert took CPU from it on a small machine
 * (bench:sources, issue 14's third round).
 */
export interface HeldOriginal {
  readonly bytes: Buffer;
  readonly info: SourceInfo;
  /**
   * Settles once the blob and the row are written (the write starts with `store`, or at the latest
   * STORE_AFTER_MS after the fetch). Rejects when the blob could not be stored (or with not_found when the source
   * was removed before the row landed; the row and blob are removed again): callers that read the blob or
   * write to the row (analysis, focal points) fail then, while renders, which need neither, were answered from
   * the held bytes; what was cached of them is kept for the path's next fetch, which lands on the same id (see
   * persist). A row that another instance wrote first, or that the database refused, resolves.
   */
  readonly persisted: Promise<void>;
  /** Starts the durable write now if it has not started (idempotent); returns `persisted`. */
  store(): Promise<void>;
}

/**
 * The latest a held original's durable write starts: a request that fetched it but never rendered it (its
 * preset turned out unknown) still stores it, and the path's flight ends.
 */
const STORE_AFTER_MS = 1000;

/** A path's file record, with its held original when it was fetched for this very request (or one it joined). */
export interface ResolvedFile {
  readonly file: FileRecord;
  readonly held?: HeldOriginal | undefined;
}

/** SHA-256 of an original, in hex; run on libuv's pool (WebCrypto), not on the event loop. */
async function contentHash(bytes: Buffer): Promise<string> {
  return Buffer.from(await webcrypto.subtle.digest('SHA-256', bytes)).toString('hex');
}

/** The blob key of an original whose SHA-256 is `hash`: see blobKeyFor. */
function blobKeyOf(workspaceId: string, id: string, hash: string): string {
  return `${workspaceId}/${id}.${hash.slice(0, 16)}`;
}

/**
 * Content-versioned blob key (`{workspace}/{id}.{16 hex of sha-256}`): a changed original never shares a key, or a
 * decoded-cache entry, with the old one.
 */
export async function blobKeyFor(workspaceId: string, id: string, bytes: Buffer): Promise<string> {
  return blobKeyOf(workspaceId, id, await contentHash(bytes));
}

/**
 * The id a path's first fetch gives its file: derived from the workspace, the source, the path and the bytes,
 * never random. Two instances (or two requests that share no flight) fetching the same bytes of a path, and
 * every retry while the blob store refuses them, then name one file: one blob key, one rendition key per size
 * and so one `rendition_charges` row (issue 13: charged once per rendition in total), and one entry in each
 * cache tier. Other bytes (the origin changed between two fetches) give another id, so another key and ETag.
 * The source's id, random and new each time a source is added, keeps a removed-and-re-added source's paths apart.
 * A deleted path fetched again with the same bytes gets its old id back: the delete dropped its renders, and any
 * render still found under it (a late copy) is of the same bytes at version 1, as the new row is, so it is right.
 */
function fetchedFileId(workspaceId: string, sourceId: string, path: string, hash: string): string {
  return deriveFileId(['source-original', workspaceId, sourceId, path, hash]);
}

/**
 * What fetched bytes are, from the header alone (format, pixel limit). Unlike an upload they are not decoded
 * once more to prove them whole: the render that asked for them decodes them next (a corrupt original is a 415
 * there).
 * @throws unsupported_image, image_too_large
 */
export async function describeOriginal(services: Services, bytes: Buffer): Promise<SourceInfo> {
  if (bytes.length === 0) throw new AppError('unsupported_image', 'The source answered an empty body, not an image');
  return probeImage(bytes, services.config.limits);
}

function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).slice(0, 200) || path.slice(0, 200);
}

/**
 * Blob first (a row never points at a missing blob), then the row; see HeldOriginal.persisted. The renders
 * already cached under the file's id stay when the blob cannot be stored: the id is a function of the path and
 * its bytes (fetchedFileId), so the path's next request, which fetches again, lands on the same id and finds them.
 */
async function persist(services: Services, source: SourceRecord, file: NewFile & { readonly id: string; readonly path: string }, bytes: Buffer): Promise<void> {
  const forgetRenders = () => services.renditions.deleteFile(file.id).catch(services.reportError);
  try {
    await services.blobs.put(file.blobKey, bytes);
  } catch (error) {
    services.reportError(error);
    throw error;
  }
  const inserted = await services.files.insertFile(file).then(
    () => true,
    async (error: unknown) => {
      // Another instance stored the path first. The same bytes are the same file (same id, blob key and
      // renders): all of it is the winner's now and stays. Other bytes (the origin changed in between) are
      // another id, nobody's: its blob and renders go. When the winner cannot be read, the blob stays (storage
      // gc finds it if it is nobody's) rather than risk deleting the one a row names.
      if (isAppError(error) && error.code === 'conflict') {
        const winner = await services.files.findByPath(file.workspaceId, source.id, file.path).catch(() => undefined);
        if (winner === undefined || winner?.blobKey === file.blobKey) return false;
      } else {
        services.reportError(error);
      }
      await services.blobs.delete(file.blobKey).catch(() => {});
      await forgetRenders();
      return false;
    },
  );
  if (!inserted) return;
  // The source may have been removed while this was written (the write follows the answer): removeSource deleted
  // the rows it found, not this one, which no source would ever name again. It goes the same way. A lookup that
  // fails keeps the row (a removed source's rows are what is rare, not a working database).
  const current = await services.sources.getSource(source.workspaceId, source.name).catch(() => source);
  if (current?.id === source.id) return;
  await services.files.deleteFile(file.workspaceId, file.id).catch(services.reportError);
  await services.blobs.delete(file.blobKey).catch(services.reportError);
  await forgetRenders();
  throw new AppError('not_found', `No source ${source.name}`);
}

/**
 * Takes a first fetch in: the record to render with at once, and its original held in memory until the blob
 * and row are written, which starts once its request has answered (HeldOriginal.store). Renders of it are
 * answered without waiting for `held.persisted`; anything that reads the blob or writes the row starts the
 * write and waits for it (findPathFile).
 * @throws unsupported_image, image_too_large
 */
export async function storeFirst(services: Services, source: SourceRecord, path: string, answer: FreshAnswer): Promise<Required<ResolvedFile>> {
  const [info, hash] = await Promise.all([describeOriginal(services, answer.bytes), contentHash(answer.bytes)]);
  const id = fetchedFileId(source.workspaceId, source.id, path, hash);
  const blobKey = blobKeyOf(source.workspaceId, id, hash);
  const origin = Object.freeze({ etag: answer.etag, lastModified: answer.lastModified, checkedAt: new Date().toISOString() });
  const file = {
    id, workspaceId: source.workspaceId, name: nameOf(path), format: info.format, width: info.width, height: info.height,
    hasAlpha: info.hasAlpha, frames: info.pages, bytes: answer.bytes.length, blobKey, source: source.id, path, origin,
  } as const;
  const record: FileRecord = Object.freeze({ ...file, version: 1, focal: null, analysis: null, createdAt: origin.checkedAt });
  let begin: () => void = () => {};
  const started = new Promise<void>((resolve) => (begin = resolve));
  const persisted = started.then(() => persist(services, source, file, answer.bytes));
  // Awaited only by what reads the stored original; this keeps a failed write from being an unhandled rejection.
  persisted.catch(() => undefined);
  // Unref'd: a process with nothing else to do exits without storing (the path is fetched again next time).
  const fallback = setTimeout(() => begin(), STORE_AFTER_MS);
  fallback.unref();
  const store = () => {
    clearTimeout(fallback);
    begin();
    return persisted;
  };
  // A drain (SIGTERM) starts and finishes it before the database closes, rather than dropping the answered path.
  const registered = services.finishBeforeClose(store);
  void persisted.then(registered, registered);
  return { file: record, held: Object.freeze({ bytes: answer.bytes, info, persisted, store }) };
}
