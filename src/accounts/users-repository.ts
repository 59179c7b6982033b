import type { Kysely } from 'kysely';
import { invalidParameter } from '../errors/app-error.js';
import { withDbErrors, type Database } from '../storage/index.js';
import { createRecordId } from './record-id.js';

/** The roles a member can hold; `owner` is what the first-run admin gets. */
export const ROLES = ['owner', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** A user as callers see it (never with the password hash). */
export interface UserRecord {
  readonly id: string;
  readonly email: string;
  readonly createdAt: string;
}

/** A user and the hash to verify a login against. */
export interface UserCredentials extends UserRecord {
  readonly passwordHash: string;
}

export interface MembershipRecord {
  readonly workspaceId: string;
  readonly role: Role;
}

/** Typed access to `users` and `memberships`. */
export interface UsersRepository {
  /** Creates a user; `null` when the email is taken (the caller decides what that means). */
  createUser(user: { email: string; passwordHash: string }): Promise<UserRecord | null>;
  findByEmail(email: string): Promise<UserCredentials | null>;
  getUser(id: string): Promise<UserRecord | null>;
  countUsers(): Promise<number>;
  listUsers(): Promise<ReadonlyArray<UserRecord & { readonly memberships: readonly MembershipRecord[] }>>;
  setPasswordHash(userId: string, passwordHash: string): Promise<void>;
  /** Adds the user to the workspace (keeps an existing membership as it is). */
  addMembership(userId: string, workspaceId: string, role: Role): Promise<void>;
  /** The user's workspaces, oldest membership first. */
  memberships(userId: string): Promise<readonly MembershipRecord[]>;
  /** The members of a workspace, oldest first. */
  listMembers(workspaceId: string): Promise<readonly MemberRecord[]>;
  /** Changes a member's role; false when the user is not a member. */
  setRole(userId: string, workspaceId: string, role: Role): Promise<boolean>;
  /** Removes a member from the workspace (the user stays, for their other workspaces); false when absent. */
  removeMembership(userId: string, workspaceId: string): Promise<boolean>;
}

/** A member of a workspace as the members page lists them. */
export interface MemberRecord {
  readonly userId: string;
  readonly email: string;
  readonly role: Role;
  readonly addedAt: string;
}

// Deliberately loose (one @, no spaces, a dot in the domain or `localhost`): the address is a login
// name here, never mailed to, and the first-run default is `admin@localhost`.
const EMAIL = /^[^\s@]{1,64}@(?:localhost|[^\s@]+\.[^\s@]+)$/;
const MAX_EMAIL_LENGTH = 254;

/**
 * Lower-cases and trims an email address.
 * @throws AppError invalid_parameter when it is not an address.
 */
export function normalizeEmail(email: unknown): string {
  const folded = typeof email === 'string' ? email.trim().toLowerCase() : '';
  if (folded.length > MAX_EMAIL_LENGTH || !EMAIL.test(folded)) throw invalidParameter('email', 'an email address', email);
  return folded;
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function createUsersRepository(db: Kysely<Database>, now: () => Date = () => new Date()): UsersRepository {
  const toUser = (row: { id: string; email: string; created_at: string }): UserRecord => ({ id: row.id, email: row.email, createdAt: row.created_at });
  const toMembership = (row: { workspace_id: string; role: string }): MembershipRecord => ({
    workspaceId: row.workspace_id,
    role: isRole(row.role) ? row.role : 'member',
  });

  return {
    createUser: (user) =>
      withDbErrors('create the user', async () => {
        const row = await db
          .insertInto('users')
          .values({ id: createRecordId('u'), email: normalizeEmail(user.email), password_hash: user.passwordHash, created_at: now().toISOString() })
          .onConflict((conflict) => conflict.column('email').doNothing())
          .returning(['id', 'email', 'created_at'])
          .executeTakeFirst();
        return row === undefined ? null : toUser(row);
      }),
    findByEmail: (email) =>
      withDbErrors('read the user', async () => {
        const row = await db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
        return row === undefined ? null : { ...toUser(row), passwordHash: row.password_hash };
      }),
    getUser: (id) =>
      withDbErrors(`read user ${id}`, async () => {
        const row = await db.selectFrom('users').select(['id', 'email', 'created_at']).where('id', '=', id).executeTakeFirst();
        return row === undefined ? null : toUser(row);
      }),
    countUsers: () =>
      withDbErrors('count users', async () => {
        const row = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
        return Number(row.count);
      }),
    listUsers: () =>
      withDbErrors('list users', async () => {
        const users = await db.selectFrom('users').select(['id', 'email', 'created_at']).orderBy('created_at').orderBy('email').execute();
        const memberships = await db.selectFrom('memberships').select(['user_id', 'workspace_id', 'role']).orderBy('created_at').execute();
        return users.map((user) => ({
          ...toUser(user),
          memberships: memberships.filter((row) => row.user_id === user.id).map(toMembership),
        }));
      }),
    setPasswordHash: (userId, passwordHash) =>
      withDbErrors('update the password', async () => {
        await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
      }),
    addMembership: (userId, workspaceId, role) =>
      withDbErrors(`add the user to workspace ${workspaceId}`, async () => {
        await db
          .insertInto('memberships')
          .values({ user_id: userId, workspace_id: workspaceId, role, created_at: now().toISOString() })
          .onConflict((conflict) => conflict.columns(['user_id', 'workspace_id']).doNothing())
          .execute();
      }),
    listMembers: (workspaceId) =>
      withDbErrors(`list the members of workspace ${workspaceId}`, async () =>
        (
          await db
            .selectFrom('memberships')
            .innerJoin('users', 'users.id', 'memberships.user_id')
            .select(['users.id as user_id', 'users.email as email', 'memberships.role as role', 'memberships.created_at as created_at'])
            .where('memberships.workspace_id', '=', workspaceId)
            .orderBy('memberships.created_at')
            .orderBy('users.email')
            .execute()
        ).map((row) => ({ userId: row.user_id, email: row.email, role: isRole(row.role) ? row.role : 'member', addedAt: row.created_at })),
      ),
    setRole: (userId, workspaceId, role) =>
      withDbErrors(`change a role in workspace ${workspaceId}`, async () => {
        const updated = await db.updateTable('memberships').set({ role }).where('user_id', '=', userId).where('workspace_id', '=', workspaceId).executeTakeFirst();
        return Number(updated.numUpdatedRows) > 0;
      }),
    removeMembership: (userId, workspaceId) =>
      withDbErrors(`remove a member from workspace ${workspaceId}`, async () => {
        const removed = await db.deleteFrom('memberships').where('user_id', '=', userId).where('workspace_id', '=', workspaceId).executeTakeFirst();
        return Number(removed.numDeletedRows) > 0;
      }),
    memberships: (userId) =>
      withDbErrors('read memberships', async () =>
        (
          await db
            .selectFrom('memberships')
            .select(['workspace_id', 'role'])
            .where('user_id', '=', userId)
            .orderBy('created_at')
            .orderBy('workspace_id')
            .execute()
        ).map(toMembership),
      ),
  };
}
