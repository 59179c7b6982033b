import type { LookupFunction } from 'node:net';
import type { S3Env } from '../../config/s3-env.js';

/** Static credentials (tests, s3rver); production leaves them out and the AWS SDK's default chain finds them. */
export interface S3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** What `createS3Client` needs: the bucket and how to reach it. */
export interface S3ClientOptions {
  readonly bucket: string;
  /** MinIO, R2, Ceph, s3rver…; absent means AWS. */
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
  readonly forcePathStyle?: boolean | undefined;
  readonly credentials?: S3Credentials | undefined;
  /** Sockets kept open to the endpoint (default 64): renders and uploads in flight at once each hold one. */
  readonly maxSockets?: number | undefined;
  /** How the endpoint's name is resolved when a connection is made (sources pass their SSRF-guarded lookup). */
  readonly lookup?: LookupFunction | undefined;
}

/** The client options for the environment's S3 settings (without an access-key pair, the SDK's chain finds credentials). */
export function s3ClientOptionsFromEnv(env: S3Env): S3ClientOptions {
  return { bucket: env.bucket, endpoint: env.endpoint, region: env.region, forcePathStyle: env.forcePathStyle, credentials: env.credentials };
}

/** `prefix/key`, or `key` when there is no prefix. Prefixes never start or end with `/` (config/s3-env.ts). */
export function joinS3Key(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}/${key}`;
}
