import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DEFAULT_WORKSPACE_ID, type Database } from '../storage/index.js';
import { createAccounts } from './accounts.js';
import { base62Length, encodeBase62 } from './base62.js';
import { hashPassword } from './passwords.js';
import { normalizeEmail } from './users-repository.js';

/** Who the first-run admin is; both default (`admin@localhost`, a random password). */
export interface BootstrapOptions {
  readonly adminEmail?: string | undefined;
  readonly adminPassword?: string | undefined;
}

/** What a brand-new install prints once: enough to sign in and to call the API. */
export interface FirstRunCredentials {
  readonly workspaceId: string;
  readonly email: string;
  /** The password, when it was generated here; `null` when it came from ADMIN_PASSWORD (never echoed). */
  readonly generatedPassword: string | null;
  readonly apiKey: string;
  readonly apiKeyId: string;
}

export const DEFAULT_ADMIN_EMAIL = 'admin@localhost';
const PASSWORD_BYTES = 12; // 96 bits, 17 base62 characters

/**
 * On a database without any user: makes the admin an owner of `ws_default` and creates an API key
 * for it, returning the credentials to show once. `null` on every later start, and for the
 * instance that loses the race when several start on one empty database together.
 * @throws AppError invalid_parameter for a malformed ADMIN_EMAIL or a too-short ADMIN_PASSWORD.
 */
export async function bootstrapAccounts(db: Kysely<Database>, options: BootstrapOptions = {}): Promise<FirstRunCredentials | null> {
  if ((await createAccounts(db).users.countUsers()) > 0) return null;
  const email = normalizeEmail(options.adminEmail ?? DEFAULT_ADMIN_EMAIL);
  const generatedPassword = options.adminPassword === undefined ? encodeBase62(randomBytes(PASSWORD_BYTES), base62Length(PASSWORD_BYTES)) : null;
  // Hashed before the transaction: argon2 takes tens of milliseconds, no lock should wait on it.
  const passwordHash = await hashPassword(options.adminPassword ?? generatedPassword ?? '');
  // One transaction, so a crash cannot leave an admin without a key (and no later start would redo it).
  return db.transaction().execute(async (trx) => {
    const accounts = createAccounts(trx);
    const workspace = await accounts.workspaces.ensureWorkspace(DEFAULT_WORKSPACE_ID, 'Default');
    // The unique email decides the race between instances: only the one whose insert lands goes on.
    const user = await accounts.users.createUser({ email, passwordHash });
    if (user === null) return null;
    await accounts.users.addMembership(user.id, workspace.id, 'owner');
    const created = await accounts.keys.createKey({ workspaceId: workspace.id, kind: 'api', name: 'first-run key' });
    return { workspaceId: workspace.id, email, generatedPassword, apiKey: created.token, apiKeyId: created.key.id };
  });
}

/** The first-run message, for the console: the dashboard, the login and the API key. */
export function formatFirstRun(credentials: FirstRunCredentials, baseUrl: string): string {
  const password = credentials.generatedPassword ?? '(the ADMIN_PASSWORD you set)';
  return [
    '',
    '  Convertly is ready. This is shown once: save it now.',
    '',
    `  Dashboard  ${baseUrl}/`,
    `  Login      ${credentials.email}`,
    `  Password   ${password}`,
    `  API key    ${credentials.apiKey}`,
    '',
    `  Try it:    curl -H "Authorization: Bearer ${credentials.apiKey}" ${baseUrl}/api/me`,
    '  More keys: convertly keys create [--delivery]; more users: convertly users add EMAIL',
    '',
  ].join('\n');
}
