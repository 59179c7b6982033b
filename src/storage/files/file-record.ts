import type { FileRow } from '../db/schema.js';

/** A point in normalised source coordinates: (0,0) top-left, (1,1) bottom-right. */
export interface FocalPoint {
  readonly x: number;
  readonly y: number;
}

/** A stored file as callers see it (camelCase, parsed). `createdAt` is an ISO 8601 UTC string. */
export interface FileRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly name: string;
  readonly format: string;
  readonly width: number;
  readonly height: number;
  readonly hasAlpha: boolean;
  /** Frames of an animated GIF or WebP, 1 for other images; null when unknown (stored before it was recorded). */
  readonly frames: number | null;
  readonly bytes: number;
  readonly blobKey: string;
  readonly version: number;
  readonly focal: FocalPoint | null;
  readonly analysis: unknown;
  readonly createdAt: string;
  /** The source id it was fetched from (`uploads` for an upload stored under a path); null for a plain upload. */
  readonly source: string | null;
  /** Its path in that source; null for a plain upload. */
  readonly path: string | null;
  /** The origin's validators and when it last confirmed the bytes; null for anything not fetched. */
  readonly origin: OriginValidators | null;
}

/** What the origin said about the stored bytes, sent back when they are revalidated. */
export interface OriginValidators {
  readonly etag: string | null;
  readonly lastModified: string | null;
  /** ISO 8601: when the origin last served or confirmed these bytes. */
  readonly checkedAt: string;
}

/** Maps a `files` row to the record callers use. */
export function toFileRecord(row: FileRow): FileRecord {
  const focal = row.focal_x !== null && row.focal_y !== null ? { x: Number(row.focal_x), y: Number(row.focal_y) } : null;
  return Object.freeze({
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    format: row.format,
    width: Number(row.width),
    height: Number(row.height),
    hasAlpha: Number(row.has_alpha) === 1,
    frames: row.frames === null ? null : Number(row.frames),
    bytes: Number(row.bytes),
    blobKey: row.blob_key,
    version: Number(row.version),
    focal: focal === null ? null : Object.freeze(focal),
    analysis: parseAnalysis(row.analysis),
    createdAt: row.created_at,
    source: row.source,
    path: row.path,
    origin: row.checked_at === null ? null : Object.freeze({ etag: row.origin_etag, lastModified: row.origin_last_modified, checkedAt: row.checked_at }),
  });
}

function parseAnalysis(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Only we write this column; an unreadable value is re-derivable, so one bad row must not break listings.
    return null;
  }
}
