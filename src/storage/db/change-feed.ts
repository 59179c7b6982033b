import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { DatabaseHandle } from './create-database.js';

/**
 * A change another instance must honour at once: a file deleted or changed (focal point, analysis), a key
 * revoked, a session ended, a workspace's signing secrets rotated. `reset` means changes may have been
 * missed (the listening connection was lost): drop everything cached.
 */
export type Change =
  | {
      readonly kind: 'file';
      readonly workspaceId: string;
      readonly fileId: string;
      readonly deleted: boolean;
      /** A file of a source (issue 14) is also cached by its path. */
      readonly source?: string | null;
      readonly path?: string | null;
    }
  | { readonly kind: 'key'; readonly hash: string }
  | { readonly kind: 'session'; readonly hash: string }
  | { readonly kind: 'secrets'; readonly workspaceId: string }
  | { readonly kind: 'reset' };

export type ChangeListener = (change: Change) => void;

/**
 * Tells the other instances of a deployment what changed here, and this instance what changed there.
 * Listeners hear only other instances' changes: local changes are already applied where they are made.
 */
export interface ChangeFeed {
  /** Announces a change made here; never throws (the caches' 1 s TTL still bounds staleness). */
  publish(change: Exclude<Change, { kind: 'reset' }>): Promise<void>;
  subscribe(listener: ChangeListener): () => void;
  close(): Promise<void>;
}

export interface ChangeFeedOptions {
  readonly onError?: ((error: unknown) => void) | undefined;
  /** Wait before listening again after the connection drops (default 1 s). */
  readonly reconnectMs?: number;
}

/** One process, one SQLite file: nobody else to tell. */
const localFeed = (): ChangeFeed => ({ publish: async () => {}, subscribe: () => () => {}, close: async () => {} });

const isChange = (value: unknown): value is Change => {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' && ['file', 'key', 'session', 'secrets'].includes(kind);
};

/**
 * The change feed of a database: PostgreSQL `LISTEN/NOTIFY` on a channel named after the schema (two
 * deployments in one database stay apart), on a dedicated connection that reconnects by itself. A
 * notification reaches every listening instance within milliseconds of the commit; the read-through caches'
 * 1 s TTL remains the bound when the listening connection is down.
 */
export async function openChangeFeed(database: DatabaseHandle, options: ChangeFeedOptions = {}): Promise<ChangeFeed> {
  const url = database.postgresUrl;
  if (database.dialect !== 'postgres' || url === undefined) return localFeed();
  const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db)).rows[0]?.schema ?? 'public';
  const channel = `convertly_${schema}`.replace(/[^a-z0-9_]/gi, '_').slice(0, 63);
  const origin = randomBytes(8).toString('hex');
  const listeners = new Set<ChangeListener>();
  const reconnectMs = options.reconnectMs ?? 1000;
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const emit = (change: Change) => {
    for (const listener of listeners) {
      try {
        listener(change);
      } catch (error) {
        options.onError?.(error);
      }
    }
  };
  const onNotification = (message: pg.Notification) => {
    if (message.channel !== channel || message.payload === undefined) return;
    try {
      const parsed = JSON.parse(message.payload) as { origin?: unknown; change?: unknown };
      if (parsed.origin !== origin && isChange(parsed.change)) emit(parsed.change);
    } catch (error) {
      options.onError?.(error);
    }
  };
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    next.on('notification', onNotification);
    next.on('error', (error) => {
      options.onError?.(error);
      if (client === next) lost();
    });
    next.on('end', () => {
      if (client === next) lost();
    });
    await next.connect();
    await next.query(`LISTEN "${channel}"`);
    if (closed) {
      await next.end();
      return;
    }
    client = next;
  };
  const lost = () => {
    const old = client;
    client = null;
    old?.removeAllListeners('notification');
    old?.end().catch(() => undefined);
    // Whatever was published meanwhile is unknown here: forget every cached answer.
    emit({ kind: 'reset' });
    schedule();
  };
  const schedule = () => {
    if (closed || retry !== undefined) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(
        () => emit({ kind: 'reset' }),
        (error: unknown) => {
          options.onError?.(error);
          schedule();
        },
      );
    }, reconnectMs);
    retry.unref();
  };

  await connect();
  return {
    async publish(change) {
      try {
        await sql`select pg_notify(${channel}, ${JSON.stringify({ origin, change })})`.execute(database.db);
      } catch (error) {
        options.onError?.(error);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      const old = client;
      client = null;
      await old?.end().catch(() => undefined);
    },
  };
}
