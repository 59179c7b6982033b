/** Looks up the imgix secure URL token a workspace signs its imgix-style URLs with. */
export type ImgixTokenLookup = (workspaceId: string) => Promise<string | null>;

/**
 * The imgix secure URL token that signs `/imgix/…` URLs for a workspace, or null when imgix signatures are off.
 * Until accounts store one per workspace, a single server-wide token comes from `IMGIX_SECURE_TOKEN`
 * (read on every call, so a restart is not needed to rotate it) and applies to every workspace.
 */
export async function imgixTokenFor(_workspaceId: string): Promise<string | null> {
  // The one read of process.env outside config/: the token is a stop-gap until accounts own it.
  const token = process.env.IMGIX_SECURE_TOKEN?.trim();
  return token === undefined || token === '' ? null : token;
}
