// A scaled-out deployment on loopback for the scale suites and bench:scale: N real `convertly serve`
// processes (each with its own data folder) sharing one PostgreSQL schema and one s3rver bucket.
// Processes, not in-process apps, so a test can `kill -9` one and nothing in this process is shared by accident.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bootstrapAccounts } from '../../src/accounts/bootstrap.js';
import { createDatabase } from '../../src/storage/db/create-database.js';
import { createPostgresSchema } from '../accounts-http/helpers/postgres-schema.js';
import { startS3rver, type TestS3Server } from '../helpers/s3rver.js';
import { makeTempDir, removeDir } from '../storage/temp-dir.js';

const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ADMIN_EMAIL = 'admin@scale.test';
export const ADMIN_PASSWORD = 'scale-test-password-1';

export interface Instance {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  readonly dataDir: string;
  /** fetch() with the deployment's API key. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** `kill -9`: no drain, no cleanup. */
  kill(): Promise<void>;
  /** SIGTERM, and wait for the process to end. */
  stop(): Promise<void>;
  /** Resident set size in bytes, from /proc. */
  rss(): Promise<number>;
}

export interface Deployment {
  readonly instances: readonly Instance[];
  readonly s3: TestS3Server;
  readonly databaseUrl: string;
  readonly apiKey: string;
  close(): Promise<void>;
}

async function waitForUrl(child: ChildProcess, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 180 s:\n${output}`)), 180_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Convertly listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export interface DeploymentOptions {
  readonly instances?: number;
  /** Extra environment for every instance. */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra environment for one instance (by index), over `env`. */
  readonly instanceEnv?: (index: number) => Readonly<Record<string, string>>;
  /** Where originals live: the s3rver bucket (default), or each instance's data folder (a one-instance baseline). */
  readonly storage?: 's3' | 'fs';
}

/** Starts s3rver, a fresh PostgreSQL schema with an admin and an API key, and N instances on them. */
export async function startDeployment(options: DeploymentOptions = {}): Promise<Deployment> {
  const s3 = await startS3rver();
  const schema = await createPostgresSchema();
  const handle = createDatabase({ databaseUrl: schema.databaseUrl, sqlitePath: 'unused.db' });
  let apiKey: string;
  try {
    const credentials = await bootstrapAccounts(handle.db, { adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD });
    if (credentials === null) throw new Error('the fresh schema already had users');
    apiKey = credentials.apiKey;
  } finally {
    await handle.destroy();
  }
  const auth = { authorization: `Bearer ${apiKey}` };
  const children: ChildProcess[] = [];
  const dataDirs: string[] = [];
  const instances: Instance[] = [];
  const close = async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
    await Promise.all(dataDirs.map(removeDir));
    await s3.close();
    await schema.drop();
  };
  try {
    const count = options.instances ?? 3;
    const started = await Promise.all(
      Array.from({ length: count }, async (_, index) => {
        const name = String.fromCharCode(65 + index);
        const dataDir = await makeTempDir(`scale-${name}`);
        dataDirs.push(dataDir);
        const child = spawn(process.execPath, ['--import', 'tsx', BIN, 'serve', '--port', '0'], {
          cwd: ROOT,
          env: {
            ...process.env,
            ...(options.storage === 'fs' ? {} : s3.env),
            DATABASE_URL: schema.databaseUrl,
            CONVERTLY_DATA_DIR: dataDir,
            WORKER_THREADS: '1',
            CONVERTLY_LOG_LEVEL: 'silent',
            MALLOC_ARENA_MAX: '2',
            MALLOC_MMAP_THRESHOLD_: '1048576',
            ...options.env,
            ...options.instanceEnv?.(index),
          },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        children.push(child);
        const url = await waitForUrl(child, name);
        const instance: Instance = {
          name,
          url,
          pid: child.pid ?? 0,
          dataDir,
          fetch: (path, init = {}) => fetch(`${url}${path}`, { ...init, headers: { ...auth, ...(init.headers as Record<string, string> | undefined) } }),
          async kill() {
            child.kill('SIGKILL');
            await exited(child);
          },
          async stop() {
            child.kill('SIGTERM');
            await exited(child);
          },
          async rss() {
            const { readFile } = await import('node:fs/promises');
            const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
            return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
          },
        };
        return instance;
      }),
    );
    instances.push(...started);
  } catch (error) {
    await close();
    throw error;
  }
  return { instances, s3, databaseUrl: schema.databaseUrl, apiKey, close };
}

/** Polls `check` every 20 ms until it returns true; the time it took, or an error after `withinMs`. */
export async function eventually(what: string, withinMs: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > withinMs) throw new Error(`${what}: not seen within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
