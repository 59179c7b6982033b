import type { z } from 'zod';
import { AppError, invalidParameter } from '../../errors/app-error.js';

/**
 * Validates a JSON body against a zod schema; `fields` says what each top-level field should be.
 * @throws invalid_parameter naming the first offending field (a password is never echoed)
 */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, fields: Readonly<Record<string, string>>): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? 'body';
    throw new AppError('invalid_parameter', `Unknown field ${JSON.stringify(key)}; the body takes only ${Object.keys(fields).join(', ')}`, {
      details: { parameter: key },
    });
  }
  const path = issue?.path ?? [];
  const top = typeof path[0] === 'string' ? path[0] : 'body';
  let received: unknown = body;
  for (const step of path) received = typeof received === 'object' && received !== null ? (received as Record<string | number, unknown>)[step] : undefined;
  const shown = top === 'password' && received !== undefined ? '(hidden)' : received;
  throw invalidParameter(path.map(String).join('.') || 'body', fields[top] ?? 'a JSON object', shown);
}
