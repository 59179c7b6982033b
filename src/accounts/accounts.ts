import type { Kysely } from 'kysely';
import type { ChangeFeed, Database } from '../storage/index.js';
import { hashApiKey, parseKey } from './api-keys.js';
import { createKeysRepository, type KeyRecord, type KeysRepository } from './keys-repository.js';
import { createSessionToken, hashSessionToken, isSessionToken } from './sessions.js';
import { createSessionsRepository, type SessionRecord, type SessionsRepository } from './sessions-repository.js';
import { createSigningSecretsRepository, type SigningSecretRecord, type SigningSecretsRepository } from './signing-secrets-repository.js';
import { createReadThroughCache } from '../shared/read-through-cache.js';
import { createUsageRepository, type UsageRepository } from './usage-repository.js';
import { createUsersRepository, type UsersRepository } from './users-repository.js';
import { createWorkspacesRepository, type WorkspacesRepository } from './workspaces-repository.js';

/** Tunables of {@link createAccounts}. */
export interface AccountsOptions {
  readonly now?: () => Date;
  /**
   * How long a looked-up key, session or secret set is reused without asking the database.
   * This is the bound on how late another instance notices a revocation; this instance forgets
   * at once. At most 1000 (the "revocation honoured within a second").
   */
  readonly cacheTtlMs?: number;
  readonly sessionMaxAgeSeconds?: number;
  /** Where usage counters are written (DatabaseHandle.counters); `db` by default. */
  readonly countersDb?: Kysely<Database>;
  /**
   * Revocations, ended sessions and rotated secrets are published here for the other instances, and
   * theirs drop this instance's cached answers as soon as they arrive (instead of after the TTL).
   */
  readonly changes?: ChangeFeed | undefined;
}

/** The account repositories plus the cached lookups every request makes. */
export interface Accounts {
  readonly users: UsersRepository;
  readonly workspaces: WorkspacesRepository;
  readonly sessions: SessionsRepository;
  readonly keys: KeysRepository;
  readonly secrets: SigningSecretsRepository;
  readonly usage: UsageRepository;
  readonly now: () => Date;
  readonly sessionMaxAgeSeconds: number;
  /** The live (not revoked) key a token stands for; `null` for an unknown, malformed or revoked token. */
  authenticateKey(token: string): Promise<KeyRecord | null>;
  /** The live session a cookie value stands for; `null` when unknown, malformed or expired. */
  authenticateSession(token: string): Promise<SessionRecord | null>;
  /**
   * What `authenticateKey` / `authenticateSession` would answer, from the cache alone: `undefined`
   * when only the database can tell. Same staleness bound, no I/O (the CDN hit path).
   */
  peekKey(token: string): KeyRecord | null | undefined;
  peekSession(token: string): SessionRecord | null | undefined;
  /** Every signing secret a signature of this workspace may use now (old and new during a rotation). */
  signingSecrets(workspaceId: string): Promise<readonly string[]>;
  /** Revokes a key and forgets it here at once. `null` when the workspace has no such key. */
  revokeKey(workspaceId: string | null, id: string): Promise<KeyRecord | null>;
  startSession(userId: string, workspaceId: string): Promise<{ readonly token: string; readonly expiresAt: string }>;
  endSession(token: string): Promise<void>;
  rotateSigningSecret(workspaceId: string): Promise<SigningSecretRecord>;
  retireSigningSecret(workspaceId: string, id: string): Promise<boolean>;
}

export const DEFAULT_SESSION_MAX_AGE_SECONDS = 14 * 24 * 3600;
const MAX_CACHE_TTL_MS = 1000;
/** A key's last use is written at most this often: a busy key must not cost a write per request. */
const LAST_USED_INTERVAL_MS = 60_000;
const CACHE_ENTRIES = 10_000;

