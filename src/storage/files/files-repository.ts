import type { Kysely } from 'kysely';
import { invalidParameter } from '../../errors/app-error.js';
import { withDbErrors } from '../db/wrap-db-error.js';
import type { Database, FileRow } from '../db/schema.js';
import { encodeFileCursor, parseFileCursor } from './file-cursor.js';
import { createFileId, isFileId } from './file-id.js';
import { toFileRecord, type FileRecord, type FocalPoint, type OriginValidators } from './file-record.js';

/** What the upload path knows about a new file; `id` defaults to `createFileId()`. */
export interface NewFile {
  readonly id?: string;
  readonly workspaceId: string;
  readonly name: string;
  readonly format: string;
  readonly width: number;
  readonly height: number;
  readonly hasAlpha?: boolean;
  /** Frames of an animation (1 when absent). */
  readonly frames?: number;
  readonly bytes: number;
  readonly blobKey: string;
  /** A source id (or `uploads`) and the path in it: the file is then also found by that path. */
  readonly source?: string | undefined;
  readonly path?: string | undefined;
  /** The origin's validators, for a file fetched from a source. */
  readonly origin?: OriginValidators | undefined;
}

/** A changed original fetched again from its origin: everything the new bytes change. */
export interface ReplacedOriginal extends Pick<FileRecord, 'format' | 'width' | 'height' | 'hasAlpha' | 'bytes' | 'blobKey'> {
  /** Frames of an animation (1 when absent). */
  readonly frames?: number;
  readonly origin: OriginValidators;
}

export interface ListFilesOptions {
  /** Page size, 1 to `MAX_PAGE_SIZE`; defaults to `DEFAULT_PAGE_SIZE`. */
  readonly limit?: number | undefined;
  /** The `nextCursor` of the previous page; absent for the first page. */
  readonly cursor?: string | null | undefined;
}

/** One page of files, newest first; `nextCursor` is null on the last page. */
export interface FilePage {
  readonly items: readonly FileRecord[];
  readonly nextCursor: string | null;
}

