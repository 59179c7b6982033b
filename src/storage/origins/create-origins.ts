import type { SourcesConfig } from '../../config/config.js';
import type { SourceRecord } from '../sources/source-record.js';
import { createAddressPolicy } from './address-policy.js';
import { createHttpFetcher } from './http-fetcher.js';
import { createS3Origin } from './s3-origin.js';
import type { Origin } from './origin-answer.js';

/** The origin of each source, sharing one guarded connection pool. */
export interface Origins {
  forSource(source: SourceRecord): Origin;
  close(): void;
}

/** `{base}/{path}` with each path segment percent-encoded again (paths arrive decoded). */
export function originUrl(baseUrl: string, path: string): string {
  return `${baseUrl}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

export function createOrigins(config: SourcesConfig, maxBytes: number): Origins {
  const policy = createAddressPolicy(config.allowPrivate);
  const limits = { maxBytes, connectTimeoutMs: config.connectTimeoutMs, timeoutMs: config.timeoutMs };
  const fetcher = createHttpFetcher(policy, limits);
  // One S3 client per source (its own endpoint and credentials), kept for its connection pool.
  const buckets = new Map<string, ReturnType<typeof createS3Origin>>();
  return {
    forSource(source) {
      const { settings } = source;
      if (settings.kind === 'http') return { get: (path, validators) => fetcher.get(originUrl(settings.baseUrl, path), validators) };
      let origin = buckets.get(source.id);
      if (origin === undefined) buckets.set(source.id, (origin = createS3Origin(settings, policy, limits)));
      return origin;
    },
    close() {
      fetcher.close();
      for (const origin of buckets.values()) origin.destroy();
      buckets.clear();
    },
  };
}
