// Runs Debian's wrk against one URL for a fixed time and parses its --latency report.
import { startChild, stopChild } from './children.js';

export interface WrkResult {
  readonly requestsPerSecond: number;
  readonly requests: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  /** Responses outside 2xx/3xx: must be 0 for the run to count. */
  readonly non2xx: number;
  /** wrk's "Socket errors" line, when it printed one. */
  readonly socketErrors: string | null;
}

const UNIT_MS: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

function latencyAt(report: string, percent: number): number {
  const match = new RegExp(`^\\s+${percent}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(report);
  if (match?.[1] === undefined || match[2] === undefined) throw new Error(`wrk printed no ${percent}% latency:\n${report}`);
  return Number(match[1]) * (UNIT_MS[match[2]] ?? Number.NaN);
}

/** Parses wrk's stdout (exported for a quick self-check). */
export function parseWrk(report: string): WrkResult {
  const rate = /^Requests\/sec:\s+([\d.]+)/m.exec(report);
  const count = /^\s*(\d+) requests in /m.exec(report);
  if (rate?.[1] === undefined || count?.[1] === undefined) throw new Error(`could not read wrk's report:\n${report}`);
  return {
    requestsPerSecond: Number(rate[1]),
    requests: Number(count[1]),
    p50Ms: latencyAt(report, 50),
    p90Ms: latencyAt(report, 90),
    p99Ms: latencyAt(report, 99),
    non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(report)?.[1] ?? 0),
    socketErrors: /Socket errors:\s*(.*)$/m.exec(report)?.[1]?.trim() ?? null,
  };
}

/**
 * `wrk -t1 -c<connections> -d<seconds>s --latency <url>`: one load thread (this box has 2 cores; the
 * server under test gets the other). Killed if it overruns its duration by 20 s.
 */
export async function runWrk(url: string, options: { connections: number; seconds: number }): Promise<WrkResult> {
  const args = ['-t1', `-c${options.connections}`, `-d${options.seconds}s`, '--timeout', '5s', '--latency', url];
  const child = startChild('wrk', 'wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const watchdog = setTimeout(() => void stopChild(child, 'SIGKILL'), (options.seconds + 20) * 1000);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve(exitCode));
  }).finally(() => clearTimeout(watchdog));
  if (code !== 0) throw new Error(`wrk exited with ${code}: ${err || out}`);
  const result = parseWrk(out);
  if (result.non2xx > 0) throw new Error(`wrk got ${result.non2xx} non-2xx/3xx responses from ${url}`);
  return result;
}
