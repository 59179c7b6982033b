import { invalidParameter } from '../../errors/app-error.js';
import { FILE_ID_PATTERN } from './file-id.js';

/** The position after which the next page starts: the last row of the previous page. */
export interface FileCursor {
  readonly createdAt: string;
  readonly id: string;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SEPARATOR = '|';

/** Encodes a position as an opaque base64url token. */
export function encodeFileCursor(cursor: FileCursor): string {
  return Buffer.from(`${cursor.createdAt}${SEPARATOR}${cursor.id}`, 'utf8').toString('base64url');
}

/**
 * Decodes a token made by `encodeFileCursor`.
 * @throws AppError invalid_parameter (parameter `cursor`) for anything else.
 */
export function parseFileCursor(token: string): FileCursor {
  const bad = () => invalidParameter('cursor', 'a cursor returned by a previous page', token);
  // Node's base64url decoder skips foreign characters, so round-trip to insist on a canonical token.
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (token.length === 0 || Buffer.from(text, 'utf8').toString('base64url') !== token) throw bad();
  const [createdAt, id, extra] = text.split(SEPARATOR);
  if (extra !== undefined || createdAt === undefined || id === undefined) throw bad();
  if (!ISO_UTC.test(createdAt) || !FILE_ID_PATTERN.test(id)) throw bad();
  return { createdAt, id };
}
