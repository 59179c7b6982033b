import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import { bootstrapAccounts, formatFirstRun, type BootstrapOptions, type FirstRunCredentials } from '../accounts/bootstrap.js';
import { createServices, type Services } from '../services/create-services.js';
import { createAccessControl } from './access/create-access-control.js';
import { buildApp, type AccessControl } from './app.js';

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly services: Services;
  readonly url: string;
  /** Stops accepting, lets in-flight requests finish, then closes the pool and the database. */
  close(): Promise<void>;
}

export interface StartServerOptions {
  readonly handleSignals?: boolean;
  /** The access layer; accounts, keys and quotas (createAccessControl) unless given. */
  readonly access?: (services: Services) => Promise<AccessControl>;
  readonly onReady?: (server: RunningServer) => Promise<void>;
  /** First-run admin (ADMIN_EMAIL / ADMIN_PASSWORD); `false` skips creating one on an empty database. */
  readonly bootstrap?: BootstrapOptions | false;
  /** Where the first-run credentials are printed, once; stderr by default. */
  readonly announce?: (text: string) => void;
}

/** Starts the service: services, app, listen; SIGTERM/SIGINT shut it down gracefully when `handleSignals`. */
export async function startServer(config: Config, options: StartServerOptions = {}): Promise<RunningServer> {
  // Survived errors (a failed cache write, cleanup after a delete, a dropped idle DB connection)
  // go to the app's log once it exists; until then to stderr.
  let log = (error: unknown) => console.error('convertly: survived error', error);
  const services = await createServices(config, { onError: (error) => log(error) });
  let app: FastifyInstance;
  let firstRun: FirstRunCredentials | null = null;
  try {
    if (options.bootstrap !== false) firstRun = await bootstrapAccounts(services.database.db, options.bootstrap ?? {});
    const access = options.access ? await options.access(services) : createAccessControl(services);
    app = (await buildApp(services, { access })).app;
    const logger = app.log;
    log = (error) => logger.warn({ err: error }, 'survived error');
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await services.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  let closing: Promise<void> | null = null;
  const server: RunningServer = {
    app,
    services,
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    close: () =>
      (closing ??= (async () => {
        await app.close();
        await services.close();
      })()),
  };
  if (options.handleSignals === true) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        app.log.info({ signal }, 'shutting down');
        void server.close().then(() => process.exit(0));
      });
    }
  }
  if (firstRun !== null) {
    const announce = options.announce ?? ((text: string) => process.stderr.write(`${text}\n`));
    announce(formatFirstRun(firstRun, (config.publicUrl ?? server.url).replace(/\/+$/, '')));
  }
  await options.onReady?.(server);
  return server;
}
