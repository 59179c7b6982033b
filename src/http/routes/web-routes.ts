import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The dashboard's folder: `public/` at the package root, from `src/http/routes/` under tsx and from `dist/http/routes/` alike. */
export const PUBLIC_DIR = fileURLToPath(new URL('../../../public/', import.meta.url));

/**
 * The dashboard page may only load what this server serves: no inline script, no third-party
 * origin. Inline `style` attributes stay refused; the scripts set styles through the CSSOM.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Browser modules the dashboard takes from npm packages, served as they are at `/js/vendor/{name}`. */
const VENDOR_MODULES: Readonly<Record<string, string>> = {
  // The ThumbHash decoder, for the analysis' placeholder (the package is also what the server encodes with).
  'thumbhash.js': 'thumbhash/thumbhash.js',
};

function securityHeaders(res: { setHeader(name: string, value: string): unknown }): void {
  res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');
}

/**
 * Serves the static dashboard (`public/`) at `/`: `index.html` for `/`, every other file at its
 * own path. Files are listed once at start-up (no wildcard route), so unknown paths, and every
 * `/api`, `/cdn`, `/imgix`, `/cloudinary`, `/healthz` and `/metrics` route, are never shadowed.
 */
export async function registerWebRoutes(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    // Plain file names without content hashes: let browsers keep them but revalidate (ETag) each load.
    cacheControl: true,
    maxAge: 0,
    setHeaders: securityHeaders,
  });
  const require = createRequire(import.meta.url);
  for (const [name, specifier] of Object.entries(VENDOR_MODULES)) {
    // Read once at start-up, like the static files are listed once.
    const body = readFileSync(require.resolve(specifier));
    // A dashboard asset like the static files above: hidden from the API description.
    app.get(`/js/vendor/${name}`, { schema: { hide: true } }, async (_request, reply) => {
      securityHeaders({ setHeader: (name, value) => reply.header(name, value) });
      return reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=0').send(body);
    });
  }
}
