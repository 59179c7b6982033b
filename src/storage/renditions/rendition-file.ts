/** One cached render: the bytes and what the response needs to replay it. */
export interface RenditionEntry {
  readonly body: Buffer;
  readonly contentType: string;
  readonly etag: string;
  /** Extra response headers to replay (X-Convertly-Focus, X-Convertly-Window, Vary…). */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * On disk a rendition is one file, so one rename publishes bytes and metadata together:
 * `CVR1`, a uint32 BE metadata length, the metadata JSON, then the body. The metadata records
 * the body length so a file torn by a crash is detected and dropped instead of served.
 */
const MAGIC = Buffer.from('CVR1', 'ascii');
const PREFIX_BYTES = MAGIC.length + 4;

interface Meta {
  readonly contentType: string;
  readonly etag: string;
  readonly headers: Record<string, string>;
  readonly bodyBytes: number;
}

/** Serialises an entry into the on-disk format. */
export function encodeRendition(entry: RenditionEntry): Buffer {
  const meta: Meta = {
    contentType: entry.contentType,
    etag: entry.etag,
    headers: { ...entry.headers },
    bodyBytes: entry.body.length,
  };
  const metaBytes = Buffer.from(JSON.stringify(meta), 'utf8');
  const prefix = Buffer.alloc(PREFIX_BYTES);
  MAGIC.copy(prefix);
  prefix.writeUInt32BE(metaBytes.length, MAGIC.length);
  return Buffer.concat([prefix, metaBytes, entry.body]);
}

/** Parses the on-disk format; null when the file is not a whole rendition. */
export function decodeRendition(file: Buffer): RenditionEntry | null {
  if (file.length < PREFIX_BYTES || !file.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  const metaEnd = PREFIX_BYTES + file.readUInt32BE(MAGIC.length);
  if (metaEnd > file.length) return null;
  let meta: unknown;
  try {
    meta = JSON.parse(file.subarray(PREFIX_BYTES, metaEnd).toString('utf8'));
  } catch {
    return null;
  }
  if (!isMeta(meta) || file.length - metaEnd !== meta.bodyBytes) return null;
  return { body: file.subarray(metaEnd), contentType: meta.contentType, etag: meta.etag, headers: meta.headers };
}

/** Bytes an entry is charged in the memory tier: body plus a rough allowance for its metadata. */
export function entryBytes(entry: RenditionEntry): number {
  let meta = entry.contentType.length + entry.etag.length + 64;
  for (const [name, value] of Object.entries(entry.headers)) meta += name.length + value.length + 8;
  return entry.body.length + meta;
}

function isMeta(value: unknown): value is Meta {
  if (typeof value !== 'object' || value === null) return false;
  const meta = value as Record<string, unknown>;
  const headers = meta['headers'];
  return (
    typeof meta['contentType'] === 'string' &&
    typeof meta['etag'] === 'string' &&
    Number.isSafeInteger(meta['bodyBytes']) &&
    typeof headers === 'object' &&
    headers !== null &&
    !Array.isArray(headers) &&
    Object.values(headers).every((header) => typeof header === 'string')
  );
}
