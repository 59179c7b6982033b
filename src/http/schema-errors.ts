import type { FastifySchemaValidationError, FastifyServerOptions } from 'fastify';
import { invalidParameter } from '../errors/app-error.js';

/**
 * Fastify's schemaErrorFormatter: the first violation of a route schema as the house `invalid_parameter`,
 * naming the field and what its schema's `description` says it should be (`Expected X for NAME but received V`).
 * Route schemas therefore describe each field by what it expects, which is also what OpenAPI shows.
 * Needs ajv's `verbose` option (app.ts) so each error carries its schema and the value received.
 */
export const schemaError: NonNullable<FastifyServerOptions['schemaErrorFormatter']> = (errors, dataVar) => {
  const first = errors[0] as (FastifySchemaValidationError & { parentSchema?: { description?: string }; data?: unknown }) | undefined;
  if (first === undefined) return invalidParameter(dataVar, 'a valid request', undefined);
  const missing = typeof first.params.missingProperty === 'string' ? first.params.missingProperty : undefined;
  const name = first.instancePath.split('/').filter((part) => part !== '').join('.') || missing || dataVar;
  const expected = first.parentSchema?.description ?? first.message ?? 'a valid value';
  return invalidParameter(name, expected, missing === undefined ? first.data : undefined);
};
