import { buildUrl } from './build-url.js';
import type { RenderParams } from './render-params.js';
import { signUrl, type SignUrlOptions } from './sign-url.js';

/**
 * {@link buildUrl}, then signed with a workspace signing secret (`s=`, and `expires=` when asked), so the
 * URL renders for anyone without a key. Server-side only: the secret must never reach a browser.
 * @throws RangeError for a bad parameter or expiry; TypeError for an empty secret
 * @example buildSignedUrl('https://img.example.com', 'f_abc', { w: 800 }, process.env.CONVERTLY_SIGNING_SECRET!, { expiresAt: new Date(Date.now() + 3600e3) })
 */
export function buildSignedUrl(base: string, fileIdOrPath: string, params: RenderParams, secret: string, options: SignUrlOptions = {}): string {
  return signUrl(buildUrl(base, fileIdOrPath, params), secret, options);
}
