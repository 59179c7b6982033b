import { createHash } from 'node:crypto';
import { AppError, isAppError } from '../../errors/app-error.js';
import { probeImage } from '../../engine/source-info.js';
import { createFileId, type FileRecord, type OriginAnswer, type SourceRecord } from '../../storage/index.js';
import type { Services } from '../create-services.js';
import { UPLOADS_SOURCE } from './parse-new-source.js';

type Fresh = Extract<OriginAnswer, { kind: 'fresh' }>;

/** Fetches in flight, by workspace, source and path: concurrent first requests for one path fetch it once. */
const inFlight = new WeakMap<Services, Map<string, Promise<FileRecord>>>();
/** Rows of first fetches being written, by file id (see storeFirst). */
const persisting = new WeakMap<Services, Map<string, Promise<unknown>>>();

/**
 * Settles when the row of a just-fetched file is written (at once for any other file): a first request answers
 * only then, so whatever its client does next (list files, analyze the path) sees the file.
 */
export function filePersisted(services: Services, fileId: string): Promise<unknown> | undefined {
  return persisting.get(services)?.get(fileId);
}

function isFresh(file: FileRecord, ttlSeconds: number, nowMs: number): boolean {
  const checked = file.origin === null ? Number.NaN : Date.parse(file.origin.checkedAt);
  return nowMs - checked < ttlSeconds * 1000;
}

/**
 * What the fetched bytes are, from the header, before anything is written (format, pixel limit). Unlike an
 * upload they are not decoded once more to prove them whole: the render that asked for them decodes them next
 * (a corrupt original is a 415 there), and that extra decode was most of a first request's overhead.
 */
async function describeOriginal(services: Services, bytes: Buffer) {
  if (bytes.length === 0) throw new AppError('unsupported_image', 'The source answered an empty body, not an image');
  return probeImage(bytes, services.config.limits);
}

function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).slice(0, 200) || path.slice(0, 200);
}

/** Blob keys are versioned by content, so a changed original never shares a key (or a decoded-cache entry) with the old one. */
function blobKeyFor(workspaceId: string, id: string, bytes: Buffer): string {
  return `${workspaceId}/${id}.${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`;
}

/** A first fetch: the record to render with at once, and its row being written meanwhile. */
interface FirstFetch {
  readonly record: FileRecord;
  /** Settles once the row is written (or another instance's row is found); never rejects. */
  readonly persisted: Promise<unknown>;
}

/**
 * Stores a first fetch: the blob first (a row never points at a missing blob), then the row is written while the
 * caller already renders from the record (the row's write was a fifth of a first request). Should the row fail
 * (another instance stored the path first, the database is away), the render was still of the origin's bytes;
 * the blob is removed and the next request uses (or fetches) the path afresh.
 */
async function storeFirst(services: Services, source: SourceRecord, path: string, answer: Fresh): Promise<FirstFetch> {
  const probed = await describeOriginal(services, answer.bytes);
  const id = createFileId();
  const blobKey = blobKeyFor(source.workspaceId, id, answer.bytes);
  await services.blobs.put(blobKey, answer.bytes);
  const origin = { etag: answer.etag, lastModified: answer.lastModified, checkedAt: new Date().toISOString() };
  const fields = { format: probed.format, width: probed.width, height: probed.height, hasAlpha: probed.hasAlpha, frames: probed.pages, bytes: answer.bytes.length, blobKey };
  const record: FileRecord = Object.freeze({
    id, workspaceId: source.workspaceId, name: nameOf(path), ...fields, version: 1, focal: null, analysis: null,
    createdAt: origin.checkedAt, source: source.id, path, origin: Object.freeze(origin),
  });
  const persisted = services.files
    .insertFile({ id, workspaceId: source.workspaceId, name: record.name, ...fields, source: source.id, path, origin })
    .catch(async (error: unknown) => {
      await services.blobs.delete(blobKey).catch(() => {});
      // Another instance stored the same path first: its record serves the next request. Anything else is logged.
      if (!(isAppError(error) && error.code === 'conflict')) services.reportError(error);
    });
  return { record, persisted };
}

async function replace(services: Services, file: FileRecord, answer: Fresh): Promise<FileRecord> {
  const checkedAt = new Date().toISOString();
  const blobKey = blobKeyFor(file.workspaceId, file.id, answer.bytes);
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

async function fetchFirst(services: Services, source: SourceRecord, path: string): Promise<FirstFetch> {
  const answer = await services.origins.forSource(source).get(path);
  if (answer.kind !== 'fresh') throw new AppError('origin_unavailable', 'The source answered 304 to a request without validators');
  return storeFirst(services, source, path, answer);
}

/**
 * The file record of `path` in `source`: fetched from the origin on first use (stored in the blob store,
 * a file record keyed by source and path), revalidated once older than `SOURCES_TTL_SECONDS` (a 304 keeps it,
 * new bytes bump its version). Concurrent callers for one path share one fetch.
 * @throws not_found, origin_unavailable, forbidden, image_too_large, unsupported_image
 */
export async function resolveSourceFile(services: Services, source: SourceRecord, path: string): Promise<FileRecord> {
  const file = await services.files.findByPath(source.workspaceId, source.id, path);
  if (file !== null && isFresh(file, services.config.sources.ttlSeconds, Date.now())) return file;
  let flights = inFlight.get(services);
  if (flights === undefined) inFlight.set(services, (flights = new Map()));
  const key = `${source.workspaceId}\u0000${source.id}\u0000${path}`;
  const running = flights.get(key);
  if (running !== undefined) return running;
  const done = () => void flights.delete(key);
  let flight: Promise<FileRecord>;
  if (file === null) {
    const first = fetchFirst(services, source, path);
    // The flight lasts until the row is written, so this instance never fetches the path twice meanwhile.
    first.then((fetched) => {
      let rows = persisting.get(services);
      if (rows === undefined) persisting.set(services, (rows = new Map()));
      rows.set(fetched.record.id, fetched.persisted);
      void fetched.persisted.finally(() => {
        rows.delete(fetched.record.id);
        done();
      });
    }, done);
    flight = first.then((fetched) => fetched.record);
  } else {
    flight = revalidate(services, source, file).finally(done);
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
  return resolveSourceFile(services, source, path);
}
