import type { Kysely } from 'kysely';
import type { ApiKeyRow } from '../storage/db/schema.js';
import { withDbErrors, wrapDbError, type Database } from '../storage/index.js';
import { createApiKey, createDeliveryKey, type KeyKind } from './api-keys.js';

/** A stored key as listed (never with its token or hash). */
export interface KeyRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly kind: KeyKind;
  readonly name: string;
  /** Normalised origins a delivery key is limited to; empty means any (always empty for API keys). */
  readonly allowedOrigins: readonly string[];
  readonly createdAt: string;
  readonly revokedAt: string | null;
  /** When it last authenticated a request, to the minute; null if never. */
  readonly lastUsedAt: string | null;
}

/** What `createKey` returns: the record and the token, which exists nowhere else afterwards. */
export interface CreatedKeyRecord {
  readonly key: KeyRecord;
  readonly token: string;
  readonly hash: string;
}

export interface NewKey {
  readonly workspaceId: string;
  readonly kind: KeyKind;
  readonly name: string;
  readonly allowedOrigins?: readonly string[];
}

/** Typed access to `api_keys` (both kinds). */
export interface KeysRepository {
  createKey(key: NewKey): Promise<CreatedKeyRecord>;
  /** The key stored under this token hash, revoked or not; `null` when unknown. */
  findByHash(hash: string): Promise<KeyRecord | null>;
  /** Keys of one workspace (or of all when `null`), newest first, revoked ones included. */
  listKeys(workspaceId: string | null): Promise<readonly KeyRecord[]>;
  /**
   * Revokes a key of the workspace (any workspace when `null`); revoking twice keeps the first time.
   * Returns the hash (for cache invalidation), or `null` when there is no such key there.
   */
  revokeKey(workspaceId: string | null, id: string): Promise<{ readonly key: KeyRecord; readonly hash: string } | null>;
  /** Records that the key authenticated a request at `at`. */
  markUsed(id: string, at: string): Promise<void>;
}

const KIND_OF: Readonly<Record<string, KeyKind>> = { api: 'api', delivery: 'delivery' };
const CREATE_ATTEMPTS = 3;

function parseOrigins(text: string): readonly string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    // Only we write this column; an unreadable list must fail closed, never widen to "any origin".
    return ['invalid:'];
  }
}

/** Maps an `api_keys` row; an unknown kind reads as a delivery key, the least powerful. */
export function toKeyRecord(row: ApiKeyRow): KeyRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    kind: KIND_OF[row.kind] ?? 'delivery',
    name: row.name,
    allowedOrigins: parseOrigins(row.allowed_origins),
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at ?? null,
  };
}

export function createKeysRepository(db: Kysely<Database>, now: () => Date = () => new Date()): KeysRepository {
  const insert = async (key: NewKey): Promise<CreatedKeyRecord> => {
    const created = key.kind === 'api' ? createApiKey() : createDeliveryKey();
    const row = await db
      .insertInto('api_keys')
      .values({
        id: created.id,
        workspace_id: key.workspaceId,
        kind: key.kind,
        hash: created.hash,
        name: key.name,
        allowed_origins: JSON.stringify(key.kind === 'delivery' ? (key.allowedOrigins ?? []) : []),
        created_at: now().toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { key: toKeyRecord(row), token: created.token, hash: created.hash };
  };

  return {
    async createKey(key) {
      // The display id is 8 base62 digits (~47 bits): a clash is a once-in-trillions event, so retry.
      for (let attempt = 1; ; attempt++) {
        try {
          return await insert(key);
        } catch (error) {
          const wrapped = wrapDbError(error, `create a ${key.kind} key`);
          if (wrapped.code !== 'conflict' || attempt >= CREATE_ATTEMPTS) throw wrapped;
        }
      }
    },
    findByHash: (hash) =>
      withDbErrors('look up the key', async () => {
        const row = await db.selectFrom('api_keys').selectAll().where('hash', '=', hash).executeTakeFirst();
        return row === undefined ? null : toKeyRecord(row);
      }),
    listKeys: (workspaceId) =>
      withDbErrors('list keys', async () => {
        let query = db.selectFrom('api_keys').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
        if (workspaceId !== null) query = query.where('workspace_id', '=', workspaceId);
        return (await query.execute()).map(toKeyRecord);
      }),
    markUsed: (id, at) =>
      withDbErrors(`record the use of key ${id}`, async () => {
        await db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
      }),
    revokeKey: (workspaceId, id) =>
      withDbErrors(`revoke key ${id}`, async () => {
        let update = db.updateTable('api_keys').set({ revoked_at: now().toISOString() }).where('id', '=', id).where('revoked_at', 'is', null);
        if (workspaceId !== null) update = update.where('workspace_id', '=', workspaceId);
        await update.execute();
        let select = db.selectFrom('api_keys').selectAll().where('id', '=', id);
        if (workspaceId !== null) select = select.where('workspace_id', '=', workspaceId);
        const row = await select.executeTakeFirst();
        return row === undefined ? null : { key: toKeyRecord(row), hash: row.hash };
      }),
  };
}
