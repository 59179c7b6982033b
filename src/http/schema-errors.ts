import type { FastifySchemaValidationError, FastifyServerOptions } from 'fastify';
import { AppError, invalidParameter } from '../errors/app-error.js';

interface FieldSchema {
  readonly description?: string;
  readonly writeOnly?: boolean;
  readonly properties?: Readonly<Record<string, FieldSchema>>;
}

type VerboseError = FastifySchemaValidationError & { parentSchema?: FieldSchema; data?: unknown };

/**
 * Fastify's schemaErrorFormatter: the first violation of a route schema as the house `invalid_parameter`,
 * naming the field and what its schema's `description` says it should be (`Expected X for NAME but received V`).
 * Route schemas therefore describe each field by what it expects, which is also what OpenAPI shows.
 * A field marked `writeOnly` (a password) is never echoed; a field the object does not declare is named
 * with the fields it does take. Needs ajv's `verbose` option (app.ts) so each error carries its schema and
 * the value received.
 */
export const schemaError: NonNullable<FastifyServerOptions['schemaErrorFormatter']> = (errors, dataVar) => {
  const first = errors[0] as VerboseError | undefined;
  if (first === undefined) return invalidParameter(dataVar, 'a valid request', undefined);
  const path = first.instancePath.split('/').filter((part) => part !== '');
  const unknown = first.params.additionalProperty;
  if (typeof unknown === 'string') {
    const taken = Object.keys(first.parentSchema?.properties ?? {});
    return new AppError('invalid_parameter', `Unknown field ${JSON.stringify(unknown)}; the ${dataVar} takes only ${taken.join(', ')}`, {
      details: { parameter: unknown },
    });
  }
  const missing = typeof first.params.missingProperty === 'string' ? first.params.missingProperty : undefined;
  if (missing !== undefined) {
    const field = first.parentSchema?.properties?.[missing];
    return invalidParameter([...path, missing].join('.'), field?.description ?? first.message ?? 'a value', undefined);
  }
  const name = path.join('.') || dataVar;
  const expected = first.parentSchema?.description ?? first.message ?? 'a valid value';
  const received = first.parentSchema?.writeOnly === true && first.data !== undefined ? '(hidden)' : first.data;
  return invalidParameter(name, expected, received);
};
