// The HTTP suites' server: buildTestApp (test/helpers/build-test-app.ts) listening on 127.0.0.1:0 with the
// real access control and an API key of the default workspace sent with every request; and the production
// entry (`startServer`) for the suites that test it.
import { loadConfig, type Config } from '../../../src/config/config.js';
import { startServer, type RunningServer } from '../../../src/http/server.js';
import { accessFor, buildTestApp, fetchAs, type AuthHeaders, type TestApp } from '../../helpers/build-test-app.js';
import { makeTempDir, removeDir } from '../../storage/temp-dir.js';

export type { AuthHeaders } from '../../helpers/build-test-app.js';
export type TestServer = TestApp;

export interface TestServerOptions {
  /** Environment variables for `loadConfig` (MAX_UPLOAD_BYTES, MAX_OUTPUT_PIXELS…). */
  readonly env?: Readonly<Record<string, string>>;
  /** Listen on 127.0.0.1:0 (default); false for inject()-only suites. */
  readonly listen?: boolean;
  /** Detector worker threads (default 1: the suites run two files at once on small machines). */
  readonly workerThreads?: number;
}

/** buildTestApp with an API key, listening unless `listen: false`; the caller closes it. */
export function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  return buildTestApp(null, { ...options, listen: options.listen ?? true, access: 'api-key' });
}

async function testConfig(env: Readonly<Record<string, string>> = {}, workerThreads = 1): Promise<Config> {
  const dataDir = await makeTempDir('http');
  return loadConfig({ CONVERTLY_LOG_LEVEL: 'silent', ...env }, { dataDir, host: '127.0.0.1', port: 0, workerThreads });
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
      const fixture = await accessFor(services, 'api-key');
      auth = fixture.auth;
      return fixture.access;
    },
  }).catch(async (error: unknown) => {
    await removeDir(config.dataDir);
    throw error;
  });
  return {
    server,
    auth,
    dataDir: config.dataDir,
    fetch: (path, init) => fetchAs(server.url, auth, path, init),
    cleanup: () => removeDir(config.dataDir),
  };
}
