import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { withDbErrors, type Database } from '../storage/index.js';
import { base62Length, encodeBase62 } from './base62.js';
import { createRecordId } from './record-id.js';

/** A signing secret as listed: the secret itself is only returned when it is created. */
export interface SigningSecretInfo {
  readonly id: string;
  readonly createdAt: string;
  /** When it stopped being accepted; `null` while it is valid. */
  readonly retiredAt: string | null;
}

export interface SigningSecretRecord extends SigningSecretInfo {
  readonly secret: string;
}

/** Typed access to `signing_secrets`. */
export interface SigningSecretsRepository {
  /** Adds a new secret; the existing ones stay valid until retired (that is the rotation). */
  createSecret(workspaceId: string): Promise<SigningSecretRecord>;
  /** The secrets a signature may be made with now, newest first. */
  activeSecrets(workspaceId: string): Promise<readonly SigningSecretRecord[]>;
  listSecrets(workspaceId: string): Promise<readonly SigningSecretInfo[]>;
  /** Stops accepting a secret; false when the workspace has no such secret. */
  retireSecret(workspaceId: string, id: string): Promise<boolean>;
}

const SECRET_BYTES = 32;
/** Signing secrets are recognisable in a config file or a leak scanner, like keys. */
export const SIGNING_SECRET_PREFIX = 'cvss_';

/** A fresh signing secret: `cvss_` and 256 random bits in base62. */
export function createSigningSecret(): string {
  return SIGNING_SECRET_PREFIX + encodeBase62(randomBytes(SECRET_BYTES), base62Length(SECRET_BYTES));
}

export function createSigningSecretsRepository(db: Kysely<Database>, now: () => Date = () => new Date()): SigningSecretsRepository {
  const info = (row: { id: string; created_at: string; retired_at: string | null }): SigningSecretInfo => ({
    id: row.id,
    createdAt: row.created_at,
    retiredAt: row.retired_at,
  });
  return {
    createSecret: (workspaceId) =>
      withDbErrors(`create a signing secret for workspace ${workspaceId}`, async () => {
        const row = await db
          .insertInto('signing_secrets')
          .values({ id: createRecordId('ss'), workspace_id: workspaceId, secret: createSigningSecret(), created_at: now().toISOString() })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { ...info(row), secret: row.secret };
      }),
    activeSecrets: (workspaceId) =>
      withDbErrors('read signing secrets', async () =>
        (
          await db
            .selectFrom('signing_secrets')
            .selectAll()
            .where('workspace_id', '=', workspaceId)
            .where('retired_at', 'is', null)
            .orderBy('created_at', 'desc')
            .orderBy('id', 'desc')
            .execute()
        ).map((row) => ({ ...info(row), secret: row.secret })),
      ),
    listSecrets: (workspaceId) =>
      withDbErrors('list signing secrets', async () =>
        (
          await db
            .selectFrom('signing_secrets')
            .select(['id', 'created_at', 'retired_at'])
            .where('workspace_id', '=', workspaceId)
            .orderBy('created_at', 'desc')
            .orderBy('id', 'desc')
            .execute()
        ).map(info),
      ),
    retireSecret: (workspaceId, id) =>
      withDbErrors(`retire signing secret ${id}`, async () => {
        await db
          .updateTable('signing_secrets')
          .set({ retired_at: now().toISOString() })
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', id)
          .where('retired_at', 'is', null)
          .execute();
        const row = await db.selectFrom('signing_secrets').select('id').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
        return row !== undefined;
      }),
  };
}
