// Every call the dashboard makes to the Convertly HTTP API lives in this module, so a change
// of shape on the server is adapted here once. Requests are same-origin: the session cookie
// travels with them and the browser's Origin header satisfies the server's CSRF check.

/** An API error: the status and the server's `{"error":{"code","message"}}`. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   */
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** Fired on `window` when a call comes back 401, so the app can show the sign-in page. */
export const UNAUTHORIZED_EVENT = 'convertly:unauthorized';

const FALLBACK_MESSAGES = {
  0: 'The server could not be reached. Check your connection and try again.',
  401: 'Your session has ended. Please sign in again.',
  403: 'You are not allowed to do that.',
  404: 'Not found.',
  413: 'The file is too large for this server.',
  415: 'That file is not an image this server accepts (JPEG, PNG, WebP, AVIF, GIF, TIFF).',
  429: 'Too many requests or the monthly quota is used up.',
};

function errorFrom(status, body) {
  const error = body && typeof body === 'object' ? body.error : undefined;
  const message = typeof error?.message === 'string' && error.message !== ''
    ? error.message
    : FALLBACK_MESSAGES[status] ?? `The server answered ${status}.`;
  return new ApiError(status, typeof error?.code === 'string' ? error.code : `http_${status}`, message);
}

function announceUnauthorized(path) {
  if (!path.startsWith('/api/auth/')) window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT));
}

/**
 * One JSON call. Resolves to the parsed body (null for 204), rejects with an ApiError.
 * @param {string} method
 * @param {string} path
 * @param {{ json?: unknown, signal?: AbortSignal }} [options]
 */
async function call(method, path, options = {}) {
  /** @type {RequestInit} */
  const init = { method, credentials: 'same-origin', headers: { accept: 'application/json' }, signal: options.signal };
  if (options.json !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.json);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw errorFrom(0, null);
  }
  const text = await response.text();
  let body = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    body = null;
  }
  if (!response.ok) {
    if (response.status === 401) announceUnauthorized(path);
    throw errorFrom(response.status, body);
  }
  return body;
}

// ── Session ────────────────────────────────────────────────────────────────────────────

/**
 * Who is signed in. `{ mode: 'open' }` when the server runs without accounts (no `/api/me`
 * route: every caller acts for the one local workspace), `{ mode: 'anonymous' }` when nobody is
 * signed in, else `{ mode: 'session', email, name, workspace, plan }`.
 */
