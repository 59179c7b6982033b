import type { Command } from 'commander';
import { startServer } from '../http/server.js';
import type { CliContext } from './cli-context.js';

/** `convertly serve`: the HTTP service on the configured host and port (embedded defaults: SQLite, ./data). */
export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('run the HTTP service (SQLite and ./data by default)')
    .option('--port <port>', 'port to listen on (default: PORT or 3000)')
    .option('--host <host>', 'address to bind (default: HOST or 127.0.0.1)')
    .action(async (flags: { port?: string; host?: string }) => {
      const config = {
        ...context.config,
        ...(flags.port !== undefined ? { port: Number(flags.port) } : {}),
        ...(flags.host !== undefined ? { host: flags.host } : {}),
      };
      // ADMIN_EMAIL / ADMIN_PASSWORD only matter on the very first start (empty database).
      const server = await startServer(config, { handleSignals: true, bootstrap: { adminEmail: config.admin.email, adminPassword: config.admin.password }, announce: context.stderr });
      context.stderr(`Convertly listening on ${server.url} (data in ${config.dataDir})`);
    });
}
