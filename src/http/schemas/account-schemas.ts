import { PLANS } from '../../accounts/plans.js';
import { ROLES } from '../../accounts/users-repository.js';
import { closedObject, isoDate, nullable, type JsonSchema } from './json-schema.js';

const text: JsonSchema = { type: 'string' };
const count: JsonSchema = { type: 'integer', minimum: 0 };

export const WORKSPACE = closedObject({ id: text, name: text, plan: { type: 'string', enum: [...PLANS] }, createdAt: isoDate }, 'A workspace');

/** `POST /api/auth/login`'s answer (the session itself is the cookie). */
export const LOGIN_RESPONSE = closedObject({ user: closedObject({ id: text, email: text }), workspace: WORKSPACE, expiresAt: isoDate });

/** `GET /api/me`: the workspace, the signed-in user (sessions only) and the kind of credential used. */
export const ME_RESPONSE = closedObject({
  workspace: WORKSPACE,
  user: nullable(closedObject({ id: text, email: text, role: nullable(text) })),
  credential: {
    type: 'object',
    required: ['kind'],
    additionalProperties: false,
    properties: { kind: { type: 'string', enum: ['api_key', 'session', 'open'] }, keyId: text },
  },
});

const KEY_PROPERTIES = {
  id: text,
  kind: { type: 'string', enum: ['api', 'delivery'] },
  name: text,
  allowedOrigins: { type: 'array', items: text, description: 'Origins a delivery key may be used from (empty: any)' },
  createdAt: isoDate,
  revokedAt: nullable(isoDate),
  lastUsedAt: nullable({ ...isoDate, description: 'When the key last authenticated a request (approximate)' }),
};
export const KEY = closedObject(KEY_PROPERTIES, 'An API or delivery key (never its token)');
export const KEYS_PAGE = closedObject({ items: { type: 'array', items: KEY } });
export const CREATED_KEY = closedObject({ ...KEY_PROPERTIES, token: { type: 'string', description: 'The key itself: shown this once, never again' } });

export const USAGE = closedObject({
  plan: { type: 'string', enum: [...PLANS] },
  period: closedObject({ start: isoDate, end: isoDate, key: text }),
  used: count,
  limit: count,
  remaining: count,
}, 'Media operations (renders of new renditions, analyses) this billing period');

/** `GET /api/usage/daily`: the plan and period beside the operations of each of the last `days` days. */
export const DAILY_USAGE = closedObject({
  plan: { type: 'string', enum: [...PLANS] },
  limit: count,
  period: closedObject({ start: isoDate, end: isoDate, key: text }),
  days: {
    type: 'array',
    description: 'Oldest first, one entry per day (UTC), days with no operations included',
    items: closedObject({ day: { type: 'string', format: 'date' }, analyze: count, render: count }),
  },
});

const MEMBER_PROPERTIES = { userId: text, email: text, role: { type: 'string', enum: [...ROLES] }, addedAt: isoDate };
export const MEMBER = closedObject(MEMBER_PROPERTIES, 'A member of the workspace');
export const MEMBERS_PAGE = closedObject({
  items: { type: 'array', items: MEMBER },
  you: nullable({ ...text, description: 'The signed-in user\'s id (sessions only)' }),
});
/** `POST /api/members`: the member, and the generated password when the call created the user. */
export const ADDED_MEMBER = {
  ...MEMBER,
  properties: { ...MEMBER_PROPERTIES, password: { type: 'string', description: 'Only when a new user was created: shown this once, never again' } },
} as const;

const SECRET_PROPERTIES = { id: text, createdAt: isoDate, retiredAt: nullable(isoDate) };
export const SECRETS_PAGE = closedObject({ items: { type: 'array', items: closedObject(SECRET_PROPERTIES) } });
export const CREATED_SECRET = closedObject({ ...SECRET_PROPERTIES, secret: { type: 'string', description: 'The HMAC secret: sign URLs with it (convertly/client signUrl)' } });
export const SIGNED_URL = closedObject({ url: { type: 'string', description: 'The URL with its signature (`s`, and `expires` when asked)' } });
