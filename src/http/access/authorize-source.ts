import type { FastifyRequest } from 'fastify';
import { signedExpiresAt, verifySignedRequest } from '../../accounts/url-signature.js';
import { AppError } from '../../errors/app-error.js';
import type { Services } from '../../services/create-services.js';
import { UPLOADS_SOURCE } from '../../services/sources/parse-new-source.js';
import type { SourceRecord } from '../../storage/index.js';
import { findPathOwners } from '../../storage/files/file-owner.js';
import type { Principal } from '../principal.js';
import type { RenderGrant } from '../../render/plan-rendition.js';

/**
 * Which source a `/src/{name}/…` request renders from: a workspace's added source, or (`source` null) its
 * built-in `uploads`, and how shared caches may keep the answer.
 */
export interface SourceGrant {
  readonly workspaceId: string;
  readonly source: SourceRecord | null;
  readonly visibility: RenderGrant['visibility'];
  readonly expiresAt?: number | undefined;
}

/**
 * Decides which source a request renders from: by name (`/src/{name}/…`), or a known one (a host mapped to it).
 * `paths` are the object paths the request may name (a Cloudinary public id tries two): a signed URL of the
 * built-in `uploads` names no workspace, so the workspaces holding an upload there say whose secrets to try.
 */
export type SourceAuthorizer = (request: FastifyRequest, target: string | SourceRecord, paths?: readonly string[]) => Promise<SourceGrant>;

/** The signing secrets of a workspace; absent without accounts (signatures are then never valid). */
export type SecretsLookup = (workspaceId: string) => Promise<readonly string[]>;

const SIGNATURE_PARAM = /(?:^|&)s=/;

function visibilityOf(principal: Principal): SourceGrant['visibility'] {
  // An origin-limited delivery key's answer must stay out of shared caches (private, Vary: Origin).
  if (principal.kind === 'delivery_key' && principal.originLimited) return 'origin-limited';
  return principal.kind === 'api_key' || principal.kind === 'session' ? 'private' : 'public';
}

function splitTarget(url: string): { path: string; query: string } {
  const mark = url.indexOf('?');
  return mark === -1 ? { path: url, query: '' } : { path: url.slice(0, mark), query: url.slice(mark + 1) };
}

/**
 * SPEC §1's "who may render", for sources: a key or session of the owning workspace, a valid signature by the
 * owner's secrets, or anyone for a `public` source. Another workspace's private source is a 404, as for files.
 * @throws unauthorized, invalid_signature, not_found
 */
export function createSourceAuthorizer(services: Services, secretsOf?: SecretsLookup): SourceAuthorizer {
  return async (request, target, paths = []) => {
    const principal = request.principal;
    const name = typeof target === 'string' ? target : target.name;
    if (principal.kind !== 'anonymous') {
      if (name === UPLOADS_SOURCE) return { workspaceId: principal.workspaceId, source: null, visibility: visibilityOf(principal) };
      const source = typeof target === 'string' ? await services.sources.getSource(principal.workspaceId, name) : target.workspaceId === principal.workspaceId ? target : null;
      if (source !== null) return { workspaceId: source.workspaceId, source, visibility: visibilityOf(principal) };
    }
    const candidates = typeof target !== 'string' ? [target] : name === UPLOADS_SOURCE ? [] : await services.sources.listByName(name);
    const open = candidates.find((source) => source.public);
    if (open !== undefined) return { workspaceId: open.workspaceId, source: open, visibility: 'public' };
    const { path, query } = splitTarget(request.raw.url ?? request.url);
    if (SIGNATURE_PARAM.test(query)) {
      // An upload's owners are found by its path; an unknown path still costs one HMAC (no existence oracle).
      const owners = name === UPLOADS_SOURCE
        ? (await findPathOwners(services.database.db, UPLOADS_SOURCE, paths)).map((workspaceId) => ({ workspaceId, source: null }))
        : candidates.map((source) => ({ workspaceId: source.workspaceId, source }));
      for (const owner of owners.length === 0 ? [null] : owners) {
        const secrets = owner === null || secretsOf === undefined ? [] : await secretsOf(owner.workspaceId);
        const result = verifySignedRequest({ path, query, secrets, nowSeconds: Math.floor(Date.now() / 1000) });
        if (result === 'expired') throw new AppError('invalid_signature', 'This signed URL has expired (expires= is in the past); sign a new one');
        if (result === 'valid' && owner !== null) return { ...owner, visibility: 'public', expiresAt: signedExpiresAt(query) ?? undefined };
      }
      throw new AppError('invalid_signature', 'The signature (s=) does not match this URL; sign the exact path and query with a current signing secret');
    }
    if (principal.kind === 'anonymous') {
      throw new AppError('unauthorized', 'Rendering from this source needs a delivery key (key=), a signature (s=), or an API key or session of its workspace');
    }
    throw new AppError('not_found', `No source ${name}`);
  };
}
