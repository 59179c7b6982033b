import { AppError, isAppError } from '../../errors/app-error.js';
import type { FileRecord, OriginAnswer, SourceRecord } from '../../storage/index.js';
import type { Services } from '../create-services.js';
import { UPLOADS_SOURCE } from './parse-new-source.js';
import { blobKeyFor, describeOriginal, storeFirst, type FreshAnswer, type ResolvedFile } from './first-fetch.js';

/** Fetches in flight, by workspace, source and path: concurrent first requests for one path fetch it once. */
const inFlight = new WeakMap<Services, Map<string, Promise<ResolvedFile>>>();

function isFresh(file: FileRecord, ttlSeconds: number, nowMs: number): boolean {
  const checked = file.origin === null ? Number.NaN : Date.parse(file.origin.checkedAt);
  return nowMs - checked < ttlSeconds * 1000;
}

async function replace(services: Services, file: FileRecord, answer: FreshAnswer): Promise<FileRecord> {
  const checkedAt = new Date().toISOString();
  const blobKey = await blobKeyFor(file.workspaceId, file.id, answer.bytes);
  // The same bytes under a new ETag (a re-upload of one file): nothing renders differently.
  if (blobKey === file.blobKey) return (await services.files.markChecked(file.workspaceId, file.id, checkedAt)) ?? file;
  const probed = await describeOriginal(services, answer.bytes);
  await services.blobs.put(blobKey, answer.bytes);
  const replaced = await services.files.replaceOriginal(file.workspaceId, file.id, {
    format: probed.format,
    width: probed.width,
    height: probed.height,
    hasAlpha: probed.hasAlpha,
    frames: probed.pages,
    bytes: answer.bytes.length,
    blobKey,
    origin: { etag: answer.etag, lastModified: answer.lastModified, checkedAt },
  });
  if (replaced === null) {
    await services.blobs.delete(blobKey).catch(() => {});
    throw new AppError('not_found', `No image at ${file.path ?? file.id}`);
  }
  // The old renders carry the old version in their keys and can never be served again; their space is freed now.
  await services.renditions.deleteFile(file.id).catch(services.reportError);
  services.decoded.delete(file.blobKey);
  await services.blobs.delete(file.blobKey).catch(services.reportError);
  return replaced;
}

async function revalidate(services: Services, source: SourceRecord, file: FileRecord): Promise<FileRecord> {
  let answer: OriginAnswer;
  try {
    answer = await services.origins.forSource(source).get(file.path ?? '', { etag: file.origin?.etag, lastModified: file.origin?.lastModified });
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') {
      // Gone at the origin: forget it, so it is fetched afresh if it comes back.
      const removed = await services.files.deleteFile(file.workspaceId, file.id);
      if (removed !== null) {
        await services.renditions.deleteFile(file.id).catch(services.reportError);
        await services.blobs.delete(file.blobKey).catch(services.reportError);
      }
      throw error;
    }
    // The origin is down or slow: the copy we hold is still the best answer (stale-if-error); it is asked again next time.
    services.reportError(error);
    return file;
  }
  if (answer.kind === 'not_modified') return (await services.files.markChecked(file.workspaceId, file.id, new Date().toISOString())) ?? file;
  return replace(services, file, answer);
}

async function fetchFirst(services: Services, source: SourceRecord, path: string): Promise<ResolvedFile> {
  const answer = await services.origins.forSource(source).get(path);
  if (answer.kind !== 'fresh') throw new AppError('origin_unavailable', 'The source answered 304 to a request without validators');
  return storeFirst(services, source, path, answer);
}

/**
 * The file record of `path` in `source`: fetched from the origin on first use (stored in the blob store,
 * a file record keyed by source and path), revalidated once older than `SOURCES_TTL_SECONDS` (a 304 keeps it,
 * new bytes bump its version). Concurrent callers for one path share one fetch; while a first fetch is being
 * stored they get its held original with the record (first-fetch.ts), which only a render may use before
 * `held.persisted` settles.
 * @throws not_found, origin_unavailable, forbidden, image_too_large, unsupported_image
 */
export async function resolveSourceFile(services: Services, source: SourceRecord, path: string): Promise<ResolvedFile> {
  const file = await services.files.findByPath(source.workspaceId, source.id, path);
  if (file !== null && isFresh(file, services.config.sources.ttlSeconds, Date.now())) return { file };
  let flights = inFlight.get(services);
  if (flights === undefined) inFlight.set(services, (flights = new Map()));
  const key = `${source.workspaceId}\u0000${source.id}\u0000${path}`;
  const running = flights.get(key);
  if (running !== undefined) return running;
  const done = () => void flights.delete(key);
  let flight: Promise<ResolvedFile>;
  if (file === null) {
    // The flight lasts until the blob and row are written, so this instance never fetches the path twice meanwhile.
    flight = fetchFirst(services, source, path);
    flight.then((first) => first.held?.persisted.then(done, done), done);
  } else {
    flight = revalidate(services, source, file).then((revalidated) => ({ file: revalidated })).finally(done);
  }
  flights.set(key, flight);
  return flight;
}

/** `resolveSourceFile` from memory alone, for the hit path: the record when it is cached and fresh, else undefined. */
export function peekSourceFile(services: Services, source: SourceRecord, path: string): FileRecord | undefined {
  const file = services.files.peekPath(source.workspaceId, source.id, path);
  return file != null && isFresh(file, services.config.sources.ttlSeconds, Date.now()) ? file : undefined;
}

/**
 * The file at `path` in a workspace's source by name (`uploads` included), fetched on first use.
 * @throws not_found for an unknown source or path, and what {@link resolveSourceFile} throws
 */
export async function findPathFile(services: Services, workspaceId: string, sourceName: string, path: string): Promise<FileRecord> {
  if (sourceName === UPLOADS_SOURCE) {
    const file = await services.files.findByPath(workspaceId, UPLOADS_SOURCE, path);
    if (file === null) throw new AppError('not_found', `No upload stored at ${path}`);
    return file;
  }
  const source = await services.sources.getSource(workspaceId, sourceName);
  if (source === null) throw new AppError('not_found', `No source ${sourceName}`);
  const { file, held } = await resolveSourceFile(services, source, path);
  if (held === undefined) return file;
  // Callers other than renders read the blob and write to the row: both must be there first. The row is read
  // back: another instance may have stored the path first (its row, not this fetch's id, is the file), or the
  // database refused the row (logged by persist), and then there is no file to read or write yet.
  await held.store();
  const stored = await services.files.findByPath(workspaceId, source.id, path);
  if (stored === null) throw new AppError('storage_unavailable', `The image at ${path} could not be stored; try again later`);
  return stored;
}