/** Typed access to `files`. Every read and write is scoped to one workspace: another's file is `null`. */
export interface FilesRepository {
  insertFile(file: NewFile): Promise<FileRecord>;
  getFile(workspaceId: string, id: string): Promise<FileRecord | null>;
  listFiles(workspaceId: string, options?: ListFilesOptions): Promise<FilePage>;
  /** Deletes the row and returns it (the caller still needs its blob key), or null when absent. */
  deleteFile(workspaceId: string, id: string): Promise<FileRecord | null>;
  /** Sets or clears the art-director focal point and bumps `version`. */
  setFocal(workspaceId: string, id: string, point: FocalPoint | null): Promise<FileRecord | null>;
  /** Stores the analyze response (any JSON value; null clears it). Does not bump `version`. */
  saveAnalysis(workspaceId: string, id: string, analysis: unknown): Promise<FileRecord | null>;
  /** The file stored under this path of this source (a source id or `uploads`), or null. */
  findByPath(workspaceId: string, source: string, path: string): Promise<FileRecord | null>;
  /** Points the file at new original bytes: bumps `version` and clears the analysis (it described the old bytes). */
  replaceOriginal(workspaceId: string, id: string, original: ReplacedOriginal): Promise<FileRecord | null>;
  /** Records that the origin confirmed the stored bytes (a 304): no version change. */
  markChecked(workspaceId: string, id: string, checkedAt: string): Promise<FileRecord | null>;
  /** Deletes every file of a source and returns them (their blobs and renditions are the caller's). */
  deleteBySource(workspaceId: string, source: string): Promise<readonly FileRecord[]>;
  /** Every file of every workspace, by id, a page at a time (storage gc and migrate; not for requests). */
  scanAllFiles(pageSize?: number): AsyncIterable<FileRecord>;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;
/** The columns are `integer` (int4 on PostgreSQL); upload limits sit far below this. */
const MAX_INT4 = 2_147_483_647;

/** Creates the files repository; `now` is injectable so tests can make rows share a timestamp. */
export function createFilesRepository(db: Kysely<Database>, options: { now?: () => Date } = {}): FilesRepository {
  const now = options.now ?? (() => new Date());
  const files = () => db.selectFrom('files').selectAll();
  const orNull = (row: FileRow | undefined) => (row === undefined ? null : toFileRecord(row));

  return {
    insertFile: (file) => {
      const row = newFileRow(file, now());
      return withDbErrors(`store file ${row.id}`, async () =>
        toFileRecord(await db.insertInto('files').values(row).returningAll().executeTakeFirstOrThrow()),
      );
    },
    getFile: (workspaceId, id) =>
      withDbErrors(`read file ${id}`, async () =>
        orNull(await files().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst()),
      ),
    listFiles: (workspaceId, listOptions = {}) => listPage(db, workspaceId, listOptions),
    async *scanAllFiles(pageSize = 500) {
      let after = '';
      for (;;) {
        const rows = await withDbErrors('list every file', () => files().where('id', '>', after).orderBy('id').limit(pageSize).execute());
        for (const row of rows) yield toFileRecord(row);
        const last = rows[rows.length - 1];
        if (last === undefined || rows.length < pageSize) return;
        after = last.id;
      }
    },
    deleteFile: (workspaceId, id) =>
      withDbErrors(`delete file ${id}`, async () =>
        orNull(
          await db
            .deleteFrom('files')
            .where('workspace_id', '=', workspaceId)
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirst(),
        ),
      ),
    setFocal: (workspaceId, id, point) => {
      if (point !== null) assertFocalPoint(point);
      return withDbErrors(`set the focal point of file ${id}`, async () =>
        orNull(
          await db
            .updateTable('files')
            .set((eb) => ({ focal_x: point?.x ?? null, focal_y: point?.y ?? null, version: eb('version', '+', 1) }))
            .where('workspace_id', '=', workspaceId)
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirst(),
        ),
      );
    },
    saveAnalysis: (workspaceId, id, analysis) => {
      const text = analysis === null ? null : JSON.stringify(analysis);
      if (text === undefined) throw invalidParameter('analysis', 'a JSON value', analysis);
      return withDbErrors(`save the analysis of file ${id}`, async () =>
        orNull(
          await db
            .updateTable('files')
            .set({ analysis: text })
            .where('workspace_id', '=', workspaceId)
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirst(),
        ),
      );
    },
    findByPath: (workspaceId, source, path) =>
      withDbErrors(`read ${source}/${path}`, async () =>
        orNull(await files().where('workspace_id', '=', workspaceId).where('source', '=', source).where('path', '=', path).executeTakeFirst()),
      ),
    replaceOriginal: (workspaceId, id, original) =>
      withDbErrors(`replace the original of file ${id}`, async () =>
        orNull(
          await db
            .updateTable('files')
            .set((eb) => ({
              format: original.format,
              width: original.width,
              height: original.height,
              has_alpha: original.hasAlpha ? 1 : 0,
              frames: original.frames ?? 1,
              bytes: original.bytes,
              blob_key: original.blobKey,
              analysis: null,
              origin_etag: original.origin.etag,
              origin_last_modified: original.origin.lastModified,
              checked_at: original.origin.checkedAt,
              version: eb('version', '+', 1),
            }))
            .where('workspace_id', '=', workspaceId)
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirst(),
        ),
      ),
    markChecked: (workspaceId, id, checkedAt) =>
      withDbErrors(`revalidate file ${id}`, async () =>
        orNull(
          await db.updateTable('files').set({ checked_at: checkedAt }).where('workspace_id', '=', workspaceId).where('id', '=', id).returningAll().executeTakeFirst(),
        ),
      ),
    deleteBySource: (workspaceId, source) =>
      withDbErrors(`delete the files of source ${source}`, async () =>
        (await db.deleteFrom('files').where('workspace_id', '=', workspaceId).where('source', '=', source).returningAll().execute()).map(toFileRecord),
      ),
  };
}

async function listPage(db: Kysely<Database>, workspaceId: string, options: ListFilesOptions): Promise<FilePage> {
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw invalidParameter('limit', `an integer from 1 to ${MAX_PAGE_SIZE}`, limit);
  }
  const after = options.cursor ? parseFileCursor(options.cursor) : null;
  const rows = await withDbErrors('list files', () => {
    let query = db.selectFrom('files').selectAll().where('workspace_id', '=', workspaceId);
    if (after !== null) {
      // A row-value comparison on (created_at, id) so rows sharing a timestamp are neither repeated nor skipped.
      query = query.where(({ eb, refTuple, tuple }) =>
        eb(refTuple('created_at', 'id'), '<', tuple(after.createdAt, after.id)),
      );
    }
    // One extra row tells whether another page exists without a count query.
    return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  });
  const items = rows.slice(0, limit).map(toFileRecord);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last !== undefined ? encodeFileCursor(last) : null;
  return { items, nextCursor };
}

function newFileRow(file: NewFile, createdAt: Date) {
  const id = file.id ?? createFileId();
  if (!isFileId(id)) throw invalidParameter('id', 'up to 64 letters, digits, "_" or "-"', id);
  for (const name of ['width', 'height', 'bytes'] as const) {
    const value = file[name];
    if (!Number.isSafeInteger(value) || value < 0 || value > MAX_INT4) {
      throw invalidParameter(name, `an integer from 0 to ${MAX_INT4}`, value);
    }
  }
  return {
    id,
    workspace_id: file.workspaceId,
    name: file.name,
    format: file.format,
    width: file.width,
    height: file.height,
    has_alpha: file.hasAlpha === true ? 1 : 0,
    frames: file.frames ?? 1,
    bytes: file.bytes,
    blob_key: file.blobKey,
    created_at: createdAt.toISOString(),
    source: file.source ?? null,
    path: file.path ?? null,
    origin_etag: file.origin?.etag ?? null,
    origin_last_modified: file.origin?.lastModified ?? null,
    checked_at: file.origin?.checkedAt ?? null,
  };
}

function assertFocalPoint(point: FocalPoint): void {
  for (const axis of ['x', 'y'] as const) {
    const value = point[axis];
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw invalidParameter(axis, 'a number from 0 to 1', value);
    }
  }
}
