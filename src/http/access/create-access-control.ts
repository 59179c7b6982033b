import { createAccounts, type Accounts, type AccountsOptions } from '../../accounts/accounts.js';
import { ADDRESS_MAX_FAILURES, createLoginService, type LoginService } from '../../accounts/login.js';
import type { LoginRateLimitOptions } from '../../accounts/login-rate-limit.js';
import { createSharedLoginRateLimiter } from '../../accounts/shared-login-rate-limit.js';
import { createQuota, type Quota } from '../../accounts/quota.js';
import type { Services } from '../../services/create-services.js';
import type { AccessControl } from '../app.js';
import { registerAuthRoutes } from './auth-routes.js';
import { createRenderAuthorizer, createRenderPeek } from './authorize-render.js';
import { createSourceAuthorizer } from './authorize-source.js';
import { registerKeysRoutes } from './keys-routes.js';
import { registerMembersRoutes } from './members-routes.js';
import { createPlanQuotaGate } from './quota-gate.js';
import { createPrincipalPeek, createPrincipalResolver } from './resolve-principal.js';
import { registerStaleCookieClearing } from './session-cookie.js';
import { registerWorkspaceRoutes } from './workspace-routes.js';

/** The accounts-backed access layer, with its parts exposed for the CLI, tests and benches. */
export interface AccountsAccessControl extends AccessControl {
  readonly accounts: Accounts;
  readonly quotaService: Quota;
  readonly login: LoginService;
}

export interface AccessControlOptions extends AccountsOptions {
  /** Login limits; default 5 failures per account and 50 per address per 15 minutes. */
  readonly loginLimits?: { readonly account?: LoginRateLimitOptions; readonly address?: LoginRateLimitOptions };
}

/**
 * The real access control (SPEC §1 and §4): keys, sessions, signatures, plans and quotas,
 * over the services' database. Pass it to `buildApp(services, { access })`.
 */
export function createAccessControl(services: Services, options: AccessControlOptions = {}): AccountsAccessControl {
  const accounts = createAccounts(services.database.db, { countersDb: services.database.counters, changes: services.changes, ...options });
  const quotaService = createQuota(accounts, services.config.quotas);
  const login = createLoginService(accounts, {
    // In the database, so that N instances do not allow N times the guesses.
    account: createSharedLoginRateLimiter(services.database, 'account', options.loginLimits?.account),
    address: createSharedLoginRateLimiter(services.database, 'address', { maxFailures: ADDRESS_MAX_FAILURES, ...options.loginLimits?.address }),
  });
  return {
    accounts,
    quotaService,
    login,
    resolvePrincipal: createPrincipalResolver(accounts, services.config),
    authorizeRender: createRenderAuthorizer(services, accounts),
    peekRender: createRenderPeek(services, createPrincipalPeek(accounts)),
    authorizeSource: createSourceAuthorizer(services, (workspaceId) => accounts.signingSecrets(workspaceId)),
    quota: createPlanQuotaGate(quotaService),
    registerRoutes(app) {
      registerStaleCookieClearing(app, services.config);
      registerAuthRoutes(app, { accounts, login, config: services.config });
      registerKeysRoutes(app, accounts);
      registerMembersRoutes(app, accounts);
      registerWorkspaceRoutes(app, { accounts, quota: quotaService });
    },
  };
}