export async function getMe() {
  let me;
  try {
    me = await call('GET', '/api/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return { mode: 'anonymous' };
    if (error instanceof ApiError && error.status === 404 && /^No route/.test(error.message)) return { mode: 'open' };
    throw error;
  }
  // `{ workspace: {id,name,plan}, user: {id,email,role} | null, credential: {kind} }`
  const user = me?.user ?? {};
  const workspace = me?.workspace ?? {};
  return {
    mode: 'session',
    email: String(user.email ?? ''),
    role: typeof user.role === 'string' ? user.role : '',
    workspace: typeof workspace.name === 'string' ? workspace.name : typeof workspace.id === 'string' ? workspace.id : '',
    plan: typeof workspace.plan === 'string' ? workspace.plan : '',
  };
}

export function login(email, password) {
  return call('POST', '/api/auth/login', { json: { email, password } });
}

export function logout() {
  return call('POST', '/api/auth/logout', { json: {} });
}

// ── Files ──────────────────────────────────────────────────────────────────────────────

/** One page of files, newest first: `{ items, nextCursor }`. */
export async function listFiles({ cursor, limit = 48 } = {}) {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set('cursor', cursor);
  const page = await call('GET', `/api/files?${query}`);
  return { items: Array.isArray(page?.items) ? page.items : [], nextCursor: page?.nextCursor ?? null };
}

export function getFile(id, signal) {
  return call('GET', `/api/files/${encodeURIComponent(id)}`, { signal });
}

export function deleteFile(id) {
  return call('DELETE', `/api/files/${encodeURIComponent(id)}`);
}

/** Sets the art-director focal point; resolves to the updated file (its `version` changes). */
export function setFocal(id, point) {
  return call('PUT', `/api/files/${encodeURIComponent(id)}/focal`, { json: { x: point.x, y: point.y } });
}

export function clearFocal(id) {
  return call('DELETE', `/api/files/${encodeURIComponent(id)}/focal`);
}

/**
 * The crops plan of a file: for each gravity and aspect, the window its render cuts and that render's
 * URL. Free: nothing is rendered or charged. `{ width, height, cells: [{ gravity, aspect, url, focus,
 * window, windowHeader, fallbacks, cutFaces }] }`.
 */
export function getCrops(id, signal) {
  return call('GET', `/api/files/${encodeURIComponent(id)}/crops`, { signal });
}

/**
 * Plans one render URL for free: `{ window, width, height, format, focus, cutFaces }`, or rejects
 * with the server's 400 for a parameter it would refuse. `accept` is the Accept header to negotiate
 * `f=auto` for (an <img> sends one that fetch() does not).
 */
export function planRender(id, query, accept, signal) {
  const params = new URLSearchParams(query);
  params.set('accept', accept);
  return call('GET', `/api/files/${encodeURIComponent(id)}/plan?${params}`, { signal });
}

/** Runs (or re-runs) the analysis of a stored file; resolves to the analysis JSON (SPEC §2). */
export function analyzeFile(fileId) {
  return call('POST', '/api/images/analyze', { json: { fileId } });
}

/**
 * Uploads one file as multipart (field `file`) with progress. XMLHttpRequest, not fetch, because
 * only XHR reports upload progress. Resolves to the stored file record.
 * @param {File} file
 * @param {{ analyze?: boolean, onProgress?: (fraction: number) => void, signal?: AbortSignal }} [options]
 */
export function uploadFile(file, options = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', options.analyze ? '/api/files?analyze=1' : '/api/files');
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.responseType = 'text';
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      let body = null;
      try {
        body = xhr.responseText === '' ? null : JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress?.(1);
        resolve(body);
      } else {
        if (xhr.status === 401) announceUnauthorized('/api/files');
        reject(errorFrom(xhr.status, body));
      }
    });
    xhr.addEventListener('error', () => reject(errorFrom(0, null)));
    xhr.addEventListener('abort', () => reject(new DOMException('Upload cancelled', 'AbortError')));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/**
 * Fetches a render, to show it and to read what decided the crop. Resolves to
 * `{ blob, status, contentType, focus, window, cache }` (`focus` from X-Convertly-Focus).
 */
export async function fetchRendition(url, signal, { anonymous = false } = {}) {
  let response;
  try {
    // `anonymous` leaves the session cookie out, to prove a keyed or signed URL works on its own.
    response = await fetch(url, { credentials: anonymous ? 'omit' : 'same-origin', signal });
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw errorFrom(0, null);
  }
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw errorFrom(response.status, body);
  }
  return {
    blob: await response.blob(),
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    focus: response.headers.get('x-convertly-focus') ?? '',
    window: response.headers.get('x-convertly-window') ?? '',
    cache: response.headers.get('x-convertly-cache') ?? '',
  };
}

// ── Keys and usage ─────────────────────────────────────────────────────────────────────

/**
 * One key as the views use it. The server sends `{ id, kind, name, allowedOrigins, createdAt,
 * revokedAt }`; `id` is the public display id (`cvdk_Ab3dE9xZ`: prefix + the token's first digits).
 */
function toKey(raw) {
  const id = String(raw?.id ?? '');
  return {
    id,
    displayId: id,
    kind: raw?.kind === 'delivery' ? 'delivery' : 'api',
    name: String(raw?.name ?? ''),
    allowedOrigins: Array.isArray(raw?.allowedOrigins) ? raw.allowedOrigins.map(String) : [],
    createdAt: raw?.createdAt ?? null,
    revokedAt: raw?.revokedAt ?? null,
    lastUsedAt: raw?.lastUsedAt ?? null,
    // Tokens are never listed; a server that listed public delivery tokens would fill this in.
    token: typeof raw?.token === 'string' && raw?.kind === 'delivery' ? raw.token : null,
  };
}

