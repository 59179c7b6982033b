import { isIP } from 'node:net';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { AppError, isAppError } from '../../errors/app-error.js';
import { createS3Client, type S3Bucket } from '../s3/s3-client.js';
import { isS3NotFound } from '../s3/s3-errors.js';
import type { S3SourceSettings } from '../sources/source-record.js';
import type { AddressPolicy } from './address-policy.js';
import { createGuardedLookup, RefusedAddressError } from './guarded-lookup.js';
import { notAnImageAtOrigin, originNotFound, originTooLarge, originUnavailable, type FetchLimits, type Origin, type OriginAnswer } from './origin-answer.js';

const NOT_IMAGE = /^(text\/|application\/(json|xml|xhtml|javascript))/i;

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function refusedIn(error: unknown): RefusedAddressError | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) if (cause instanceof RefusedAddressError) return cause;
  return undefined;
}

async function readLimited(body: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body) {
    length += (chunk as Buffer).length;
    if (length > maxBytes) {
      body.destroy();
      throw originTooLarge(maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, length);
}

/** `prefix` and `path` as one key: a prefix names a folder whether or not it ends with `/`. */
export function s3SourceKey(prefix: string, path: string): string {
  return prefix === '' ? path : `${prefix.replace(/\/+$/, '')}/${path}`;
}

/**
 * An S3 (or S3-compatible) bucket as an origin, on the blob store's client code, its endpoint resolved through the
 * same guarded lookup as web folders (a custom endpoint is user input). Conditional GETs revalidate (304).
 */
export function createS3Origin(settings: S3SourceSettings, policy: AddressPolicy, limits: FetchLimits): Origin & { destroy(): void } {
  const endpointHost = settings.endpoint === undefined ? undefined : new URL(settings.endpoint).hostname.replace(/^\[(.*)\]$/, '$1');
  const credentials = settings.accessKeyId !== undefined && settings.secretAccessKey !== undefined ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined;
  const bucket: S3Bucket = createS3Client({
    bucket: settings.bucket,
    endpoint: settings.endpoint,
    region: settings.region,
    credentials,
    maxSockets: 16,
    lookup: createGuardedLookup(policy),
  });
  return {
    async get(path, validators = {}): Promise<OriginAnswer> {
      if (endpointHost !== undefined && isIP(endpointHost) !== 0 && !policy.allows(endpointHost)) {
        throw new AppError('forbidden', `The source's endpoint ${endpointHost} is a private or local address; list it in SOURCES_ALLOW_PRIVATE to allow it`);
      }
      const Key = s3SourceKey(settings.prefix, path);
      const since = validators.lastModified ? new Date(validators.lastModified) : undefined;
      try {
        const answer = await bucket.client.send(
          new GetObjectCommand({
            Bucket: settings.bucket,
            Key,
            ...(validators.etag ? { IfNoneMatch: validators.etag } : {}),
            ...(since !== undefined && !Number.isNaN(since.getTime()) ? { IfModifiedSince: since } : {}),
          }),
          { abortSignal: AbortSignal.timeout(limits.timeoutMs) },
        );
        const body = answer.Body as Readable | undefined;
        if (answer.ContentLength !== undefined && answer.ContentLength > limits.maxBytes) {
          body?.destroy();
          throw originTooLarge(limits.maxBytes);
        }
        if (NOT_IMAGE.test(answer.ContentType ?? '')) {
          body?.destroy();
          throw notAnImageAtOrigin(answer.ContentType ?? '');
        }
        const bytes = body === undefined ? Buffer.alloc(0) : await readLimited(body, limits.maxBytes);
        return { kind: 'fresh', bytes, etag: answer.ETag ?? null, lastModified: answer.LastModified?.toUTCString() ?? null };
      } catch (error) {
        if (isAppError(error)) throw error;
        if (statusOf(error) === 304) return { kind: 'not_modified' };
        const refused = refusedIn(error);
        if (refused !== undefined) throw new AppError('forbidden', `The source's endpoint ${refused.host} resolves to ${refused.address}, a private or local address; list it in SOURCES_ALLOW_PRIVATE to allow it`);
        if (isS3NotFound(error)) throw originNotFound(`s3://${settings.bucket}/${Key}`);
        const status = statusOf(error);
        const name = (error as Error).name;
        throw originUnavailable(status === undefined ? `the bucket could not be reached (${name})` : `the bucket answered ${status} (${name})`, error);
      }
    },
    destroy: () => bucket.destroy(),
  };
}
