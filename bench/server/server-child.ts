// The service under test, in its own process so its CPU and memory are its own.
// Started by bench/server.bench.ts with CONVERTLY_DATA_DIR set to a temp folder. It runs startServer
// with the real access layer (createAccessControl: keys, quotas), like `convertly serve`, and makes one
// API key for the bench, as the first-run bootstrap does; it reports the URL and that key over IPC.
// It also answers `{ type: 'eld' }` with its event-loop delay since the last `{ type: 'eld-reset' }`.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../../src/config/config.js';
import { createAccessControl } from '../../src/http/access/create-access-control.js';
import { startServer } from '../../src/http/server.js';
import { DEFAULT_WORKSPACE_ID } from '../../src/storage/index.js';

const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
let apiKey = '';
const config = loadConfig(process.env, { host: '127.0.0.1', port: 0 });
await startServer(config, {
  handleSignals: true,
  // No first-run admin: the bench needs only a key, and the admin's argon2 hash would slow the start.
  bootstrap: false,
  access: async (services) => {
    const access = createAccessControl(services);
    apiKey = (await access.accounts.keys.createKey({ workspaceId: DEFAULT_WORKSPACE_ID, kind: 'api', name: 'server bench' })).token;
    return access;
  },
  onReady: async (server) => {
    process.send?.({ type: 'ready', url: server.url, apiKey });
  },
});

process.on('message', (message: { type?: string }) => {
  if (message.type === 'eld-reset') {
    delay.reset();
    process.send?.({ type: 'eld-reset' });
  } else if (message.type === 'eld') {
    const ms = (ns: number) => ns / 1e6;
    process.send?.({ type: 'eld', p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max), mean: ms(delay.mean) });
  }
});
// The parent going away (even by SIGKILL) must not leave a server behind.
process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
