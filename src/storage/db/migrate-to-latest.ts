import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { AppError } from '../../errors/app-error.js';
import * as m0001 from './migrations/0001-workspaces.js';
import * as m0002 from './migrations/0002-files.js';
import * as m0003 from './migrations/0003-accounts.js';
import * as m0004 from './migrations/0004-sources.js';
import * as m0005 from './migrations/0005-scale-out.js';
import * as m0006 from './migrations/0006-dashboard.js';
import * as m0007 from './migrations/0007-presets.js';
import * as m0008 from './migrations/0008-frames.js';
import * as m0009 from './migrations/0009-path-owners.js';

/**
 * Every migration, by name, in order. An explicit map rather than a folder scan so the same
 * list runs from src/ under tsx and from dist/ once compiled. Never rename or reorder a shipped entry.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-workspaces': m0001,
  '0002-files': m0002,
  '0003-accounts': m0003,
  '0004-sources': m0004,
  '0005-scale-out': m0005,
  '0006-dashboard': m0006,
  '0007-presets': m0007,
  '0008-frames': m0008,
  '0009-path-owners': m0009,
};

const staticProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};

/**
 * Applies every pending migration and returns the names it applied. On PostgreSQL Kysely holds
 * an advisory lock meanwhile, so instances starting together do not race.
 * @throws AppError internal_error when a migration fails (the failed one is rolled back).
 */
export async function migrateToLatest<DB>(db: Kysely<DB>, options: { dialect?: 'sqlite' | 'postgres' } = {}): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in every schema of a PostgreSQL database; pinning them
  // to the connection's own schema keeps two deployments (or test runs) in one database apart.
  const migrationTableSchema =
    options.dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({ db, provider: staticProvider, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new AppError('internal_error', `Database migration ${failed} failed; the database was left at the previous version`, {
      cause: error,
    });
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
