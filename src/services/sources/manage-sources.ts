import type { SourceRecord } from '../../storage/index.js';
import type { Services } from '../create-services.js';
import { parseNewSource } from './parse-new-source.js';

/** The public JSON of a source: its settings without the secret key. */
export function sourceJson(source: SourceRecord): Record<string, unknown> {
  const { settings } = source;
  const shown =
    settings.kind === 'http'
      ? { baseUrl: settings.baseUrl }
      : {
          bucket: settings.bucket,
          prefix: settings.prefix,
          endpoint: settings.endpoint ?? null,
          region: settings.region ?? null,
          accessKeyId: settings.accessKeyId ?? null,
        };
  return {
    id: source.id,
    name: source.name,
    kind: settings.kind,
    ...shown,
    public: source.public,
    hosts: source.hosts,
    dialect: source.dialect,
    createdAt: source.createdAt,
  };
}

/**
 * Adds a source to a workspace.
 * @throws invalid_parameter for a bad description; conflict when the name or a host is taken
 */
export function addSource(services: Pick<Services, 'sources'>, workspaceId: string, body: unknown): Promise<SourceRecord> {
  return services.sources.insertSource(parseNewSource(workspaceId, body));
}

/**
 * Removes a source and every file fetched from it (rows first, then renditions and blobs; a failing
 * cleanup is reported, as for a deleted file). Returns null when the workspace has no such source.
 */
export async function removeSource(services: Services, workspaceId: string, name: string): Promise<SourceRecord | null> {
  const removed = await services.sources.deleteSource(workspaceId, name);
  if (removed === null) return null;
  const files = await services.files.deleteBySource(workspaceId, removed.id);
  for (const file of files) {
    await services.renditions.deleteFile(file.id).catch(services.reportError);
    services.decoded.delete(file.blobKey);
    await services.blobs.delete(file.blobKey).catch(services.reportError);
  }
  return removed;
}
