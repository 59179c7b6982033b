// The one way the HTTP suites reach the service: a real Services (SQLite file, blob folder and
// rendition cache in a temp data dir, a detector pool), the real app with the real access control,
// and every request sent with a real API key of the default workspace made by `testAccess`.
import { rm } from 'node:fs/promises';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../../src/config/config.js';
import { buildApp, type AccessControl } from '../../../src/http/app.js';
import type { Metrics } from '../../../src/http/metrics.js';
import { startServer, type RunningServer } from '../../../src/http/server.js';
import { createAccessControl } from '../../../src/http/access/create-access-control.js';
import { createServices, type Services } from '../../../src/services/create-services.js';
import { DEFAULT_WORKSPACE_ID } from '../../../src/storage/index.js';
import { makeTempDir } from '../../storage/temp-dir.js';

/** Headers a test request carries to act for the test workspace. */
export type AuthHeaders = Readonly<Record<string, string>>;

/** What a test server runs with: the access layer and the credentials to send. */
export interface TestAccess {
  readonly access: AccessControl;
  readonly auth: AuthHeaders;
}

/** The credentials fixture: the real access control and a fresh API key of the default workspace. */
export async function testAccess(services: Services): Promise<TestAccess> {
  const access = createAccessControl(services);
  const key = await access.accounts.keys.createKey({ workspaceId: DEFAULT_WORKSPACE_ID, kind: 'api', name: 'http tests' });
  return { access, auth: { authorization: `Bearer ${key.token}` } };
}

export interface TestServerOptions {
  /** Environment variables for `loadConfig` (MAX_UPLOAD_BYTES, MAX_OUTPUT_PIXELS…). */
  readonly env?: Readonly<Record<string, string>>;
  /** Listen on 127.0.0.1:0 (default); false for inject()-only suites. */
  readonly listen?: boolean;
  /** Detector worker threads (default 1: the suites run two files at once on small machines). */
  readonly workerThreads?: number;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>`, or '' when not listening. */
  readonly url: string;
  readonly app: FastifyInstance;
  readonly metrics: Metrics;
  readonly services: Services;
  readonly config: Config;
  readonly dataDir: string;
  /** Headers every request of the suite carries (merged in by `fetch` and `inject`). */
  readonly auth: AuthHeaders;
  /** fetch() against the server with the auth headers; `path` starts with `/`. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** app.inject() with the auth headers. */
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Closes the app, the pool and the database, and removes the data dir. Idempotent. */
  close(): Promise<void>;
}

/** Builds a config over a fresh temp data dir. */
export async function testConfig(env: Readonly<Record<string, string>> = {}, workerThreads = 1): Promise<Config> {
  const dataDir = await makeTempDir('http');
  return loadConfig({ CONVERTLY_LOG_LEVEL: 'silent', ...env }, { dataDir, host: '127.0.0.1', port: 0, workerThreads });
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

/** Starts services and app over a temp data dir; listening on 127.0.0.1:0 unless `listen: false`. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const config = await testConfig(options.env, options.workerThreads ?? 1);
  const services = await createServices(config);
  let app: FastifyInstance;
  let metrics: Metrics;
  let auth: AuthHeaders;
  let url = '';
  try {
    const fixture = await testAccess(services);
    auth = fixture.auth;
    ({ app, metrics } = await buildApp(services, { logger: false, access: fixture.access }));
    if (options.listen !== false) {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address();
      if (typeof address !== 'object' || address === null) throw new Error('the test server has no port');
      url = `http://127.0.0.1:${address.port}`;
    } else {
      await app.ready();
    }
  } catch (error) {
    await services.close();
    await rm(config.dataDir, { recursive: true, force: true });
    throw error;
  }
  let closing: Promise<void> | null = null;
  return {
    url,
    app,
    metrics,
    services,
    config,
    dataDir: config.dataDir,
    auth,
    fetch: (path, init) => fetchAs(url, auth, path, init),
    inject: (injectOptions) => injectAs(app, auth, injectOptions),
    close: () =>
      (closing ??= (async () => {
        try {
          await app.close();
          await services.close();
        } finally {
          await rm(config.dataDir, { recursive: true, force: true });
        }
      })()),
  };
}

/** The production entry (`startServer`, as `convertly serve` runs it) on 127.0.0.1:0, with the suite's credentials. */
export interface RealServer {
  readonly server: RunningServer;
  readonly auth: AuthHeaders;
  readonly dataDir: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Removes the data dir (call after `server.close()`). */
  cleanup(): Promise<void>;
}

/** Starts the real server the way `convertly serve` does, over a temp data dir. */
export async function startRealServer(options: Pick<TestServerOptions, 'env' | 'workerThreads'> = {}): Promise<RealServer> {
  const config = await testConfig(options.env, options.workerThreads ?? 1);
  let auth: AuthHeaders = {};
  const server = await startServer(config, {
    access: async (services) => {
      const fixture = await testAccess(services);
      auth = fixture.auth;
      return fixture.access;
    },
  }).catch(async (error: unknown) => {
    await rm(config.dataDir, { recursive: true, force: true });
    throw error;
  });
  return {
    server,
    auth,
    dataDir: config.dataDir,
    fetch: (path, init) => fetchAs(server.url, auth, path, init),
    cleanup: () => rm(config.dataDir, { recursive: true, force: true }),
  };
}
