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
  /** Frames of an animated GIF or WebP, 1 for other images; null for files stored before it was recorded. */
  readonly frames: Generated<number | null>;
  readonly bytes: number;
  readonly blob_key: string;
  /** Part of every rendition cache key; bumped by anything that changes how the file renders. */
  readonly version: Generated<number>;
  readonly focal_x: number | null;
  readonly focal_y: number | null;
  /** The analyze response as JSON text. */
  readonly analysis: string | null;
  readonly created_at: Immutable<IsoTimestamp>;
  /** The source id the file was fetched from, or `uploads` for an upload stored under a path; null for a plain upload. */
  readonly source: Generated<string | null>;
  /** The file's path in its source (unique per workspace and source). */
  readonly path: Generated<string | null>;
  /** The origin's validators of the stored bytes, sent back on revalidation. */
  readonly origin_etag: Generated<string | null>;
  readonly origin_last_modified: Generated<string | null>;
  /** When the origin last confirmed (or served) these bytes. */
  readonly checked_at: Generated<IsoTimestamp | null>;
}

/** The `sources` table: read-only origins (web folders, S3 buckets) a workspace renders from. */
export interface SourcesTable {
  readonly id: Immutable<string>;
  readonly workspace_id: Immutable<string>;
  readonly name: Immutable<string>;
  /** `http` or `s3`. */
  readonly kind: Immutable<string>;
  /** The kind's settings as JSON text. */
  readonly settings: string;
  /** 1 when anyone may render from it. */
  readonly public: Generated<number>;
  /** `native`, `imgix` or `cloudinary`: how query strings on its hosts are read. */
  readonly dialect: Generated<string>;
  readonly created_at: Immutable<IsoTimestamp>;
}

/** The `source_hosts` table: a host name served from a source (unique across workspaces). */
export interface SourceHostsTable {
  readonly host: Immutable<string>;
  readonly source_id: Immutable<string>;
}

/** The `users` table: people who sign in to the dashboard. */
export interface UsersTable {
  readonly id: Immutable<string>;
  /** Always lower case (the repository folds it), so the unique index is case-insensitive. */
  readonly email: string;
  /** argon2id PHC string. */
  readonly password_hash: string;
  readonly created_at: Immutable<IsoTimestamp>;
}

/** The `memberships` table: which users belong to which workspaces, and as what. */
export interface MembershipsTable {
  readonly user_id: Immutable<string>;
  readonly workspace_id: Immutable<string>;
  /** `owner` or `member`. */
  readonly role: Generated<string>;
  readonly created_at: Immutable<IsoTimestamp>;
}

/** The `sessions` table: signed-in browsers, stored by the SHA-256 of the cookie value. */
export interface SessionsTable {
  readonly token_hash: Immutable<string>;
  readonly user_id: Immutable<string>;
  readonly workspace_id: Immutable<string>;
  readonly created_at: Immutable<IsoTimestamp>;
  readonly expires_at: IsoTimestamp;
}

/** The `api_keys` table: secret API keys (`api`) and public delivery keys (`delivery`), stored hashed. */
export interface ApiKeysTable {
  /** The public display id (`cvly_Ab3dE9xZ`). */
  readonly id: Immutable<string>;
  readonly workspace_id: Immutable<string>;
  readonly kind: Immutable<string>;
  /** SHA-256 hex of the token. */
  readonly hash: Immutable<string>;
  readonly name: string;
  /** JSON array of normalised origins; `[]` allows any (delivery keys only). */
  readonly allowed_origins: Generated<string>;
  readonly created_at: Immutable<IsoTimestamp>;
  readonly revoked_at: IsoTimestamp | null;
  /** When the key last authenticated a request (updated at most once a minute); null if never. */
  readonly last_used_at: ColumnType<IsoTimestamp | null, IsoTimestamp | null | undefined, IsoTimestamp | null>;
}

/** The `signing_secrets` table: HMAC keys of URL signatures; several are valid during a rotation. */
export interface SigningSecretsTable {
  readonly id: Immutable<string>;
  readonly workspace_id: Immutable<string>;
  readonly secret: Immutable<string>;
  readonly created_at: Immutable<IsoTimestamp>;
  readonly retired_at: IsoTimestamp | null;
}

/** The `usage` table: media operations spent per workspace and month (`YYYY-MM`). */
export interface UsageTable {
  readonly workspace_id: Immutable<string>;
  readonly period: Immutable<string>;
  readonly used: Generated<number>;
}

/** `rendition_charges`: the renditions already charged, so each is charged once across all instances. */
export interface RenditionChargesTable {
  readonly rendition_key: Immutable<string>;
  readonly workspace_id: Immutable<string>;
  readonly file_id: Immutable<string>;
  readonly period: Immutable<string>;
  readonly charged_at: Immutable<IsoTimestamp>;
}

/** `login_attempts`: sign-in failures and attempts in flight, per limiter (`account`, `address`) and key. */
export interface LoginAttemptsTable {
  readonly id: Immutable<string>;
  readonly limiter: Immutable<string>;
  readonly key: Immutable<string>;
  /** Milliseconds since the epoch (a bigint column; PostgreSQL hands it back as a string). */
  readonly at_ms: Immutable<number | string>;
}

/** The `usage_daily` table: media operations per workspace, UTC day (`YYYY-MM-DD`) and kind (`analyze`, `render`). */
export interface UsageDailyTable {
  readonly workspace_id: Immutable<string>;
  readonly day: Immutable<string>;
  readonly kind: Immutable<string>;
  readonly used: Generated<number>;
}

/** The `presets` table: a workspace's named transformations (issue 15). */
export interface PresetsTable {
  readonly workspace_id: Immutable<string>;
  readonly name: Immutable<string>;
  /** The parameters as a JSON object of strings, validated by the URL parser before they are written. */
  readonly params: string;
  readonly created_at: Immutable<IsoTimestamp>;
  readonly updated_at: IsoTimestamp;
}

/** Every table Kysely knows about. */
export interface Database {
  readonly workspaces: WorkspacesTable;
  readonly files: FilesTable;
  readonly users: UsersTable;
  readonly memberships: MembershipsTable;
  readonly sessions: SessionsTable;
  readonly api_keys: ApiKeysTable;
  readonly signing_secrets: SigningSecretsTable;
  readonly usage: UsageTable;
  readonly usage_daily: UsageDailyTable;
  readonly sources: SourcesTable;
  readonly source_hosts: SourceHostsTable;
  readonly rendition_charges: RenditionChargesTable;
  readonly login_attempts: LoginAttemptsTable;
  readonly presets: PresetsTable;
}

export type WorkspaceRow = Selectable<WorkspacesTable>;
export type NewWorkspaceRow = Insertable<WorkspacesTable>;
export type FileRow = Selectable<FilesTable>;
export type NewFileRow = Insertable<FilesTable>;
export type FileRowUpdate = Updateable<FilesTable>;
export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type SigningSecretRow = Selectable<SigningSecretsTable>;
export type SourceRow = Selectable<SourcesTable>;
