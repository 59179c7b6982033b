import type { AccessControl } from './app.js';
import { AppError } from '../errors/app-error.js';
import { unlimitedQuota } from './quota-gate.js';
import type { Services } from '../services/create-services.js';
import { DEFAULT_WORKSPACE_ID } from '../storage/index.js';
import type { PrincipalResolver } from './plugins/authenticate.js';
import { requireWorkspace } from './principal.js';
import type { RenderAuthorizer } from './access/authorize-render.js';
import { findStoredFile, peekStoredFile } from '../services/stored-files.js';

/**
 * Open mode: no credentials at all, every caller acts for the default workspace, nothing is counted.
 * For tests and trusted single-user setups only; `startServer` uses the real access control.
 */
export function openAccessControl(services: Services): AccessControl {
  return {
    resolvePrincipal: openPrincipal,
    authorizeRender: openRenderAuthorizer(services),
    peekRender: (_request, fileId) => {
      const file = peekStoredFile(services, DEFAULT_WORKSPACE_ID, fileId);
      return file === null || file === undefined ? undefined : { file, visibility: 'public' };
    },
    quota: unlimitedQuota,
  };
}

const openPrincipal: PrincipalResolver = async () => ({ kind: 'open', workspaceId: DEFAULT_WORKSPACE_ID });

/** In open mode anyone may render any file of the default workspace. */
function openRenderAuthorizer(services: Services): RenderAuthorizer {
  return async (request, fileId) => {
    const principal = request.principal;
    const workspaceId = principal.kind === 'delivery_key' ? principal.workspaceId : requireWorkspace(principal);
    if (workspaceId === undefined) throw new AppError('unauthorized', 'No credential');
    return { file: await findStoredFile(services, workspaceId, fileId), visibility: 'public' };
  };
}
