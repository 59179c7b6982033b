import type { SourceRow } from '../db/schema.js';

/** The URL dialects a host-mapped source reads: Convertly's own parameters, imgix's or Cloudinary's. */
export const SOURCE_DIALECTS = ['native', 'imgix', 'cloudinary'] as const;
export type SourceDialect = (typeof SOURCE_DIALECTS)[number];

/** A web folder: objects are `{baseUrl}/{path}`. */
export interface HttpSourceSettings {
  readonly kind: 'http';
  readonly baseUrl: string;
}

/** An S3 (or S3-compatible) bucket: objects are `{prefix}{path}`. Credentials fall back to the server's AWS environment. */
export interface S3SourceSettings {
  readonly kind: 's3';
  readonly bucket: string;
  readonly prefix: string;
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
  readonly accessKeyId?: string | undefined;
  readonly secretAccessKey?: string | undefined;
}

export type SourceSettings = HttpSourceSettings | S3SourceSettings;
export type SourceKind = SourceSettings['kind'];

/** A read-only origin of one workspace, addressed as `/src/{name}/{path…}` or through its host names. */
export interface SourceRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly name: string;
  readonly settings: SourceSettings;
  /** Anyone may render from it (an imgix web folder); otherwise the same rules as stored files. */
  readonly public: boolean;
  readonly hosts: readonly string[];
  readonly dialect: SourceDialect;
  readonly createdAt: string;
}

/** Maps a `sources` row and its host rows to the record callers use. */
export function toSourceRecord(row: SourceRow, hosts: readonly string[]): SourceRecord {
  return Object.freeze({
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    settings: Object.freeze({ ...(JSON.parse(row.settings) as object), kind: row.kind }) as SourceSettings,
    public: Number(row.public) === 1,
    hosts: Object.freeze([...hosts].sort()),
    dialect: row.dialect as SourceDialect,
    createdAt: row.created_at,
  });
}
