import { AppError, expectedMessage } from '../errors/app-error.js';

/**
 * Where the S3-compatible object store is, as the environment says (SPEC §7). Credentials come from the AWS
 * SDK's default chain (profiles, instance roles…); the access-key pair is read here too when both halves are
 * set, which is what the chain would find first, so that a config built from an explicit environment (tests,
 * `convertly storage migrate`) carries its own.
 */
export interface S3Env {
  readonly bucket: string;
  /** MinIO, R2, Ceph…; undefined means AWS itself. */
  readonly endpoint: string | undefined;
  /** undefined lets the SDK's chain decide (AWS_REGION, profile); an endpoint without one uses `us-east-1`. */
  readonly region: string | undefined;
  /** Prepended to every key, without a trailing slash ('' for none): several deployments can share a bucket. */
  readonly prefix: string;
  /** `bucket` in the path rather than the host name; most self-hosted servers need it, so it defaults to on with an endpoint. */
  readonly forcePathStyle: boolean;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string } | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

// S3's own rules for bucket names (3–63 characters, lower case, digits, dots and hyphens).
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

function bad(name: string, expected: string, raw: string): AppError {
  return new AppError('invalid_parameter', expectedMessage(expected, `the environment variable ${name}`, raw, JSON.stringify));
}

function parseBoolean(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw bad(name, 'true or false', raw);
}

/**
 * The S3 settings, or undefined when `S3_BUCKET` is unset (blobs then live in the data folder).
 * @throws invalid_parameter for a malformed bucket, endpoint, prefix or S3_FORCE_PATH_STYLE
 */
export function parseS3Env(env: Env): S3Env | undefined {
  const bucket = env.S3_BUCKET?.trim();
  if (!bucket) return undefined;
  if (!BUCKET.test(bucket)) throw bad('S3_BUCKET', 'a bucket name (3–63 lower-case letters, digits, "." and "-")', bucket);
  const endpoint = env.S3_ENDPOINT?.trim() || undefined;
  if (endpoint !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw bad('S3_ENDPOINT', 'an http:// or https:// URL', endpoint);
  }
  const prefix = (env.S3_PREFIX ?? '').trim().replace(/^\/+|\/+$/g, '');
  if (prefix !== '' && !PREFIX.test(prefix)) throw bad('S3_PREFIX', 'a key prefix of "/"-separated letters, digits, ".", "_" and "-"', prefix);
  return {
    bucket,
    endpoint,
    region: env.S3_REGION?.trim() || undefined,
    prefix,
    forcePathStyle: parseBoolean('S3_FORCE_PATH_STYLE', env.S3_FORCE_PATH_STYLE, endpoint !== undefined),
    credentials:
      env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
        ? {
            accessKeyId: env.AWS_ACCESS_KEY_ID,
            secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          }
        : undefined,
  };
}
