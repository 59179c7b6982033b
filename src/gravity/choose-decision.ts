import { type Gravity } from '../params/vocabulary.js';
import { COMPASS } from '../geometry/compass-window.js';
import type { PlannedDecision } from './crop-decision.js';
import type { GravityContext } from './gravity-context.js';
import {
  attentionStrategy,
  compassStrategy,
  entropyStrategy,
  faceStrategy,
  facesStrategy,
  focalStrategy,
  fpStrategy,
  smartStrategy,
  type GravityStrategy,
} from './strategies.js';

const center = compassStrategy('center');

const compassChains = {} as Record<(typeof COMPASS)[number], readonly GravityStrategy[]>;
for (const name of COMPASS) compassChains[name] = [compassStrategy(name)];

/** Each gravity's fall-through chain, tried in order; the last link always decides. */
const CHAINS = {
  ...compassChains,
  auto: [attentionStrategy],
  entropy: [entropyStrategy],
  smart: [smartStrategy, attentionStrategy],
  face: [faceStrategy, smartStrategy, attentionStrategy],
  faces: [facesStrategy, smartStrategy, attentionStrategy],
  focal: [focalStrategy, center],
} satisfies Record<Gravity, readonly GravityStrategy[]>;

const STRATEGY_NAMES = new Map<GravityStrategy, string>([
  [faceStrategy, 'face'],
  [facesStrategy, 'faces'],
  [smartStrategy, 'smart'],
  [focalStrategy, 'focal'],
  [fpStrategy, 'fp'],
]);

/** The chain for a request: `fp` wins; no gravity means the stored focal point, else centre. */
function chainFor(gravity: Gravity | undefined, context: GravityContext): readonly GravityStrategy[] {
  if (context.fp !== undefined) return [fpStrategy];
  if (gravity === undefined) return CHAINS.focal;
  return CHAINS[gravity];
}

/**
 * Runs the gravity chain and returns the first decision, with the strategies that fell
 * through and why (a detector that throws degrades to the next link; it never fails the render).
 */
export async function chooseDecision(
  gravity: Gravity | undefined,
  context: GravityContext,
  onDetectorError: (error: unknown, strategy: string) => void = () => {},
): Promise<{ decision: PlannedDecision; fallbacks: string[] }> {
  const fallbacks: string[] = [];
  for (const strategy of chainFor(gravity, context)) {
    const name = STRATEGY_NAMES.get(strategy) ?? 'strategy';
    try {
      const result = await strategy(context);
      if (result.kind !== 'none') return { decision: result, fallbacks };
      fallbacks.push(`${name}: ${result.reason}`);
    } catch (error) {
      onDetectorError(error, name);
      fallbacks.push(`${name}: detector failed`);
    }
  }
  // Every chain ends in a strategy that always decides, so this is only a safe default.
  const fallback = await center(context);
  if (fallback.kind === 'none') throw new Error('centre strategy cannot fall through');
  return { decision: fallback, fallbacks };
}
