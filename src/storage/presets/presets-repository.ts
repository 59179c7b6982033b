import type { Kysely } from 'kysely';
import { withDbErrors } from '../db/wrap-db-error.js';
import type { Database } from '../db/schema.js';

/** A named transformation of one workspace. */
export interface PresetRecord {
  readonly workspaceId: string;
  readonly name: string;
  /** Render parameters as a URL writes them (already validated). */
  readonly params: Readonly<Record<string, string>>;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Typed access to `presets`; every read and write is scoped to one workspace. */
export interface PresetsRepository {
  /** Creates the preset, or replaces the parameters of the one of that name; `created` says which. */
  savePreset(workspaceId: string, name: string, params: Readonly<Record<string, string>>): Promise<{ preset: PresetRecord; created: boolean }>;
  listPresets(workspaceId: string): Promise<readonly PresetRecord[]>;
  getPreset(workspaceId: string, name: string): Promise<PresetRecord | null>;
  /** Removes the preset; returns it, or null when absent. */
  deletePreset(workspaceId: string, name: string): Promise<PresetRecord | null>;
}

interface PresetRow {
  readonly workspace_id: string;
  readonly name: string;
  readonly params: string;
  readonly created_at: string;
  readonly updated_at: string;
}

function toRecord(row: PresetRow): PresetRecord {
  return {
    workspaceId: row.workspace_id,
    name: row.name,
    params: Object.freeze(JSON.parse(row.params) as Record<string, string>),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function createPresetsRepository(db: Kysely<Database>, options: { now?: () => Date } = {}): PresetsRepository {
  const now = options.now ?? (() => new Date());
  const getPreset = (workspaceId: string, name: string) =>
    withDbErrors(`read preset ${name}`, async () => {
      const row = await db.selectFrom('presets').selectAll().where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst();
      return row === undefined ? null : toRecord(row);
    });
  return {
    getPreset,
    savePreset: (workspaceId, name, params) =>
      withDbErrors(`save preset ${name}`, () =>
        db.transaction().execute(async (trx) => {
          const at = now().toISOString();
          const json = JSON.stringify(params);
          const updated = await trx
            .updateTable('presets')
            .set({ params: json, updated_at: at })
            .where('workspace_id', '=', workspaceId)
            .where('name', '=', name)
            .returningAll()
            .executeTakeFirst();
          if (updated !== undefined) return { preset: toRecord(updated), created: false };
          const row = await trx
            .insertInto('presets')
            .values({ workspace_id: workspaceId, name, params: json, created_at: at, updated_at: at })
            .returningAll()
            .executeTakeFirstOrThrow();
          return { preset: toRecord(row), created: true };
        }),
      ),
    listPresets: (workspaceId) =>
      withDbErrors('list presets', async () =>
        (await db.selectFrom('presets').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').execute()).map(toRecord),
      ),
    deletePreset: (workspaceId, name) =>
      withDbErrors(`remove preset ${name}`, async () => {
        const row = await db.deleteFrom('presets').where('workspace_id', '=', workspaceId).where('name', '=', name).returningAll().executeTakeFirst();
        return row === undefined ? null : toRecord(row);
      }),
  };
}
