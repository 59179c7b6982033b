import { z } from 'zod';
import { invalidParameter } from '../../errors/app-error.js';
import type { FocalPoint } from '../../storage/index.js';

const coordinate = z.number().finite().min(0).max(1);
const FocalBody = z.object({ x: coordinate, y: coordinate }).strict();

/**
 * Validates `{"x":0.3,"y":0.6}` (fractions of the width and height).
 * @throws invalid_parameter naming the field
 */
export function focalBody(body: unknown): FocalPoint {
  const parsed = FocalBody.safeParse(body);
  if (parsed.success) return { x: parsed.data.x, y: parsed.data.y };
  const issue = parsed.error.issues[0];
  const field = issue?.path[0];
  const name = typeof field === 'string' ? field : 'body';
  const received = typeof field === 'string' && typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : body;
  throw invalidParameter(name, name === 'body' ? 'a JSON object {"x": 0–1, "y": 0–1}' : 'a number from 0 to 1', received === undefined ? undefined : JSON.stringify(received));
}
