import type { Accounts } from '../../accounts/accounts.js';
import { AppError } from '../../errors/app-error.js';
import { requireWorkspace, type Principal } from '../principal.js';

/**
 * The workspace a management call acts for, when the caller may manage it: an owner's session, or an
 * API key (a key is the workspace's own full credential, made by an owner). Members may use the
 * workspace (files, renders, signing) but not change who or what has access to it.
 * @throws unauthorized, delivery_key_not_allowed (requireWorkspace); forbidden for a member's session
 */
export async function requireOwner(accounts: Accounts, principal: Principal, action: string): Promise<string> {
  const workspaceId = requireWorkspace(principal);
  if (principal.kind !== 'session') return workspaceId;
  const role = (await accounts.users.memberships(principal.userId)).find((m) => m.workspaceId === workspaceId)?.role;
  if (role !== 'owner') throw new AppError('forbidden', `Only an owner of this workspace can ${action}; ask an owner to do it or to make you one`);
  return workspaceId;
}
