import type { SourcesConfig } from '../../config/config.js';
import { AppError } from '../../errors/app-error.js';
import type { SourceRecord } from '../sources/source-record.js';
import { createAddressPolicy } from './address-policy.js';
import { createHttpFetcher } from './http-fetcher.js';
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
  const fetcher = createHttpFetcher(createAddressPolicy(config.allowPrivate), {
    maxBytes,
    connectTimeoutMs: config.connectTimeoutMs,
    timeoutMs: config.timeoutMs,
  });
  return {
    forSource(source) {
      const { settings } = source;
      if (settings.kind === 'http') return { get: (path, validators) => fetcher.get(originUrl(settings.baseUrl, path), validators) };
      return {
        get: async () => {
          throw new AppError('origin_unavailable', `The S3 source ${source.name} cannot be read by this server yet`);
        },
      };
    },
    close: () => fetcher.close(),
  };
}
