// Every process the server bench starts goes through here, so every one of them is stopped at the end:
// on success, on an error, on Ctrl-C / SIGTERM, and (with SIGKILL) if the bench itself exits abruptly.
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';

const live = new Map<ChildProcess, string>();

/** Registers a child started elsewhere (fork) so that it is stopped with the others. */
export function trackChild(name: string, child: ChildProcess): ChildProcess {
  live.set(child, name);
  child.once('exit', () => live.delete(child));
  child.once('error', () => live.delete(child));
  return child;
}

/** Starts a tracked child process; `name` is used in error messages. */
export function startChild(name: string, command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  return trackChild(name, spawn(command, args, { stdio: 'ignore', ...options }));
}

/** Whether the child has already exited. */
export function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Stops one child: `signal`, then SIGKILL after `graceMs`; resolves once it has exited. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000): Promise<void> {
  if (exited(child) || child.pid === undefined) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

/** Stops every child still running. */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...live.keys()].map((child) => stopChild(child)));
}

let installed = false;

/** Makes Ctrl-C, SIGTERM, an uncaught error and a plain exit all stop the children first. */
export function installCleanup(): void {
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    // Synchronous last resort: nothing may outlive the bench.
    for (const child of live.keys()) if (!exited(child)) child.kill('SIGKILL');
  });
  // A failing top-level await surfaces as an uncaught exception; a stray promise as a rejection.
  let stopping = false;
  const fail = (error: unknown) => {
    // A load generator killed by Ctrl-C rejects too: that is the interruption, not a failure.
    if (stopping) return;
    stopping = true;
    console.error(error);
    console.error('the bench failed: stopping the servers and load generators…');
    void stopAllChildren().finally(() => process.exit(1));
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true;
      console.error(`\n${signal}: stopping the servers and load generators…`);
      void stopAllChildren().finally(() => process.exit(130));
    });
  }
}

/** Whether a command is on the PATH (`command -v`). */
export function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** A free TCP port on 127.0.0.1 (bound then released; the window for a race is tiny on a bench box). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers any HTTP status, the child dies, or `timeoutMs` passes. */
export async function waitForHttp(url: string, child: ChildProcess, name: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited(child)) throw new Error(`${name} exited (code ${child.exitCode}, signal ${child.signalCode}) before answering ${url}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${name} did not answer ${url} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
