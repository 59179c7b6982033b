import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import { createServices, type Services } from '../services/create-services.js';
import { buildApp, type AccessControl } from './app.js';

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly services: Services;
  readonly url: string;
  /** Stops accepting, lets in-flight requests finish, then closes the pool and the database. */
  close(): Promise<void>;
}

/** Starts the service: services, app, listen; SIGTERM/SIGINT shut it down gracefully when `handleSignals`. */
export async function startServer(
  config: Config,
  options: { handleSignals?: boolean; access?: (services: Services) => Promise<AccessControl>; onReady?: (server: RunningServer) => Promise<void> } = {},
): Promise<RunningServer> {
  const services = await createServices(config);
  let app: FastifyInstance;
  try {
    const access = options.access ? await options.access(services) : undefined;
    app = (await buildApp(services, access ? { access } : {})).app;
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
  await options.onReady?.(server);
  return server;
}
