// The three servers the bench compares: Convertly (this checkout), Debian's nginx, and ipx from npm.
// Each runs in its own process on 127.0.0.1, so its CPU and memory are its own and not the load generator's.
import { fork, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childPids } from './proc.js';
import { freePort, startChild, stopChild, trackChild, waitForHttp } from './children.js';

export interface RunningChild {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  /** Processes whose CPU time is the server's (nginx: master and workers). */
  pids(): number[];
  stop(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Starts `bench/server/server-child.ts` (startServer on the checkout's source through tsx) with a
 * data dir, extra environment and Node flags (`--cpu-prof` to profile it); its stdout/stderr (pino's
 * request logs) go to `logFile`.
 */
export interface ConvertlyChild extends RunningChild {
  /** An API key of the default workspace, made by the child at start-up. */
  readonly apiKey: string;
  /** Event-loop delay of the server's main thread since the last reset (ms). */
  eventLoopDelay(): Promise<{ p50: number; p99: number; max: number; mean: number }>;
  resetEventLoopDelay(): Promise<void>;
}

export async function startConvertly(options: { dataDir: string; logFile: string; env?: Record<string, string>; nodeArgs?: readonly string[] }): Promise<ConvertlyChild> {
  const log = openSync(options.logFile, 'a');
  const child = fork(join(here, 'server-child.ts'), [], {
    execArgv: ['--import', 'tsx', ...(options.nodeArgs ?? [])],
    // glibc settings as `npm start` sets them: the bench measures the service as shipped.
    env: { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '1048576', ...process.env, ...options.env, CONVERTLY_DATA_DIR: options.dataDir },
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  trackChild('convertly', child);
  const ready = await new Promise<{ url: string; apiKey: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the Convertly server did not start within 60 s (log: ${options.logFile})`)), 60_000);
    child.once('message', (message: { type?: string; url?: string; apiKey?: string }) => {
      clearTimeout(timer);
      if (message.type === 'ready' && typeof message.url === 'string') resolve({ url: message.url, apiKey: message.apiKey ?? '' });
      else reject(new Error(`unexpected message from the server: ${JSON.stringify(message)}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the Convertly server exited (code ${code}, signal ${signal}) while starting; see ${options.logFile}`));
    });
  });
  const ask = <T>(type: string) =>
    new Promise<T>((resolve) => {
      const onMessage = (message: T & { type?: string }) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
      child.send({ type });
    });
  return {
    name: 'convertly',
    url: ready.url,
    apiKey: ready.apiKey,
    child,
    pids: () => [child.pid ?? -1],
    stop: () => stopChild(child),
    eventLoopDelay: () => ask('eld'),
    resetEventLoopDelay: async () => void (await ask('eld-reset')),
  };
}

/**
 * Debian's nginx serving `files` from `root/www`, with a generated config: `daemon off`, one worker
 * process (the match for one Node process answering hits on its main thread), sendfile on and an
 * access log as Debian ships it, keep-alive without a request cap (Node never closes a busy
 * keep-alive connection, so nginx must not either).
 */
export async function startNginx(root: string, files: Readonly<Record<string, Buffer>>): Promise<RunningChild> {
  const www = join(root, 'www');
  mkdirSync(www, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(www, name), bytes);
  // Started as root, nginx's worker drops to `nobody`: it must be able to read the temp folders.
  for (const dir of [root, www]) chmodSync(dir, 0o755);
  for (const name of Object.keys(files)) chmodSync(join(www, name), 0o644);
  const port = await freePort();
  const temp = (name: string) => join(root, name);
  const conf = `daemon off;
worker_processes 1;
pid ${temp('nginx.pid')};
error_log ${temp('error.log')} warn;
events { worker_connections 1024; }
http {
  types { image/jpeg jpg; }
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 10000000;
  access_log ${temp('access.log')};
  client_body_temp_path ${temp('client_body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  server {
    listen 127.0.0.1:${port};
    root ${www};
    location / { }
  }
}
`;
  const confPath = temp('nginx.conf');
  writeFileSync(confPath, conf);
  const child = startChild('nginx', 'nginx', ['-p', root, '-e', temp('error.log'), '-c', confPath], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/`, child, 'nginx');
  const master = child.pid ?? -1;
  return { name: 'nginx', url, child, pids: () => [master, ...childPids(master)], stop: () => stopChild(child) };
}

/** The installed ipx's folder (its `exports` hide package.json from require.resolve). */
export function ipxPackageDir(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('ipx'));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The installed ipx's version. */
export function ipxVersion(): string {
  return (JSON.parse(readFileSync(join(ipxPackageDir(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** `ipx serve --dir <dir>` (ipx 3, the devDependency) on a free port. */
export async function startIpx(dir: string): Promise<RunningChild> {
  const cli = join(ipxPackageDir(), 'bin', 'ipx.mjs');
  const port = await freePort();
  const child = startChild('ipx', process.execPath, [cli, 'serve', '--dir', dir, '--host', '127.0.0.1', '--port', String(port)], {
    stdio: 'ignore',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/`, child, 'ipx');
  return { name: 'ipx', url, child, pids: () => [child.pid ?? -1], stop: () => stopChild(child) };
}

/** Bare Fastify serving `file` at /hit.jpg from memory (diagnostic: the runtime's own ceiling for a hit). */
export async function startBareFastify(file: string): Promise<RunningChild> {
  const port = await freePort();
  const child = startChild('bare fastify', process.execPath, ['--import', 'tsx', join(here, 'bare-fastify-child.ts'), String(port), file], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/hit.jpg`, child, 'bare fastify');
  return { name: 'bare fastify', url, child, pids: () => [child.pid ?? -1], stop: () => stopChild(child) };
}
