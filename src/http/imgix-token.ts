/** Looks up the imgix secure URL token a workspace signs its imgix-style URLs with; null when imgix signatures are off. */
export type ImgixTokenLookup = (workspaceId: string) => Promise<string | null>;

/** One server-wide token (config `IMGIX_SECURE_TOKEN`) for every workspace, until accounts store one per workspace. */
export function serverImgixToken(token: string | undefined): ImgixTokenLookup {
  return async () => token ?? null;
}
