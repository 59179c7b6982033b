// A real Convertly server for the compat suites: services over a temp data dir, the real app, a real socket.
import type { AccessControl } from '../../src/http/app.js';
import type { Services } from '../../src/services/create-services.js';
import { sampleBytes } from '../fixtures/photos.js';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.js';

export interface CompatServer extends TestApp {
  /** Uploads a face-api sample photograph (1–6) and returns its file id. */
  upload(sample: number, headers?: Record<string, string>): Promise<string>;
}

/** buildTestApp listening on 127.0.0.1:0, in open mode unless `access` replaces the access layer; the caller closes it. */
export async function startCompatServer(
  options: { access?: (services: Services) => AccessControl; env?: Readonly<Record<string, string>> } = {},
): Promise<CompatServer> {
  const testApp = await buildTestApp(null, { listen: true, env: options.env, access: options.access ?? 'open' });
  return {
    ...testApp,
    upload: async (sample, headers = {}) => {
      const response = await testApp.fetch('/api/files', { method: 'POST', body: sampleBytes(sample), headers: { ...headers, 'content-type': 'image/jpeg' } });
      if (response.status !== 201) throw new Error(`upload failed: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { id: string }).id;
    },
  };
}
