// Test-only helper: a URL query string as the HTTP layer hands it to the parser
// (repeated keys become arrays, as fastify's querystring parser does).
import type { RawQuery } from '../../src/params/parse-transform.js';

export function queryOf(search: string): RawQuery {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(search)) {
    const previous = query[name];
    if (previous === undefined) query[name] = value;
    else query[name] = Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return query;
}
