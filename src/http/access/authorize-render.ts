import type { FastifyRequest } from 'fastify';
import type { Accounts } from '../../accounts/accounts.js';
import { findFileAnyWorkspace } from '../../storage/files/file-owner.js';
import { signedExpiresAt, verifySignedRequest } from '../../accounts/url-signature.js';
import { AppError } from '../../errors/app-error.js';
import type { Services } from '../../services/create-services.js';
import { getStoredFile, peekStoredFile } from '../../services/stored-files.js';
import type { CredentialRequest, Principal } from '../principal.js';
import type { RenderGrant } from '../../render/plan-rendition.js';
import type { PrincipalPeek } from './resolve-principal.js';

/** Decides whether this request may render this file id (404 for any file it may not see). */
export type RenderAuthorizer = (request: FastifyRequest, fileId: string) => Promise<RenderGrant>;

/**
 * The authorizer's answer computed from in-memory caches only, for the hit path that runs before
 * Fastify: `undefined` whenever the authorizer would look anything up or refuse (the full path answers).
 */
export type RenderPeek = (request: CredentialRequest, fileId: string) => RenderGrant | undefined;

const SIGNATURE_PARAM = /(?:^|&)s=/;

function splitTarget(url: string): { path: string; query: string } {
  const mark = url.indexOf('?');
  return mark === -1 ? { path: url, query: '' } : { path: url.slice(0, mark), query: url.slice(mark + 1) };
}

/**
 * SPEC §1 "who may render": a key or session of the owning workspace (an API key or session
 * renders `private`, a delivery key `public`), or a valid signature (`public`, and only until its
 * `expires=`, which the grant carries so no cache keeps the render longer). A file the
 * credential's workspace does not own is a 404 exactly like a missing one, so nothing reveals
 * that another workspace's file exists.
 * @throws unauthorized without any credential; invalid_signature for a forged, expired or
 * foreign signature (also when the file does not exist: a signature must not be an oracle either);
 * not_found for a file outside the credential's workspace.
 */
export function createRenderAuthorizer(services: Services, accounts: Accounts): RenderAuthorizer {
  return async (request, fileId) => {
    const principal = request.principal;
    if (principal.kind !== 'anonymous') {
      const file = await getStoredFile(services, principal.workspaceId, fileId);
      if (file !== null) {
        return { file, visibility: grantVisibility(principal) };
      }
    }
    const { path, query } = splitTarget(request.raw.url ?? request.url);
    if (SIGNATURE_PARAM.test(query)) return signedGrant(services, accounts, { path, query, fileId });
    if (principal.kind === 'anonymous') {
      throw new AppError('unauthorized', 'Rendering needs a delivery key (key=), a signature (s=), or an API key or session of the file\'s workspace');
    }
    throw new AppError('not_found', `No file ${fileId}`);
  };
}

/**
 * The authorizer for GETs whose key or session and file are in the caches: the same grant, no I/O.
 * Signatures, anonymous callers and unknown files are left to the authorizer (`undefined`).
 */
export function createRenderPeek(services: Services, peekPrincipal: PrincipalPeek): RenderPeek {
  return (request, fileId) => {
    const principal = peekPrincipal(request);
    if (principal === undefined || principal.kind === 'anonymous') return undefined;
    const file = peekStoredFile(services, principal.workspaceId, fileId);
    if (file === null || file === undefined) return undefined;
    return { file, visibility: grantVisibility(principal) };
  };
}

function grantVisibility(principal: Principal): RenderGrant['visibility'] {
  if (principal.kind === 'delivery_key' && principal.originLimited) return 'origin-limited';
  return principal.kind === 'api_key' || principal.kind === 'session' ? 'private' : 'public';
}

async function signedGrant(
  services: Services,
  accounts: Accounts,
  target: { path: string; query: string; fileId: string },
): Promise<RenderGrant> {
  const candidate = await findFileAnyWorkspace(services.database.db, target.fileId);
  // No file, no secrets: verifySignedRequest then runs one HMAC with a dummy secret, so this 403
  // costs what a wrong signature for a real file costs.
  const secrets = candidate === null ? [] : await accounts.signingSecrets(candidate.workspaceId);
  const result = verifySignedRequest({
    path: target.path,
    query: target.query,
    secrets,
    nowSeconds: Math.floor(accounts.now().getTime() / 1000),
  });
  if (result === 'expired') throw new AppError('invalid_signature', 'This signed URL has expired (expires= is in the past); sign a new one');
  // Verified against the owner's own secrets, so the file is only handed out for a genuine signature.
  const file = result === 'valid' ? candidate : null;
  if (file === null) {
    throw new AppError('invalid_signature', 'The signature (s=) does not match this URL; sign the exact path and query with a current signing secret');
  }
  // A valid signature's expires= is well formed (else it would be invalid); undefined without one.
  const expiresAt = signedExpiresAt(target.query) ?? undefined;
  return expiresAt === undefined ? { file, visibility: 'public' } : { file, visibility: 'public', expiresAt };
}
