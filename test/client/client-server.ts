// A real server on 127.0.0.1 with one real photo uploaded (analysed, so it has a placeholder) and a
// delivery key, as a public page would use them; and a check that a srcset's URLs render at their widths.
import assert from 'node:assert/strict';
import { imageInfo, sampleBytes, uploadViaFetch } from '../http/helpers/http-fixtures.js';
import { startTestServer, type TestServer } from '../http/helpers/test-server.js';

export interface PageFixture {
  readonly server: TestServer;
  readonly fileId: string;
  readonly deliveryKey: string;
  readonly analysis: { readonly width: number; readonly height: number; readonly placeholder: string };
}

export async function startPageFixture(): Promise<PageFixture> {
  const server = await startTestServer();
  try {
    const file = await uploadViaFetch(server, sampleBytes(2), 'team.jpg', '?analyze=1');
    const keyResponse = await server.fetch('/api/keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'delivery', name: 'pages' }),
    });
    assert.equal(keyResponse.status, 201);
    const { token } = (await keyResponse.json()) as { token: string };
    const analysis = (file as unknown as { analysis: PageFixture['analysis'] }).analysis;
    return { server, fileId: file.id, deliveryKey: token, analysis };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** The `url descriptor` candidates of a srcset (URLs here have no spaces or commas-then-space). */
export function srcsetCandidates(value: string): Array<{ url: string; descriptor: string }> {
  return value.split(', ').map((candidate) => {
    const [url, descriptor] = candidate.trim().split(/\s+/);
    assert.ok(url !== undefined && descriptor !== undefined, `malformed candidate ${candidate}`);
    return { url, descriptor };
  });
}

/** Fetches `url` with no credential but what is in it, as a browser on a public page; returns its pixel size. */
export async function renderedSize(url: string): Promise<{ width: number; height: number; format: string }> {
  const response = await fetch(url);
  const body = await response.arrayBuffer();
  assert.equal(response.status, 200, `${url} → ${response.status} ${Buffer.from(body).toString('utf8', 0, 200)}`);
  return imageInfo(body);
}
