import type { Kysely } from 'kysely';
import { randomBytes } from 'node:crypto';
import { withDbErrors } from '../db/wrap-db-error.js';
import type { Database, SourceRow } from '../db/schema.js';
import { toSourceRecord, type SourceRecord } from './source-record.js';

/** A source as the add command describes it (already validated); the repository gives it its id and time. */
export type NewSource = Omit<SourceRecord, 'id' | 'createdAt'>;

/** Typed access to `sources` and `source_hosts`. Reads by name are scoped to one workspace. */
export interface SourcesRepository {
  /** @throws conflict when the workspace has a source of that name or a host is mapped already */
  insertSource(source: NewSource): Promise<SourceRecord>;
  listSources(workspaceId: string): Promise<readonly SourceRecord[]>;
  getSource(workspaceId: string, name: string): Promise<SourceRecord | null>;
  /** The sources of this name in every workspace (several workspaces may use one name), oldest first. */
  listByName(name: string): Promise<readonly SourceRecord[]>;
  /** The source a host name (lower case, no port) is mapped to, in any workspace. */
  findByHost(host: string): Promise<SourceRecord | null>;
  /** Removes the source and its host names; returns it, or null when absent. */
  deleteSource(workspaceId: string, name: string): Promise<SourceRecord | null>;
}

function createSourceId(): string {
  return `src_${randomBytes(10).toString('hex')}`;
}

export function createSourcesRepository(db: Kysely<Database>, options: { now?: () => Date } = {}): SourcesRepository {
  const now = options.now ?? (() => new Date());
  const withHosts = async (rows: readonly SourceRow[]): Promise<SourceRecord[]> => {
    if (rows.length === 0) return [];
    const hosts = await db.selectFrom('source_hosts').selectAll().where('source_id', 'in', rows.map((row) => row.id)).execute();
    return rows.map((row) => toSourceRecord(row, hosts.filter((host) => host.source_id === row.id).map((host) => host.host)));
  };
  const first = async (rows: readonly SourceRow[]) => (await withHosts(rows))[0] ?? null;

  return {
    insertSource: (source) =>
      withDbErrors(`add source ${source.name} (a source of that name or one of its hosts exists already)`, () =>
        db.transaction().execute(async (trx) => {
          const { kind, ...settings } = source.settings;
          const row = await trx
            .insertInto('sources')
            .values({
              id: createSourceId(),
              workspace_id: source.workspaceId,
              name: source.name,
              kind,
              settings: JSON.stringify(settings),
              public: source.public ? 1 : 0,
              dialect: source.dialect,
              created_at: now().toISOString(),
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          if (source.hosts.length > 0) {
            await trx.insertInto('source_hosts').values(source.hosts.map((host) => ({ host, source_id: row.id }))).execute();
          }
          return toSourceRecord(row, source.hosts);
        }),
      ),
    listSources: (workspaceId) =>
      withDbErrors('list sources', async () => withHosts(await db.selectFrom('sources').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').execute())),
    getSource: (workspaceId, name) =>
      withDbErrors(`read source ${name}`, async () =>
        first(await db.selectFrom('sources').selectAll().where('workspace_id', '=', workspaceId).where('name', '=', name).execute()),
      ),
    listByName: (name) =>
      withDbErrors(`read source ${name}`, async () =>
        withHosts(await db.selectFrom('sources').selectAll().where('name', '=', name).orderBy('created_at').orderBy('id').execute()),
      ),
    findByHost: (host) =>
      withDbErrors(`read the source of host ${host}`, async () =>
        first(
          await db
            .selectFrom('source_hosts')
            .innerJoin('sources', 'sources.id', 'source_hosts.source_id')
            .selectAll('sources')
            .where('source_hosts.host', '=', host)
            .execute(),
        ),
      ),
    deleteSource: (workspaceId, name) =>
      withDbErrors(`remove source ${name}`, () =>
        db.transaction().execute(async (trx) => {
          const row = await trx.selectFrom('sources').selectAll().where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst();
          if (row === undefined) return null;
          const hosts = await trx.selectFrom('source_hosts').select('host').where('source_id', '=', row.id).execute();
          // Host rows go first: SQLite enforces the foreign key only when the pragma is on.
          await trx.deleteFrom('source_hosts').where('source_id', '=', row.id).execute();
          await trx.deleteFrom('sources').where('id', '=', row.id).execute();
          return toSourceRecord(row, hosts.map((host) => host.host));
        }),
      ),
  };
}
