// An access layer for the suites that need one stricter than open mode: the caller is whoever the
// `x-test-principal` header says (anonymous by default), and only a workspace credential may render.
import { AppError } from '../../src/errors/app-error.js';
import type { AccessControl } from '../../src/http/app.js';
import type { Principal } from '../../src/http/principal.js';
import { unlimitedQuota } from '../../src/http/quota-gate.js';
import { findStoredFile } from '../../src/services/stored-files.js';
import type { Services } from '../../src/services/create-services.js';
import { DEFAULT_WORKSPACE_ID } from '../../src/storage/index.js';

function principalOf(header: unknown): Principal {
  if (header === 'api_key') return { kind: 'api_key', workspaceId: DEFAULT_WORKSPACE_ID, keyId: 'key_test' };
  if (header === 'delivery_key') return { kind: 'delivery_key', workspaceId: DEFAULT_WORKSPACE_ID, keyId: 'dk_test', originLimited: false };
  return { kind: 'anonymous' };
}

/** Anonymous unless the request says otherwise; anonymous renders are 401, as with accounts configured. */
export function strictAccess(services: Services): AccessControl {
  return {
    resolvePrincipal: async (request) => principalOf(request.headers['x-test-principal']),
    authorizeRender: async (request, fileId) => {
      const { principal } = request;
      if (principal.kind === 'anonymous') throw new AppError('unauthorized', 'This render needs a delivery key, a signature or an API key');
      if (principal.kind === 'open') throw new AppError('unauthorized', 'No open mode here');
      return { file: await findStoredFile(services, principal.workspaceId, fileId), visibility: principal.kind === 'delivery_key' ? 'public' : 'private' };
    },
    quota: unlimitedQuota,
  };
}
