import { AppError, invalidParameter } from '../../errors/app-error.js';
import { isOneOf } from '../../shared/is.js';
import { SOURCE_DIALECTS, type NewSource, type SourceSettings } from '../../storage/index.js';

/** The built-in source of uploads stored under a path (`POST /api/files?path=…`): no added source may take its name. */
export const UPLOADS_SOURCE = 'uploads';
/** A source name: lower case, digits, `_` and `-`; it is a URL segment (`/src/{name}/…`). */
export const SOURCE_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const HOST_PATTERN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const MAX_HOSTS = 20;
const FIELDS = ['name', 'kind', 'baseUrl', 'bucket', 'prefix', 'endpoint', 'region', 'accessKeyId', 'secretAccessKey', 'public', 'hosts', 'dialect'];

function text(body: Record<string, unknown>, name: string, expected: string, max = 1024): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > max) throw invalidParameter(name, expected, value);
  return value;
}

/**
 * An http(s) URL without credentials, query or fragment, as a base to append paths to.
 * @throws invalid_parameter
 */
export function parseBaseUrl(raw: unknown, name = 'baseUrl'): string {
  const expected = 'an http:// or https:// URL without user, query or fragment, like https://images.example.com/photos';
  let url: URL | undefined;
  try {
    url = typeof raw === 'string' ? new URL(raw) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || !['http:', 'https:'].includes(url.protocol) || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw invalidParameter(name, expected, raw);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function parseHosts(raw: unknown): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length > MAX_HOSTS) throw invalidParameter('hosts', `a list of at most ${MAX_HOSTS} host names`, raw);
  const hosts = raw.map((host) => {
    const lower = typeof host === 'string' ? host.trim().toLowerCase() : host;
    if (typeof lower !== 'string' || !HOST_PATTERN.test(lower)) throw invalidParameter('hosts', 'host names such as img.example.com (no scheme, port or path)', host);
    return lower;
  });
  return [...new Set(hosts)];
}

function parseSettings(body: Record<string, unknown>): SourceSettings {
  const kind = body.kind;
  if (kind === 'http') {
    if (body.bucket !== undefined || body.prefix !== undefined) throw new AppError('invalid_parameter', 'An http source takes "baseUrl", not "bucket" or "prefix"');
    return { kind, baseUrl: parseBaseUrl(body.baseUrl) };
  }
  if (kind === 's3') {
    const bucket = body.bucket;
    if (typeof bucket !== 'string' || !BUCKET_PATTERN.test(bucket)) throw invalidParameter('bucket', 'an S3 bucket name (3 to 63 lower-case letters, digits, "." and "-")', bucket);
    const prefix = text(body, 'prefix', 'a key prefix of at most 512 characters', 512)?.replace(/^\/+/, '') ?? '';
    const endpoint = body.endpoint === undefined ? undefined : parseBaseUrl(body.endpoint, 'endpoint');
    const region = text(body, 'region', 'an AWS region name such as eu-west-1', 64);
    const accessKeyId = text(body, 'accessKeyId', 'an access key id', 256);
    const secretAccessKey = text(body, 'secretAccessKey', 'a secret access key', 256);
    if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
      throw new AppError('invalid_parameter', 'Send both "accessKeyId" and "secretAccessKey", or neither (the server\'s AWS credentials are then used)');
    }
    return { kind, bucket, prefix, endpoint, region, accessKeyId, secretAccessKey };
  }
  throw invalidParameter('kind', '"http" or "s3"', kind);
}

/**
 * Validates a new source as the API and the CLI describe it:
 * `{name, kind: "http", baseUrl}` or `{name, kind: "s3", bucket, prefix?, endpoint?, region?, accessKeyId?, secretAccessKey?}`,
 * with `public?`, `hosts?` and `dialect?`.
 * @throws invalid_parameter naming the field
 */
export function parseNewSource(workspaceId: string, body: unknown): NewSource {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('invalid_parameter', 'Expected a JSON object {"name", "kind": "http", "baseUrl"} or {"name", "kind": "s3", "bucket", …}');
  }
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !FIELDS.includes(key));
  if (unknown !== undefined) throw new AppError('invalid_parameter', `Unknown field ${JSON.stringify(unknown)}; a source takes ${FIELDS.join(', ')}`);
  const name = fields.name;
  if (typeof name !== 'string' || !SOURCE_NAME_PATTERN.test(name)) {
    throw invalidParameter('name', 'a name of 1 to 63 lower-case letters, digits, "_" and "-"', name);
  }
  if (name === UPLOADS_SOURCE) throw new AppError('conflict', `The source name "${UPLOADS_SOURCE}" is built in (uploads stored under a path); choose another`);
  if (fields.public !== undefined && typeof fields.public !== 'boolean') throw invalidParameter('public', 'true or false', fields.public);
  const dialect = fields.dialect ?? 'native';
  if (!isOneOf(SOURCE_DIALECTS, dialect)) throw invalidParameter('dialect', SOURCE_DIALECTS.join(', '), dialect);
  return { workspaceId, name, settings: parseSettings(fields), public: fields.public === true, hosts: parseHosts(fields.hosts), dialect };
}
