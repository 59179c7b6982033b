// A small load generator for what wrk cannot do easily: a distinct URL per request (cache misses),
// a paced stream of single requests, and a fixed-size promise pool. node:http with keep-alive.
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface Response {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly ms: number;
}

/** Keep-alive HTTP/1.1 client for one origin, at most `sockets` connections. */
export class HttpClient {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(base: string, sockets: number) {
    const url = new URL(base);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  /** GETs `path`, reading the whole body; rejects after `timeoutMs`. */
  get(path: string, headers: Record<string, string> = {}, timeoutMs = 60_000): Promise<Response> {
    return new Promise((resolve, reject) => {
      const start = performance.now();
      const req = httpRequest({ host: this.host, port: this.port, path, headers, agent: this.agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('error', reject);
        res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - start }));
      });
      req.once('timeout', () => req.destroy(new Error(`GET ${path} took over ${timeoutMs} ms`)));
      req.once('error', reject);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface PoolResult<T> {
  readonly results: T[];
  /** From the first start to the last completion. */
  readonly elapsedMs: number;
  /** True when the time bound, not the count, ended the run. */
  readonly cutByTime: boolean;
}

/**
 * Runs `task(0…count-1)` keeping `concurrency` in flight; stops starting new ones after `maxMs`
 * (those already running finish). The first error aborts the run.
 */
export async function runPool<T>(options: { concurrency: number; count: number; maxMs: number; task: (index: number) => Promise<T> }): Promise<PoolResult<T>> {
  const results: T[] = [];
  const start = performance.now();
  let next = 0;
  let cutByTime = false;
  const lane = async () => {
    for (;;) {
      if (next >= options.count) return;
      if (performance.now() - start > options.maxMs) {
        cutByTime = true;
        return;
      }
      const index = next++;
      results.push(await options.task(index));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  return { results, elapsedMs: performance.now() - start, cutByTime };
}

/**
 * One request at a time, started every `intervalMs` (or as soon as the previous one ends, if later),
 * until `durationMs` passes or `stop()` says so. Returns each request's latency in ms.
 */
export async function pacedStream(options: { intervalMs: number; durationMs: number; task: () => Promise<number>; stop?: () => boolean }): Promise<number[]> {
  const latencies: number[] = [];
  const start = performance.now();
  for (let i = 0; ; i++) {
    const due = start + i * options.intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (performance.now() - start > options.durationMs || options.stop?.() === true) return latencies;
    latencies.push(await options.task());
  }
}

/** The q-quantile (0…1) of samples, nearest rank. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}
