import { AppError } from '../errors/app-error.js';
import { inexpressibleCloudinary } from './cloudinary-error.js';

/** Every action key of Cloudinary's image transformation reference; a component made of these is a transformation. */
export const CLOUDINARY_KEYS = [
  'a', 'ac', 'af', 'ar', 'b', 'bo', 'br', 'c', 'co', 'cs', 'd', 'dl', 'dn', 'dpr', 'du', 'e', 'eo', 'f', 'fl', 'fn',
  'fps', 'g', 'h', 'if', 'ki', 'l', 'o', 'p', 'pg', 'q', 'r', 'so', 'sp', 't', 'u', 'vc', 'vs', 'w', 'x', 'y', 'z',
] as const;

/** One `/`-separated part of a transformation path. */
export type CloudinaryComponent =
  | { readonly kind: 'version'; readonly text: string }
  | { readonly kind: 'signature'; readonly text: string }
  | { readonly kind: 'actions'; readonly text: string; readonly actions: ReadonlyMap<string, string> };

const VERSION = /^v\d+$/;
const SIGNATURE = /^s--[A-Za-z0-9_-]{8,32}--$/;
const ACTION = /^([a-z]{1,3}|\$[A-Za-z]\w*)_(.+)$/;

function isKnownKey(key: string): boolean {
  return key.startsWith('$') || (CLOUDINARY_KEYS as readonly string[]).includes(key);
}

/** Reads one component, or returns undefined when it is not a transformation (so it starts the public id). */
export function parseCloudinaryComponent(text: string): CloudinaryComponent | undefined {
  if (VERSION.test(text)) return { kind: 'version', text };
  if (SIGNATURE.test(text)) return { kind: 'signature', text };
  const actions = new Map<string, string>();
  for (const action of text.split(',')) {
    const match = ACTION.exec(action);
    const key = match?.[1];
    const value = match?.[2];
    if (key === undefined || value === undefined || !isKnownKey(key)) return undefined;
    // Cloudinary applies a component's actions as a set; a key given twice has no single meaning.
    if (actions.has(key)) return undefined;
    actions.set(key, value);
  }
  return { kind: 'actions', text, actions };
}

/**
 * True for a segment written as a list of actions that is not valid (`c_fill,,w_300`, `w_1,w_2`): every non-empty
 * part starts with a known `key_`. Such a segment is a broken transformation, not a folder of the public id.
 */
export function looksLikeActionList(text: string): boolean {
  const parts = text.split(',');
  if (parts.length < 2 || parts.every((part) => part === '')) return false;
  return parts.every((part) => {
    if (part === '') return true;
    const key = /^([a-z]{1,3}|\$[A-Za-z]\w*)_/.exec(part)?.[1];
    return key !== undefined && isKnownKey(key);
  });
}

/**
 * Splits a transformation path (`c_fill,w_600/f_auto/v12`) into its components, in order.
 * @throws invalid_parameter naming a component that is empty, repeats a key or is not Cloudinary's grammar
 */
export function parseCloudinaryTransformations(path: string): CloudinaryComponent[] {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return [];
  return trimmed.split('/').map((text) => {
    const component = parseCloudinaryComponent(text);
    if (component !== undefined) return component;
    if (text === '') {
      throw new AppError('invalid_parameter', `Cloudinary transformation "${path}" has an empty component`, { details: { parameter: path } });
    }
    throw inexpressibleCloudinary(text, 'it is not a list of Cloudinary key_value actions (unknown key, repeated key or empty value)');
  });
}
