import type { Focus } from '../params/focus.js';
import type { PlannedDecision } from './crop-decision.js';
import type { GravityContext } from './gravity-context.js';
import { gravityModeFor } from './gravities.js';
import {
  compassStrategy,
  faceStrategy,
  faceSubjectStrategy,
  facesStrategy,
  focalStrategy,
  fpStrategy,
  objectStrategy,
  smartStrategy,
  type GravityStrategy,
} from './strategies.js';

const center = compassStrategy('center');

const STRATEGY_NAMES = new Map<GravityStrategy, string>([
  [faceStrategy, 'face'],
  [faceSubjectStrategy, 'face'],
  [objectStrategy, 'objects'],
  [facesStrategy, 'faces'],
  [smartStrategy, 'smart'],
  [focalStrategy, 'focal'],
  [fpStrategy, 'fp'],
]);

/**
 * Runs the gravity chain and returns the first decision, with the strategies that fell
 * through and why (a detector that throws degrades to the next link; it never fails the render).
 */
export async function chooseDecision(
  focus: Focus,
  context: GravityContext,
  onDetectorError: (error: unknown, strategy: string) => void = () => {},
): Promise<{ decision: PlannedDecision; fallbacks: string[] }> {
  const fallbacks: string[] = [];
  for (const strategy of gravityModeFor(focus).chain) {
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
