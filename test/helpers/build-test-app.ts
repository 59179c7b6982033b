// The one way the suites build the service in-process: a real Services (SQLite file or a fresh PostgreSQL
// schema, blob folder and rendition cache in a temp data dir, a detector pool), the real app, and the access
// layer the suite asks for. It registers its own cleanup with the test or suite it is given.
// (Suites of the production entry, `startServer`, use test/http/helpers/test-server.ts's startRealServer.)
import { after as afterSuite } from 'node:test';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/config/config.js';
import { buildApp, type AccessControl } from '../../src/http/app.js';
import { createAccessControl, type AccessControlOptions, type AccountsAccessControl } from '../../src/http/access/create-access-control.js';
import type { Metrics } from '../../src/http/metrics.js';
import type { RouteEntry } from '../../src/http/route-table.js';
import { openAccessControl } from '../../src/http/open-access.js';
import { createServices, type Services } from '../../src/services/create-services.js';
import { DEFAULT_WORKSPACE_ID } from '../../src/storage/index.js';
import { createPostgresSchema } from '../accounts-http/helpers/postgres-schema.js';
import { makeTempDir, removeDir } from '../storage/temp-dir.js';

/** Headers a test request carries to act for the test workspace. */
export type AuthHeaders = Readonly<Record<string, string>>;

/** Anything cleanup can be registered with: a node:test TestContext, or {@link suiteScope}'s scope. */
export interface CleanupScope {
  after(fn: () => unknown): void;
}

/**
 * Which access layer the app runs with:
 * - `'api-key'` (default): the real access control, and an API key of the default workspace sent with every
 *   request made through `fetch`/`inject`;
 * - `'open'`: open mode, every caller acts for the default workspace;
 * - `{ accounts: options }`: the real access control with these options, no credentials sent;
 * - a function: a custom access layer (e.g. the compat suites' strict one).
 */
export type TestAccessOption = 'api-key' | 'open' | { readonly accounts: AccessControlOptions } | ((services: Services) => AccessControl);

export interface TestAppOptions {
  readonly dialect?: 'sqlite' | 'postgres';
  readonly access?: TestAccessOption;
  /** Listen on 127.0.0.1:0 (default false: inject() only). */
  readonly listen?: boolean;
  /** Environment variables for `loadConfig` (MAX_UPLOAD_BYTES, QUOTA_FREE…). */
  readonly env?: Readonly<Record<string, string>>;
  /** Detector worker threads (default 1; 0 starts no pool, for suites that never detect). */
  readonly workerThreads?: number;
  /** Reuse another app's data dir and database: a second instance of the same deployment. */
  readonly shareWith?: TestApp;
  /** Wraps the real services before the app is built (a suite that breaks one part on purpose). */
  readonly wrapServices?: (services: Services) => Services;
}

export interface TestApp {
  readonly app: FastifyInstance;
  readonly metrics: Metrics;
  /** Every route the app registered (HEAD aside), for checks against the OpenAPI document. */
  readonly routes: readonly RouteEntry[];
  readonly services: Services;
  readonly config: Config;
  readonly dataDir: string;
  /** The access layer the app runs with. */
  readonly access: AccessControl;
  /** `http://127.0.0.1:<port>` when listening, else ''. */
  readonly url: string;
  /** Headers every request made through `fetch` and `inject` carries (empty unless `access` is 'api-key'). */
  readonly auth: AuthHeaders;
  /** fetch() against the server with the auth headers; `path` starts with `/`. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** app.inject() with the auth headers. */
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Closes the app, the pool and the database and removes what it created. Idempotent; registered with the scope. */
  close(): Promise<void>;
}

/** Merges the auth headers under the caller's own (a test may override or drop one by setting it). */
function withAuth(auth: AuthHeaders, headers: InjectOptions['headers'] | RequestInit['headers']): Record<string, string> {
  const merged: Record<string, string> = { ...auth };
  if (headers === undefined) return merged;
  const entries = headers instanceof Headers ? [...headers.entries()] : Array.isArray(headers) ? headers : Object.entries(headers);
  for (const [name, value] of entries) if (value !== undefined) merged[name.toLowerCase()] = String(value);
  return merged;
}

