import { AppError } from '../errors/app-error.js';
import type { Services } from '../services/create-services.js';
import { DEFAULT_WORKSPACE_ID } from '../storage/index.js';
import type { PrincipalResolver } from './plugins/authenticate.js';
import { requireWorkspace } from './principal.js';
import type { RenderAuthorizer } from './routes/cdn-routes.js';
import { findFile } from './routes/files-routes.js';

/** Single-tenant local mode: every caller acts for the default workspace (used until accounts are configured). */
export const openPrincipal: PrincipalResolver = async () => ({ kind: 'open', workspaceId: DEFAULT_WORKSPACE_ID });

/** In open mode anyone may render any file of the default workspace. */
export function openRenderAuthorizer(services: Services): RenderAuthorizer {
  return async (request, fileId) => {
    const principal = request.principal;
    const workspaceId = principal.kind === 'delivery_key' ? principal.workspaceId : requireWorkspace(principal);
    if (workspaceId === undefined) throw new AppError('unauthorized', 'No credential');
    return { file: await findFile(services, workspaceId, fileId), visibility: 'public' };
  };
}
