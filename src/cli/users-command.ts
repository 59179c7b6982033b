import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { createAccounts, type Accounts } from '../accounts/accounts.js';
import { base62Length, encodeBase62 } from '../accounts/base62.js';
import { hashPassword } from '../accounts/passwords.js';
import { normalizeEmail, ROLES, type Role } from '../accounts/users-repository.js';
import { WORKSPACE_ID_PATTERN } from '../accounts/workspaces-repository.js';
import { AppError, invalidParameter } from '../errors/app-error.js';
import { openDatabase } from '../services/create-services.js';
import { DEFAULT_WORKSPACE_ID, openChangeFeed } from '../storage/index.js';
import type { CliContext } from './cli-context.js';

/**
 * Opens the database alone (migrated), runs `work`, and always closes it. Nothing else: the
 * rendition cache and blobs belong to the running server, whose in-progress writes a cache
 * scan would sweep away.
 */
export async function withAccounts<T>(context: CliContext, work: (accounts: Accounts) => Promise<T>): Promise<T> {
  const database = await openDatabase(context.config);
  try {
    // On PostgreSQL a revocation made here reaches the running instances at once (LISTEN/NOTIFY).
    const changes = await openChangeFeed(database);
    try {
      return await work(createAccounts(database.db, { changes }));
    } finally {
      await changes.close();
    }
  } finally {
    await database.destroy();
  }
}

/**
 * A workspace id from the command line.
 * @throws invalid_parameter when it is not one
 */
export function parseWorkspaceId(value: string | undefined): string {
  const id = value ?? DEFAULT_WORKSPACE_ID;
  if (!WORKSPACE_ID_PATTERN.test(id)) throw invalidParameter('--workspace', 'a workspace id of letters, digits, "_" and "-"', id);
  return id;
}

function parseRole(value: string | undefined): Role {
  const role = value ?? 'member';
  if (!(ROLES as readonly string[]).includes(role)) throw invalidParameter('--role', ROLES.join(' or '), role);
  return role as Role;
}

interface AddFlags {
  readonly password?: string;
  readonly workspace?: string;
  readonly role?: string;
}

/** `convertly users add EMAIL [--password P] [--workspace W] [--role R]` and `convertly users list`. */
export function registerUsersCommand(program: Command, context: CliContext): void {
  const users = program.command('users').description('manage the people who sign in to the dashboard');

  users
    .command('add')
    .description('create a user (a random password is printed once unless --password is given), or add an existing one to a workspace')
    .argument('<email>', 'the login')
    .option('--password <password>', 'the password (8 to 1024 characters); prefer the generated one')
    .option('--workspace <id>', `workspace to join, created when missing (default: ${DEFAULT_WORKSPACE_ID})`)
    .option('--role <role>', `${ROLES.join(' or ')} (default: member)`)
    .action(async (emailArg: string, flags: AddFlags) => {
      const email = normalizeEmail(emailArg);
      const workspaceId = parseWorkspaceId(flags.workspace);
      const role = parseRole(flags.role);
      const generated = flags.password === undefined ? encodeBase62(randomBytes(12), base62Length(12)) : null;
      const passwordHash = await hashPassword(flags.password ?? generated ?? '');
      await withAccounts(context, async (accounts) => {
        await accounts.workspaces.ensureWorkspace(workspaceId, workspaceId);
        const created = await accounts.users.createUser({ email, passwordHash });
        if (created === null) {
          if (flags.workspace === undefined) throw new AppError('conflict', `A user ${email} already exists; pass --workspace to add them to another workspace`);
          const existing = await accounts.users.findByEmail(email);
          if (existing === null) throw new AppError('conflict', `A user ${email} was being created at the same time; retry`);
          await accounts.users.addMembership(existing.id, workspaceId, role);
          context.stdout(`added ${email} (${existing.id}) to workspace ${workspaceId} as ${role}; password unchanged`);
          return;
        }
        await accounts.users.addMembership(created.id, workspaceId, role);
        context.stdout(`created ${email} (${created.id}) in workspace ${workspaceId} as ${role}`);
        if (generated !== null) context.stdout(`password: ${generated}   (shown once)`);
      });
    });

  users
    .command('list')
    .description('list users and their workspaces')
    .action(async () => {
      await withAccounts(context, async (accounts) => {
        const list = await accounts.users.listUsers();
        if (list.length === 0) context.stderr('no users yet (convertly serve creates the first admin on its first start)');
        for (const user of list) {
          const memberships = user.memberships.map((m) => `${m.workspaceId}:${m.role}`).join(',') || '-';
          context.stdout([user.email, user.id, memberships, user.createdAt].join('\t'));
        }
      });
    });
}
