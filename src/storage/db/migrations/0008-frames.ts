import type { Kysely } from 'kysely';

/**
 * Animation (issue 15): `frames` is the frame count of an animated GIF or WebP (1 for any other image), read
 * from the header on upload, so `f=auto` can keep an animation animated before any byte is read. Files stored
 * earlier have null: unknown, and a GIF or WebP among them is negotiated as if it might animate.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('files').addColumn('frames', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('files').dropColumn('frames').execute();
}
