// Diagnostic baseline: bare Fastify (no logger, no hooks, no lookups) sending one Buffer from memory.
// What a cache hit could cost in this runtime if the hit path did nothing but answer. Port in argv[2].
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';

const [port = '0', file = ''] = process.argv.slice(2);
const body = readFileSync(file);
const app = Fastify({ logger: false });
app.get('/hit.jpg', async (_request, reply) => reply.type('image/jpeg').header('cache-control', 'public, max-age=31536000, immutable').send(body));
await app.listen({ host: '127.0.0.1', port: Number(port) });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
