import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Timestamps are ISO 8601 UTC strings with milliseconds (`Date#toISOString()`), stored as text
 * on both dialects: one TypeScript type everywhere (pg returns int8 as a string and timestamptz
 * as a Date, SQLite has no date type), readable in a SQL shell, and the fixed-width format sorts
 * chronologically as plain text under any collation.
 */
export type IsoTimestamp = string;

/** A column written once at insert and never updated. */
type Immutable<T> = ColumnType<T, T, never>;

/** The `workspaces` table: the unit of ownership and billing. */
export interface WorkspacesTable {
  readonly id: Immutable<string>;
  readonly name: string;
  /** A plan name (`free`, `starter`, `pro`); the catalogue lives in accounts/. */
  readonly plan: Generated<string>;
  readonly created_at: Immutable<IsoTimestamp>;
}

/** The `files` table: one stored original image. */
export interface FilesTable {
  readonly id: Immutable<string>;
  readonly workspace_id: Immutable<string>;
  readonly name: string;
  readonly format: string;
  readonly width: number;
  readonly height: number;
  /** 1 when the original has an alpha channel (0/1 rather than boolean: one type on both dialects). */
  readonly has_alpha: Generated<number>;
  readonly bytes: number;
  readonly blob_key: string;
  /** Part of every rendition cache key; bumped by anything that changes how the file renders. */
  readonly version: Generated<number>;
  readonly focal_x: number | null;
  readonly focal_y: number | null;
  /** The analyze response as JSON text. */
  readonly analysis: string | null;
  readonly created_at: Immutable<IsoTimestamp>;
}

/** Every table Kysely knows about. */
export interface Database {
  readonly workspaces: WorkspacesTable;
  readonly files: FilesTable;
}

export type WorkspaceRow = Selectable<WorkspacesTable>;
export type NewWorkspaceRow = Insertable<WorkspacesTable>;
export type FileRow = Selectable<FilesTable>;
export type NewFileRow = Insertable<FilesTable>;
export type FileRowUpdate = Updateable<FilesTable>;