/** The workspace's keys (both kinds), newest first, revoked ones included (with `revokedAt`). */
export async function listKeys() {
  const body = await call('GET', '/api/keys');
  return (Array.isArray(body?.items) ? body.items : []).map(toKey);
}

/** The workspace's signing secrets, newest first: `{ id, createdAt, retiredAt }` (never the secret). */
export async function listSigningSecrets() {
  const body = await call('GET', '/api/workspace/signing-secrets');
  return Array.isArray(body?.items) ? body.items : [];
}

/** Creates a signing secret (a rotation: older ones stay valid until retired); the secret is in this answer only. */
export function createSigningSecret() {
  return call('POST', '/api/workspace/signing-secrets', { json: {} });
}

export function retireSigningSecret(id) {
  return call('DELETE', `/api/workspace/signing-secrets/${encodeURIComponent(id)}`);
}

// ── Members ────────────────────────────────────────────────────────────────────────────

/** `{ items: [{ userId, email, role, addedAt }], you }` (`you` is the signed-in user's id, or null). */
export async function listMembers() {
  const body = await call('GET', '/api/members');
  return { items: Array.isArray(body?.items) ? body.items : [], you: body?.you ?? null };
}

/** Adds a member; resolves to the member, with `password` (shown once) when the account was created. */
export function addMember(email, role) {
  return call('POST', '/api/members', { json: { email, role } });
}

export function setMemberRole(userId, role) {
  return call('PATCH', `/api/members/${encodeURIComponent(userId)}`, { json: { role } });
}

export function removeMember(userId) {
  return call('DELETE', `/api/members/${encodeURIComponent(userId)}`);
}

/**
 * Creates a key; resolves to `{ key, token }`. The token is in this answer only.
 * @param {{ kind: 'api' | 'delivery', name: string, allowedOrigins: string[] }} input
 */
export async function createKey(input) {
  const json = { kind: input.kind };
  if (input.name) json.name = input.name;
  if (input.kind === 'delivery' && input.allowedOrigins.length > 0) json.allowedOrigins = input.allowedOrigins;
  const body = await call('POST', '/api/keys', { json });
  return { key: toKey(body), token: typeof body?.token === 'string' ? body.token : '' };
}

export function revokeKey(id) {
  return call('DELETE', `/api/keys/${encodeURIComponent(id)}`);
}

/**
 * Signs a render path with the workspace's newest signing secret (made on first use), so the
 * URL renders for anyone until `expiresAt` (unix seconds), if given. Resolves to the signed URL.
 */
export async function signPath(path, expiresAt) {
  const body = await call('POST', '/api/sign', { json: expiresAt ? { url: path, expiresAt } : { url: path } });
  return String(body?.url ?? '');
}

/** The last `days` UTC days: `{ plan, limit, period, days: [{ day, analyze, render }] }`. */
export function getUsageHistory(days = 30) {
  return call('GET', `/api/usage/daily?days=${days}`);
}

/**
 * This month's usage: `{ plan, used, limit, remaining, periodStart, periodEnd, periodKey }` from
 * `{ plan, period: { start, end, key }, used, limit, remaining }`.
 */
export async function getUsage() {
  const body = await call('GET', '/api/usage');
  const used = Number(body?.used ?? 0);
  const limit = Number(body?.limit ?? 0);
  return {
    plan: String(body?.plan ?? ''),
    used,
    limit,
    remaining: Number(body?.remaining ?? Math.max(0, limit - used)),
    periodStart: typeof body?.period?.start === 'string' ? body.period.start : null,
    periodEnd: typeof body?.period?.end === 'string' ? body.period.end : null,
    periodKey: typeof body?.period?.key === 'string' ? body.period.key : null,
  };
}
