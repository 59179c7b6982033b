import type { RenditionEntry } from './rendition-file.js';
import type { HintPolicy } from './hint-policy.js';
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
 * and ignored). The GET is started before anything else, and the hint is asked beside it only while `policy`
 * finds the database answering well before the bucket (hint-policy.ts). The caller's original fetch starts
 * once a render is likely: at once without a hint, on "never rendered", or on the bucket's 404 — not while
 * the bucket may still answer a hit (that transfer would be wasted, and on s3rver-like servers it slows the
 * lookup down). A failing bucket is reported through `onError` and counts as a miss.
 */
export async function askSharedTier(
  shared: SharedTier,
  key: string,
  hooks: RenderHooks | undefined,
  onError: ((error: unknown) => void) | undefined,
  policy: HintPolicy,
): Promise<RenditionEntry | null> {
  const started = performance.now();
  const lookup = shared.get(key).then(
    (entry) => {
      policy.lookupTook(performance.now() - started);
      return entry;
    },
    (error: unknown) => {
      // A failure counts as the time it took: a black-holed bucket fails only after its connect timeout, and
      // judged by its last fast answers alone it would never have the hint asked, so every miss would wait it out.
      policy.lookupTook(performance.now() - started);
      onError?.(error);
      return null;
    },
  );
  if (hooks?.hint === undefined) {
    hooks?.onLikelyRender?.();
    return lookup;
  }
  const missed = (entry: RenditionEntry | null) => {
    if (entry === null) hooks.onLikelyRender?.();
    return entry;
  };
  if (!policy.shouldAsk()) return missed(await lookup);
  const hint = hooks.hint().then(
    (said) => {
      policy.hintTook(performance.now() - started);
      return said;
    },
    () => undefined,
  );
  const first = await Promise.race([lookup.then((entry) => ({ entry })), hint.then((said) => ({ said }))]);
  if ('entry' in first) return missed(first.entry);
  if (first.said === 'never-rendered') {
    hooks.onLikelyRender?.();
    return null;
  }
  return missed(await lookup);
}
