import type { Kysely } from 'kysely';
import { withDbErrors, type Database } from '../storage/index.js';

/** A live session: who is signed in, for which workspace, until when. */
export interface SessionRecord {
  readonly userId: string;
  readonly workspaceId: string;
  readonly expiresAt: string;
}

/** Typed access to `sessions`, keyed by the SHA-256 of the cookie value. */
export interface SessionsRepository {
  createSession(session: SessionRecord & { readonly tokenHash: string }): Promise<void>;
  /** The session, or `null` when unknown or expired at `now`. */
  findSession(tokenHash: string, now: Date): Promise<SessionRecord | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Signs a user out of one workspace everywhere (they were removed from it). */
  deleteUserSessions(userId: string, workspaceId: string): Promise<void>;
  /** Removes sessions that expired before `now`; returns how many. */
  deleteExpired(now: Date): Promise<number>;
}

export function createSessionsRepository(db: Kysely<Database>, clock: () => Date = () => new Date()): SessionsRepository {
  return {
    createSession: (session) =>
      withDbErrors('start the session', async () => {
        await db
          .insertInto('sessions')
          .values({
            token_hash: session.tokenHash,
            user_id: session.userId,
            workspace_id: session.workspaceId,
            created_at: clock().toISOString(),
            expires_at: session.expiresAt,
          })
          .execute();
      }),
    findSession: (tokenHash, now) =>
      withDbErrors('read the session', async () => {
        const row = await db
          .selectFrom('sessions')
          .select(['user_id', 'workspace_id', 'expires_at'])
          .where('token_hash', '=', tokenHash)
          // ISO timestamps of one fixed width compare correctly as text (schema.ts).
          .where('expires_at', '>', now.toISOString())
          .executeTakeFirst();
        return row === undefined ? null : { userId: row.user_id, workspaceId: row.workspace_id, expiresAt: row.expires_at };
      }),
    deleteUserSessions: (userId, workspaceId) =>
      withDbErrors('end the user\'s sessions', async () => {
        await db.deleteFrom('sessions').where('user_id', '=', userId).where('workspace_id', '=', workspaceId).execute();
      }),
    deleteSession: (tokenHash) =>
      withDbErrors('end the session', async () => {
        await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
      }),
    deleteExpired: (now) =>
      withDbErrors('remove expired sessions', async () => {
        const result = await db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
        return Number(result.numDeletedRows);
      }),
  };
}