/** Builds the accounts layer over an open (migrated) database. */
export function createAccounts(db: Kysely<Database>, options: AccountsOptions = {}): Accounts {
  const now = options.now ?? (() => new Date());
  const ttlMs = Math.min(options.cacheTtlMs ?? MAX_CACHE_TTL_MS, MAX_CACHE_TTL_MS);
  const cache = { ttlMs, maxEntries: CACHE_ENTRIES, clock: () => now().getTime() };
  // Misses are cached too (as null): a flood of made-up tokens then costs one query per second each.
  const keyCache = createReadThroughCache<KeyRecord | null>(cache);
  const sessionCache = createReadThroughCache<SessionRecord | null>(cache);
  const secretCache = createReadThroughCache<readonly string[]>(cache);
  const keys = createKeysRepository(db, now);
  const sessions = createSessionsRepository(db, now);
  const secrets = createSigningSecretsRepository(db, now);
  const sessionMaxAgeSeconds = options.sessionMaxAgeSeconds ?? DEFAULT_SESSION_MAX_AGE_SECONDS;
  const { changes } = options;
  changes?.subscribe((change) => {
    if (change.kind === 'key') keyCache.delete(change.hash);
    else if (change.kind === 'session') sessionCache.delete(change.hash);
    else if (change.kind === 'secrets') secretCache.delete(change.workspaceId);
    else if (change.kind === 'reset') {
      keyCache.clear();
      sessionCache.clear();
      secretCache.clear();
    }
  });

  const lastNoted = new Map<string, number>();
  // Fire and forget, at most once a minute per key: a failed write only leaves the time a minute older.
  const noteUse = (key: KeyRecord | null | undefined): void => {
    if (key === null || key === undefined) return;
    const at = now().getTime();
    if (at - (lastNoted.get(key.id) ?? 0) < LAST_USED_INTERVAL_MS) return;
    if (lastNoted.size >= CACHE_ENTRIES) lastNoted.clear();
    lastNoted.set(key.id, at);
    keys.markUsed(key.id, new Date(at).toISOString()).catch(() => lastNoted.delete(key.id));
  };
  const peekKey = (token: string): KeyRecord | null | undefined => {
    if (parseKey(token) === null) return null;
    const key = keyCache.peek(hashApiKey(token));
    noteUse(key);
    return key;
  };
  const peekSession = (token: string): SessionRecord | null | undefined => {
    if (!isSessionToken(token)) return null;
    const hit = sessionCache.peek(hashSessionToken(token));
    // A cached session is re-checked against the clock: it must not outlive expires_at.
    return hit === null || (hit !== undefined && hit.expiresAt > now().toISOString()) ? hit : undefined;
  };
  return {
    users: createUsersRepository(db, now),
    workspaces: createWorkspacesRepository(db, now),
    sessions,
    keys,
    secrets,
    usage: createUsageRepository(options.countersDb ?? db, now),
    now,
    sessionMaxAgeSeconds,
    peekKey,
    peekSession,
    async authenticateKey(token) {
      if (parseKey(token) === null) return null;
      const hash = hashApiKey(token);
      const key = await keyCache.get(hash, async () => {
        const found = await keys.findByHash(hash);
        return found !== null && found.revokedAt === null ? found : null;
      });
      noteUse(key);
      return key;
    },
    async authenticateSession(token) {
      const known = peekSession(token);
      if (known !== undefined) return known;
      const hash = hashSessionToken(token);
      const found = await sessions.findSession(hash, now());
      sessionCache.set(hash, found);
      return found;
    },
    async signingSecrets(workspaceId) {
      return secretCache.get(workspaceId, async () => (await secrets.activeSecrets(workspaceId)).map((record) => record.secret));
    },
    async revokeKey(workspaceId, id) {
      const revoked = await keys.revokeKey(workspaceId, id);
      if (revoked === null) return null;
      keyCache.delete(revoked.hash);
      await changes?.publish({ kind: 'key', hash: revoked.hash });
      return revoked.key;
    },
    async startSession(userId, workspaceId) {
      const token = createSessionToken();
      const expiresAt = new Date(now().getTime() + sessionMaxAgeSeconds * 1000).toISOString();
      await sessions.createSession({ tokenHash: hashSessionToken(token), userId, workspaceId, expiresAt });
      return { token, expiresAt };
    },
    async endSession(token) {
      if (!isSessionToken(token)) return;
      const hash = hashSessionToken(token);
      sessionCache.delete(hash);
      await sessions.deleteSession(hash);
      await changes?.publish({ kind: 'session', hash });
    },
    async rotateSigningSecret(workspaceId) {
      const created = await secrets.createSecret(workspaceId);
      secretCache.delete(workspaceId);
      await changes?.publish({ kind: 'secrets', workspaceId });
      return created;
    },
    async retireSigningSecret(workspaceId, id) {
      const retired = await secrets.retireSecret(workspaceId, id);
      secretCache.delete(workspaceId);
      if (retired) await changes?.publish({ kind: 'secrets', workspaceId });
      return retired;
    },
  };
}
