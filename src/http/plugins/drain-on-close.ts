import type { FastifyInstance } from 'fastify';

/**
 * Answers every response that finishes after shutdown began with `Connection: close`. Node's
 * `server.close()` reaps only the keep-alive sockets idle at that moment; a request still in
 * flight would leave its socket open once answered, holding the close up for the whole
 * keep-alive timeout (72 s in Fastify) before the database could be closed.
 */
export function registerDrainOnClose(app: FastifyInstance): void {
  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (draining) void reply.header('connection', 'close');
  });
}