/** `inject()` as the holder of `auth`: the single place test requests get their credentials. */
export function injectAs(app: FastifyInstance, auth: AuthHeaders, options: InjectOptions): Promise<LightMyRequestResponse> {
  return app.inject({ ...options, headers: withAuth(auth, options.headers) });
}

/** `fetch()` as the holder of `auth`. */
export function fetchAs(baseUrl: string, auth: AuthHeaders, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${baseUrl}${path}`, { ...init, headers: withAuth(auth, init.headers) });
}

/** The access layer and credentials for an option. */
export async function accessFor(services: Services, option: TestAccessOption): Promise<{ access: AccessControl; auth: AuthHeaders }> {
  if (option === 'open') return { access: openAccessControl(services), auth: {} };
  if (typeof option === 'function') return { access: option(services), auth: {} };
  if (option !== 'api-key') return { access: createAccessControl(services, option.accounts), auth: {} };
  const access = createAccessControl(services);
  const key = await access.accounts.keys.createKey({ workspaceId: DEFAULT_WORKSPACE_ID, kind: 'api', name: 'test api key' });
  return { access, auth: { authorization: `Bearer ${key.token}` } };
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the test server has no port');
  return `http://127.0.0.1:${address.port}`;
}

/**
 * Builds services and the app over a temp data dir, and registers `close` with `scope` (a TestContext, or a
 * suite's {@link suiteScope}); pass `null` to close it yourself.
 */
export async function buildTestApp(scope: CleanupScope | null, options: TestAppOptions = {}): Promise<TestApp> {
  const shared = options.shareWith;
  const dataDir = shared?.dataDir ?? (await makeTempDir('app'));
  const pgSchema = shared === undefined && options.dialect === 'postgres' ? await createPostgresSchema() : null;
  const workerThreads = options.workerThreads ?? 1;
  const config = loadConfig(
    { CONVERTLY_LOG_LEVEL: 'silent', ...options.env },
    { dataDir, host: '127.0.0.1', port: 0, workerThreads, databaseUrl: shared?.config.databaseUrl ?? pgSchema?.databaseUrl },
  );
  const removeOwn = async () => {
    if (shared !== undefined) return;
    await removeDir(dataDir);
    await pgSchema?.drop();
  };
  let services: Services;
  try {
    const real = await createServices(config, { detectors: workerThreads > 0 });
    services = options.wrapServices?.(real) ?? real;
  } catch (error) {
    await removeOwn();
    throw error;
  }
  let built: { app: FastifyInstance; metrics: Metrics; routes: readonly RouteEntry[]; access: AccessControl; auth: AuthHeaders; url: string };
  try {
    const { access, auth } = await accessFor(services, options.access ?? 'api-key');
    const { app, metrics, routes } = await buildApp(services, { logger: false, access });
    const url = options.listen === true ? await listen(app) : '';
    if (url === '') await app.ready();
    built = { app, metrics, routes, access, auth, url };
  } catch (error) {
    await services.close();
    await removeOwn();
    throw error;
  }
  const { app, auth, url } = built;
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      try {
        await app.close();
        await services.close();
      } finally {
        await removeOwn();
      }
    })());
  scope?.after(close);
  return {
    ...built,
    services,
    config,
    dataDir,
    fetch: (path, init) => fetchAs(url, auth, path, init),
    inject: (injectOptions) => injectAs(app, auth, injectOptions),
    close,
  };
}

/**
 * A cleanup scope for a `describe` block: call it while the suite is being defined (not inside a hook);
 * what is registered with it runs, last first, after the suite's tests.
 */
export function suiteScope(): CleanupScope {
  const cleanups: Array<() => unknown> = [];
  afterSuite(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  return { after: (fn) => void cleanups.push(fn) };
}

/** The real access layer of an app built with the default or `{ accounts }` access. */
export function accountsAccess(testApp: TestApp): AccountsAccessControl {
  const access = testApp.access as Partial<AccountsAccessControl>;
  if (access.accounts === undefined) throw new Error('this test app runs without the accounts access layer');
  return access as AccountsAccessControl;
}
