import type { FastifyRequest } from 'fastify';
import { findFileAnyWorkspace } from '../storage/files/file-owner.js';
import { verifyImgixSignature } from '../accounts/imgix-signature.js';
import { AppError } from '../errors/app-error.js';
import type { Services } from '../services/create-services.js';
import { DEFAULT_WORKSPACE_ID, type FileRecord } from '../storage/index.js';
import type { ImgixTokenLookup } from './imgix-token.js';
import type { RenderAuthorizer } from './access/authorize-render.js';
import type { RenderGrant } from '../render/plan-rendition.js';

/** What {@link authorizeImgixRender} needs besides the request. */
export interface ImgixRenderAccess {
  readonly services: Services;
  readonly authorize: RenderAuthorizer;
  readonly tokenFor: ImgixTokenLookup;
  /** The route prefix (`/imgix`): imgix signed the path without it. */
  readonly prefix: string;
}

/**
 * Authorises an `/imgix/…` render: a valid imgix `s=` signature (when the file's workspace has an imgix token)
 * authorises it like a Convertly signature; without `s`, or without a token, the usual render authorizer decides.
 * @throws invalid_signature when a token is set and `s` does not match; not_found for an unknown file
 */
export async function authorizeImgixRender(
  request: FastifyRequest,
  fileId: string,
  access: ImgixRenderAccess,
): Promise<Pick<RenderGrant, 'file' | 'visibility'>> {
  if ((request.query as Record<string, unknown>).s === undefined) return access.authorize(request, fileId);
  // One read finds the owner whose token to try; the file is handed out only once the signature matched.
  const file = await findFileAnyWorkspace(access.services.database.db, fileId);
  // An unknown file is checked against the default workspace's token, so a wrong signature is a 403 whether the
  // file exists or not (no existence oracle); with the server-wide token every workspace has the same one anyway.
  const token = await access.tokenFor(file?.workspaceId ?? DEFAULT_WORKSPACE_ID);
  // No imgix token: `s` may be Convertly's own signature, which the render authorizer checks.
  if (token === null) return access.authorize(request, fileId);
  const requestTarget = request.url.slice(access.prefix.length);
  if (verifyImgixSignature({ requestTarget, tokens: [token] }) !== 'valid') {
    throw new AppError('invalid_signature', 'The imgix signature (s=) does not match this URL; sign it with the imgix secure URL token this server is configured with');
  }
  if (file === null) throw new AppError('not_found', `No file ${fileId}`);
  return { file, visibility: 'public' };
}
