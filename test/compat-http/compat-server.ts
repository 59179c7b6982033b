// A real Convertly server for the compat suites: services over a temp data dir, the real app, a real socket.
// Open mode today (any caller acts for the default workspace); when accounts make auth mandatory, `AUTH`
// below is the one place that creates a key and sends it.
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config/config.js';
import { buildApp, type AccessControl } from '../../src/http/app.js';
import { openAccessControl } from '../../src/http/open-access.js';
import { createServices, type Services } from '../../src/services/create-services.js';
import { sampleBytes } from '../fixtures/photos.js';
import { makeTempDir, removeDir } from '../storage/temp-dir.js';

export interface CompatServer {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly services: Services;
  /** fetch() against the server; `path` starts with `/`. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Uploads a face-api sample photograph (1–6) and returns its file id. */
  upload(sample: number, headers?: Record<string, string>): Promise<string>;
  close(): Promise<void>;
}

/** Headers that make a request act for the test workspace (ignored in open mode). */
const AUTH: Readonly<Record<string, string>> = {};

/** Starts services and app on 127.0.0.1:0 over a fresh data dir; `access` replaces the app's default access layer. */
export async function startCompatServer(
  options: { access?: (services: Services) => AccessControl; env?: Readonly<Record<string, string>> } = {},
): Promise<CompatServer> {
  const dataDir = await makeTempDir('compat-http');
  const config = loadConfig({ CONVERTLY_LOG_LEVEL: 'silent', ...options.env }, { dataDir, host: '127.0.0.1', port: 0, workerThreads: 1 });
  const services = await createServices(config);
  let app: FastifyInstance;
  try {
    ({ app } = await buildApp(services, { logger: false, access: (options.access ?? openAccessControl)(services) }));
    await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (error) {
    await services.close();
    await removeDir(dataDir);
    throw error;
  }
  const address = app.server.address();
  const url = typeof address === 'object' && address !== null ? `http://127.0.0.1:${address.port}` : '';
  const send = (path: string, init: RequestInit = {}) =>
    fetch(`${url}${path}`, { ...init, headers: { ...AUTH, ...(init.headers as Record<string, string> | undefined) } });
  return {
    url,
    app,
    services,
    fetch: send,
    upload: async (sample, headers = {}) => {
      const bytes = sampleBytes(sample);
      const response = await send('/api/files', { method: 'POST', body: bytes, headers: { ...headers, 'content-type': 'image/jpeg' } });
      if (response.status !== 201) throw new Error(`upload failed: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { id: string }).id;
    },
    close: async () => {
      await app.close();
      await services.close();
      await removeDir(dataDir);
    },
  };
}
