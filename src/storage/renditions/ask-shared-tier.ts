import type { RenditionEntry } from './rendition-file.js';
import type { SharedTier } from './shared-tier.js';

/**
 * What the caller knows about a rendition this instance does not hold: `rendered-before` (by some instance,
 * so the shared tier should have it) or `never-rendered` (it cannot be there: render at once).
 */
export type SharedHint = 'rendered-before' | 'never-rendered';

/** How a caller of `getOrRender` takes part in a local miss on an instance with a shared tier. */
export interface RenderHooks {
  /**
   * Asked beside the shared tier's lookup (the database knows which renditions were charged, so rendered,
   * and answers faster than a bucket's 404). Without it, or when it fails, the lookup alone decides.
   */
  readonly hint?: () => Promise<SharedHint>;
  /** The cache now expects to render: the caller may start fetching the original instead of waiting. */
  readonly onLikelyRender?: () => void;
}

/**
 * Looks `key` up in the shared tier and settles as early as it can: with the entry on a hit; with null on the
 * bucket's 404, or as soon as the hint says the rendition was never rendered (the lookup is left to finish
 * and ignored). Only when the hint cannot rule the bucket in does the caller's original fetch start beside it:
 * on a hit that transfer would be wasted, and on s3rver-like servers it slows the lookup down.
 * A failing bucket is reported through `onError` and counts as a miss.
 */
export async function askSharedTier(
  shared: SharedTier,
  key: string,
  hooks: RenderHooks | undefined,
  onError: ((error: unknown) => void) | undefined,
): Promise<RenditionEntry | null> {
  const lookup = shared.get(key).catch((error: unknown) => {
    onError?.(error);
    return null;
  });
  if (hooks?.hint === undefined) {
    hooks?.onLikelyRender?.();
    return lookup;
  }
  const hint = hooks.hint().catch(() => undefined);
  const first = await Promise.race([lookup.then((entry) => ({ entry })), hint.then((said) => ({ said }))]);
  if ('entry' in first) return first.entry;
  if (first.said === 'rendered-before') return lookup;
  hooks.onLikelyRender?.();
  return first.said === 'never-rendered' ? null : lookup;
}
