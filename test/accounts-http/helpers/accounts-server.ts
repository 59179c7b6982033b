// The service with the real access layer (accounts, keys, signatures, quotas) over a temp data
// dir, on SQLite or on a fresh PostgreSQL schema, plus fixtures: workspaces, users, keys, photos.
import type { LightMyRequestResponse } from 'fastify';
import { hashPassword } from '../../../src/accounts/passwords.js';
import { currentPeriod } from '../../../src/accounts/plans.js';
import type { AccessControlOptions, AccountsAccessControl } from '../../../src/http/access/create-access-control.js';
import { storeUpload } from '../../../src/services/stored-files.js';
import type { FileRecord } from '../../../src/storage/index.js';
import { sampleBytes } from '../../fixtures/photos.js';
import { accountsAccess, buildTestApp, type TestApp } from '../../helpers/build-test-app.js';

export interface AccountsServerOptions {
  readonly dialect?: 'sqlite' | 'postgres';
  /** Environment for loadConfig (QUOTA_FREE…). */
  readonly env?: Readonly<Record<string, string>>;
  /** Listen on 127.0.0.1:0 (default false: inject() only). */
  readonly listen?: boolean;
  /** Detector threads (0 = none: for suites that never analyse or render a miss). */
  readonly workerThreads?: number;
  readonly access?: AccessControlOptions;
  /** Reuse another server's data dir and database (a second instance). */
  readonly shareWith?: AccountsServer;
}

/** A test app with the real access control, its parts exposed, and no credentials sent by default. */
export interface AccountsServer extends TestApp {
  readonly access: AccountsAccessControl;
}

/** buildTestApp with the real access control (options as given) and no default credentials; the caller closes it. */
export async function startAccountsServer(options: AccountsServerOptions = {}): Promise<AccountsServer> {
  const { access, ...rest } = options;
  const app = await buildTestApp(null, { ...rest, access: { accounts: access ?? {} } });
  return { ...app, access: accountsAccess(app) };
}

/** A workspace with an API key, a delivery key and a signed-in-able owner. */
export interface WorkspaceFixture {
  readonly id: string;
  readonly apiKey: string;
  readonly apiKeyId: string;
  readonly deliveryKey: string;
  readonly deliveryKeyId: string;
  readonly email: string;
  readonly password: string;
  readonly bearer: Readonly<Record<string, string>>;
}

/** Creates workspace `id` with an owner (real argon2 hash), an API key and an unrestricted delivery key. */
export async function createWorkspaceFixture(server: AccountsServer, id: string, extra: { allowedOrigins?: string[] } = {}): Promise<WorkspaceFixture> {
  const { accounts } = server.access;
  await accounts.workspaces.ensureWorkspace(id, id);
  const email = `owner@${id.replace(/_/g, '-')}.example.com`;
  const password = `correct horse ${id}`;
  const user = await accounts.users.createUser({ email, passwordHash: await hashPassword(password) });
  if (user === null) throw new Error(`user ${email} exists`);
  await accounts.users.addMembership(user.id, id, 'owner');
  const api = await accounts.keys.createKey({ workspaceId: id, kind: 'api', name: 'test api' });
  const delivery = await accounts.keys.createKey({ workspaceId: id, kind: 'delivery', name: 'test delivery', allowedOrigins: extra.allowedOrigins ?? [] });
  return {
    id,
    apiKey: api.token,
    apiKeyId: api.key.id,
    deliveryKey: delivery.token,
    deliveryKeyId: delivery.key.id,
    email,
    password,
    bearer: { authorization: `Bearer ${api.token}` },
  };
}

/** Stores sample photo `n` (1–6, the face-api demo pictures) in the workspace. */
export function storeSample(server: AccountsServer, workspaceId: string, n = 1): Promise<FileRecord> {
  return storeUpload(server.services, { workspaceId, name: `sample${n}.jpg`, bytes: sampleBytes(n) });
}

/** Signs in over HTTP and returns the `Cookie` header value to send back. */
export async function signIn(server: AccountsServer, email: string, password: string): Promise<string> {
  const response = await server.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const setCookie = response.headers['set-cookie'];
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  if (first === undefined) throw new Error('login set no cookie');
  return first.split(';', 1)[0] ?? '';
}

/** The error code of a JSON error response. */
export function errorCode(response: LightMyRequestResponse): string | undefined {
  return (response.json() as { error?: { code?: string } }).error?.code;
}

/** Sets this month's usage counter of a workspace (to put it just below or at its limit). */
export async function setUsed(server: AccountsServer, workspaceId: string, used: number): Promise<void> {
  const { key } = currentPeriod(server.access.accounts.now());
  await server.services.database.db
    .insertInto('usage')
    .values({ workspace_id: workspaceId, period: key, used })
    .onConflict((conflict) => conflict.columns(['workspace_id', 'period']).doUpdateSet({ used }))
    .execute();
}

/** This month's usage counter of a workspace, read from the database. */
export function readUsed(server: AccountsServer, workspaceId: string): Promise<number> {
  return server.access.accounts.usage.used(workspaceId, currentPeriod(server.access.accounts.now()).key);
}
