import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { S3Client } from '@aws-sdk/client-s3';
import type { S3ClientOptions } from './s3-config.js';

/** An S3 client bound to its bucket: every driver over the bucket (blobs, shared renditions) takes one. */
export interface S3Bucket {
  readonly client: S3Client;
  readonly bucket: string;
  /** Closes the kept-alive sockets. */
  destroy(): void;
}

/** Fail fast on a dead endpoint: the request path turns the failure into a 503, it must not hang for minutes. */
const CONNECT_TIMEOUT_MS = 3_000;
/** Idle socket time before a request is abandoned (a large upload keeps its socket busy, so this is not a total). */
const SOCKET_TIMEOUT_MS = 30_000;

/**
 * An S3 client for `options.bucket`, with keep-alive sockets (a render that misses must not pay a TLS or TCP
 * handshake per original) and short connect timeouts.
 *
 * With a custom endpoint, checksums are sent and checked only when the operation requires them: the SDK's
 * newer default (a CRC32 trailer on every upload, in aws-chunked encoding) is not understood by many
 * S3-compatible servers, which would store the chunk framing as the object's bytes.
 */
export function createS3Client(options: S3ClientOptions): S3Bucket {
  const maxSockets = options.maxSockets ?? 64;
  const lookup = options.lookup === undefined ? {} : { lookup: options.lookup };
  const httpAgent = new HttpAgent({ keepAlive: true, maxSockets, ...lookup });
  const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets, ...lookup });
  const custom = options.endpoint !== undefined;
  const client = new S3Client({
    ...(custom ? { endpoint: options.endpoint, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
    // A self-hosted endpoint has no region of its own; the SDK still needs one to sign.
    ...(options.region !== undefined ? { region: options.region } : custom ? { region: 'us-east-1' } : {}),
    forcePathStyle: options.forcePathStyle ?? custom,
    ...(options.credentials !== undefined ? { credentials: { ...options.credentials } } : {}),
    maxAttempts: 3,
    // Resolve each command's middleware stack once, not on every send: about a quarter of a millisecond of
    // CPU per request (bench:scale's shared-tier hit). Nothing here edits the stack after the first request.
    cacheMiddleware: true,
    requestHandler: { httpAgent, httpsAgent, connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: SOCKET_TIMEOUT_MS },
  });
  return {
    client,
    bucket: options.bucket,
    destroy() {
      client.destroy();
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
