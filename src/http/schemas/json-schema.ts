/**
 * Small builders for the route schemas, so each schema reads as the shape it describes. Response objects
 * are closed (`additionalProperties: false`): the OpenAPI test checks real answers against them, so a
 * field added to an answer but not to its schema fails a test instead of going undocumented.
 */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** An OpenAPI `security` list: any one entry suffices; `{}` means no credential. */
export type SecurityRequirements = ReadonlyArray<Readonly<Record<string, readonly string[]>>>;

/** A closed object whose listed properties are all required (answers always carry every field). */
export function closedObject(properties: Readonly<Record<string, JsonSchema>>, description?: string): JsonSchema {
  return {
    type: 'object',
    ...(description === undefined ? {} : { description }),
    required: Object.keys(properties),
    additionalProperties: false,
    properties,
  };
}

/**
 * A JSON request body Fastify validates: an object with only these fields, the `required` ones present.
 * Each field's `description` is what its 400 says it expects (http/schema-errors.ts), as is `description`
 * for a body that is not an object at all.
 */
export function jsonBody(properties: Readonly<Record<string, JsonSchema>>, required: readonly string[] = [], description = 'a JSON object'): JsonSchema {
  return { type: 'object', description, ...(required.length === 0 ? {} : { required }), additionalProperties: false, properties };
}

/** `schema` or null. */
export function nullable(schema: JsonSchema): JsonSchema {
  return { anyOf: [schema, { type: 'null' }] };
}

/** A shared schema registered with `app.addSchema`, referred to by its `$id`. */
export function ref(id: string): JsonSchema {
  return { $ref: `${id}#` };
}

export const isoDate: JsonSchema = { type: 'string', format: 'date-time' };

/** The path parameter `name`, an id (routes look it up and answer 404 when it names nothing). */
export function idParams(name: string, description: string): JsonSchema {
  return { type: 'object', required: [name], properties: { [name]: { type: 'string', description } } };
}

/** A 204: no body. */
export const NO_CONTENT: JsonSchema = { description: 'Done; no body', type: 'null' };
