import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from '../errors/app-error.js';

/** Who is calling, as established by the auth plugin from the request's credentials. */
export type Principal =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'api_key'; readonly workspaceId: string; readonly keyId: string }
  | { readonly kind: 'session'; readonly workspaceId: string; readonly userId: string }
  /** `originLimited`: the key names allowed origins, so its renders must not sit in shared caches. */
  | { readonly kind: 'delivery_key'; readonly workspaceId: string; readonly keyId: string; readonly originLimited: boolean }
  /** No accounts configured (single-tenant, local): every caller acts for the default workspace. */
  | { readonly kind: 'open'; readonly workspaceId: string };

/** What a request's headers and query say about who sends it (a FastifyRequest fits, and so does a raw request). */
export interface CredentialRequest {
  readonly headers: IncomingHttpHeaders;
  readonly query: unknown;
}

/**
 * The workspace a management call (files, analyze, keys) acts for.
 * @throws unauthorized without a credential; delivery_key_not_allowed for a delivery key
 */
export function requireWorkspace(principal: Principal): string {
  switch (principal.kind) {
    case 'anonymous':
      throw new AppError('unauthorized', 'This endpoint needs an API key (Authorization: Bearer cvly_…) or a signed-in session');
    case 'delivery_key':
      throw new AppError('delivery_key_not_allowed', 'Delivery keys may only render images (GET /cdn/…); use an API key for this endpoint');
    default:
      return principal.workspaceId;
  }
}
