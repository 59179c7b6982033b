// Starts the real server (services + app, as `convertly serve` does) on 127.0.0.1, port 0, with a
// temporary data directory, for the browser suites.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/config.js';
import { startServer, type RunningServer } from '../../../src/http/server.js';

export interface WebServer {
  readonly url: string;
  readonly server: RunningServer;
  readonly dataDir: string;
  close(): Promise<void>;
}

/** Options passed through to `startServer` (e.g. the accounts layer's `access`). */
export type StartOptions = Parameters<typeof startServer>[1];

export async function startWebServer(options: StartOptions = {}, env: Record<string, string> = {}): Promise<WebServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'convertly-web-'));
  const config = loadConfig({ CONVERTLY_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', CONVERTLY_LOG_LEVEL: 'silent', WORKER_THREADS: '1', ...env });
  let server: RunningServer;
  try {
    server = await startServer(config, options);
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: server.url,
    server,
    dataDir,
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Start options for a server without accounts (open mode): every caller acts for the default workspace. */
export async function openModeOptions(): Promise<StartOptions> {
  const { openAccessControl } = await import('../../../src/http/open-access.js');
  const access: NonNullable<NonNullable<StartOptions>['access']> = async (services) => openAccessControl(services);
  // No first-run admin either: an open server has no accounts to sign in to.
  const options = { bootstrap: false as const, access };
  return options;
}
