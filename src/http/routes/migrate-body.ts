import { AppError, invalidParameter } from '../../errors/app-error.js';
import { DIALECTS, type Dialect } from '../../compat/index.js';
import { SOURCE_NAME_PATTERN } from '../../services/sources/parse-new-source.js';

/** Most URLs one `POST /api/migrate/url` translates. */
export const MAX_MIGRATE_URLS = 1000;
/** Longest URL accepted; longer is not a URL anyone stored. */
export const MAX_URL_LENGTH = 8192;

/** A validated migration request: the URLs in order, and the dialect for custom domains. */
export interface MigrateBody {
  readonly urls: readonly string[];
  readonly dialect: Dialect | undefined;
  /** Address images by path in this source (`/src/{source}/…`; `uploads` for uploads stored under a path). */
  readonly source: string | undefined;
}

const SHAPE = 'send {"url": "…"} or {"urls": ["…", …]}, with an optional "dialect" (imgix or cloudinary) for custom domains and "source" to address images by path';

function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function wrongType(name: string, expected: string, value: unknown): AppError {
  return invalidParameter(name, expected, value, kindOf);
}

function checkUrl(value: unknown, name: string): string {
  if (typeof value !== 'string') throw wrongType(name, 'a URL string', value);
  if (value.length > MAX_URL_LENGTH) throw invalidParameter(name, `a URL of at most ${MAX_URL_LENGTH} characters`, value);
  return value;
}

function readUrls(fields: Record<string, unknown>): string[] {
  if (fields.url !== undefined && fields.urls !== undefined) throw new AppError('invalid_parameter', `Both "url" and "urls" were sent: ${SHAPE}`);
  if (fields.url !== undefined) return [checkUrl(fields.url, 'url')];
  const { urls } = fields;
  if (urls === undefined) throw new AppError('invalid_parameter', `No "url" or "urls" in the body: ${SHAPE}`);
  if (!Array.isArray(urls)) throw wrongType('urls', 'a list of URL strings', urls);
  if (urls.length === 0 || urls.length > MAX_MIGRATE_URLS) {
    throw new AppError('invalid_parameter', `Expected 1 to ${MAX_MIGRATE_URLS} URLs for urls but received ${urls.length}; split the list into several calls`, {
      details: { parameter: 'urls' },
    });
  }
  return urls.map((url, index) => checkUrl(url, `urls[${index}]`));
}

/**
 * Validates the body of `POST /api/migrate/url`.
 * @throws invalid_parameter naming the field that is missing, of the wrong type, too long or unknown
 */
export function migrateBody(body: unknown): MigrateBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw wrongType('body', 'a JSON object', body);
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !['url', 'urls', 'dialect', 'source'].includes(key));
  if (unknown !== undefined) throw new AppError('invalid_parameter', `Unknown field ${JSON.stringify(unknown)}: ${SHAPE}`, { details: { parameter: unknown } });
  const { dialect } = fields;
  if (dialect !== undefined && !(DIALECTS as readonly unknown[]).includes(dialect)) {
    if (typeof dialect !== 'string') throw wrongType('dialect', `one of ${DIALECTS.join(', ')}`, dialect);
    throw invalidParameter('dialect', `one of ${DIALECTS.join(', ')}`, dialect);
  }
  const { source } = fields;
  if (source !== undefined && (typeof source !== 'string' || !SOURCE_NAME_PATTERN.test(source))) {
    throw invalidParameter('source', 'a source name (lower-case letters, digits, "_" and "-"), or "uploads"', source);
  }
  return { urls: readUrls(fields), dialect: dialect as Dialect | undefined, source };
}
