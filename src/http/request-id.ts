import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const GIVEN_ID = /^[\w.-]{1,64}$/;

/** The caller's `X-Request-Id` when it is a sane token (a proxy's id threads through the logs), else a new UUID. */
export function requestIdFor(headers: IncomingHttpHeaders): string {
  const given = headers['x-request-id'];
  return typeof given === 'string' && GIVEN_ID.test(given) ? given : randomUUID();
}
