import { MAX_FRAME, type Fit, type FormatRequest } from '../params/vocabulary.js';
import { strictInteger } from '../params/query-values.js';
import { invalidCloudinaryAction, inexpressibleCloudinary } from './cloudinary-error.js';
import { readCloudinaryGravity, type CloudinaryGravity } from './cloudinary-gravity.js';
import {
  readCloudinaryAspectRatio,
  readCloudinaryCoordinate,
  readCloudinaryDpr,
  readCloudinaryFormat,
  readCloudinaryLength,
  readCloudinaryQuality,
  type CloudinaryLength,
} from './cloudinary-values.js';
import type { TranslationLog } from './translation.js';
import { readCloudinaryOperations } from './cloudinary-operations.js';
import type { Operations } from '../params/operations.js';
import { parsePresetName } from '../params/preset.js';

/** Crop modes and the Convertly fit they become when both sides are given; `crop` cuts source pixels. */
export const CLOUDINARY_CROP_MODES = {
  scale: { fit: 'fill' },
  fit: { fit: 'inside' },
  limit: { fit: 'inside', upscale: false },
  fill: { fit: 'cover' },
  lfill: { fit: 'cover', upscale: false },
  thumb: { fit: 'cover', note: 'c_thumb may zoom closer to the subject than the largest window Convertly crops.' },
  pad: { fit: 'contain' },
  lpad: { fit: 'contain', upscale: false },
  crop: { fit: 'crop' },
} as const satisfies Record<string, { fit: Fit | 'crop'; note?: string; upscale?: false }>;
export type CloudinaryCropMode = keyof typeof CLOUDINARY_CROP_MODES;

/** Keys that are valid Cloudinary but change nothing Convertly's URL can say; reported, not rejected. */
const REPORTED_KEYS: Readonly<Record<string, string>> = {
  e: 'Effects are not supported; the effect is not applied.',
  l: 'Overlays are not supported; the layer is not drawn.',
  u: 'Underlays are not supported; the layer is not drawn.',
  o: 'Opacity is not supported; the image stays opaque.',
  r: 'Rounded corners are not supported; the corners stay square.',
  bo: 'Borders are not supported; no border is drawn.',
  b: 'The background colour cannot be chosen in a Convertly URL; padding uses the default background.',
  co: 'Colours for effects and overlays are not supported.',
  a: 'Rotation is not supported; the image keeps its orientation.',
  fl: 'Delivery flags are not supported; the image is delivered without them.',
  z: 'Zoom is not supported; Convertly crops the largest window.',
  d: 'Default (placeholder) images are not supported; a missing file is a 404.',
  pg: 'Page ranges, names and layers are not supported; pg_N picks one frame, otherwise every frame is rendered.',
  dn: 'Density for vector sources is not supported.',
  dl: 'Animation delays are not supported.',
  fn: 'Custom functions are not supported.',
  p: 'Prefixes for sprites are not supported.',
};
const VIDEO_KEYS = ['ac', 'af', 'br', 'du', 'eo', 'fps', 'ki', 'so', 'sp', 'vc', 'vs'] as const;
const QUIET_KEYS = ['cs'] as const; // colour space: Convertly always outputs sRGB
const GEOMETRY_KEYS = ['c', 'w', 'h', 'ar', 'g', 'x', 'y'] as const;

/** What one component asks for: at most one resize, and delivery settings. */
export interface CloudinaryStep {
  readonly text: string;
  readonly geometry?: CloudinaryGeometry;
  readonly format?: FormatRequest;
  readonly quality?: number | 'auto';
  readonly dpr?: number;
  /** Orientation, filters and canvas (a_, b_, e_blur/sharpen/trim; upscale=0 from c_limit, c_lfill, c_lpad). */
  readonly operations?: Partial<Operations>;
  /** `t_NAME`: the workspace's preset of that name (Convertly's `preset=NAME`). */
  readonly preset?: string;
  /** `pg_N`: one frame of an animation, 1-based as Convertly's `frame=N`. */
  readonly frame?: number;
}

/** One component's resize as Cloudinary wrote it; sizes may still be relative to the component's input. */
export interface CloudinaryGeometry {
  readonly mode: CloudinaryCropMode;
  readonly width?: CloudinaryLength;
  readonly height?: CloudinaryLength;
  readonly aspectRatio?: number;
  readonly gravity?: CloudinaryGravity;
  readonly x?: CloudinaryLength;
  readonly y?: CloudinaryLength;
}

function reportOther(text: string, actions: ReadonlyMap<string, string>, log: TranslationLog, consumed: readonly string[]): void {
  for (const [key, value] of actions) {
    if (consumed.includes(key)) continue;
    if (key === 'if') throw inexpressibleCloudinary(text, 'conditional transformations (if_) are not supported');
    if ((QUIET_KEYS as readonly string[]).includes(key)) continue;
    const reason = key.startsWith('$')
      ? 'User-defined variables are not supported.'
      : (VIDEO_KEYS as readonly string[]).includes(key)
        ? 'Video and audio settings do not apply to images.'
        : REPORTED_KEYS[key];
    if (reason !== undefined) log.unsupported.push({ param: key, value, reason, component: text });
  }
}

function readLength(text: string, key: 'w' | 'h', raw: string | undefined, log: TranslationLog): CloudinaryLength | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'auto' || raw.startsWith('auto:')) {
    const reason = 'Sizes from client hints are not supported; the side is left free.';
    log.unsupported.push({ param: key, value: raw, reason, component: text });
    return undefined;
  }
  return readCloudinaryLength(text, key, raw);
}

function readMode(text: string, raw: string | undefined, log: TranslationLog): CloudinaryCropMode {
  if (raw === undefined) return 'scale'; // Cloudinary's default crop mode
  if (!Object.hasOwn(CLOUDINARY_CROP_MODES, raw)) {
    throw invalidCloudinaryAction(text, 'c', `one of ${Object.keys(CLOUDINARY_CROP_MODES).join(', ')}`, raw);
  }
  const mode = raw as CloudinaryCropMode;
  const entry: { fit: Fit | 'crop'; note?: string; upscale?: false } = CLOUDINARY_CROP_MODES[mode];
  if (entry.note !== undefined) log.notes.push(entry.note);
  return mode;
}

function readGeometry(text: string, actions: ReadonlyMap<string, string>, log: TranslationLog): CloudinaryGeometry | undefined {
  const sized = ['c', 'w', 'h', 'ar'].some((key) => actions.has(key));
  if (!sized) {
    const stray = ['g', 'x', 'y'].filter((key) => actions.has(key));
    if (stray.length > 0) {
      log.notes.push(`${stray.map((key) => `${key}_`).join(', ')} in "${text}" ignored: nothing in that component is resized or cropped.`);
    }
    return undefined;
  }
  const at = (key: string) => actions.get(key);
  const gravityRaw = at('g');
  const gravity = gravityRaw === undefined ? undefined : readCloudinaryGravity(gravityRaw);
  if (gravity?.kind === 'unsupported') {
    log.unsupported.push({ param: 'g', value: gravityRaw ?? '', reason: gravity.reason, component: text });
  }
  if (gravity?.kind === 'gravity' && gravity.note !== undefined) log.notes.push(gravity.note);
  const arRaw = at('ar');
  const xRaw = at('x');
  const yRaw = at('y');
  return {
    mode: readMode(text, at('c'), log),
    ...optional('width', readLength(text, 'w', at('w'), log)),
    ...optional('height', readLength(text, 'h', at('h'), log)),
    ...optional('aspectRatio', arRaw === undefined ? undefined : readCloudinaryAspectRatio(text, arRaw)),
    ...optional('gravity', gravity?.kind === 'unsupported' ? undefined : gravity),
    ...optional('x', xRaw === undefined ? undefined : readCloudinaryCoordinate(text, 'x', xRaw)),
    ...optional('y', yRaw === undefined ? undefined : readCloudinaryCoordinate(text, 'y', yRaw)),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function readDpr(text: string, raw: string | undefined, log: TranslationLog): number | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'auto') {
    const reason = 'A DPR from client hints is not supported; the image renders at dpr 1.';
    log.unsupported.push({ param: 'dpr', value: raw, reason, component: text });
    return undefined;
  }
  return readCloudinaryDpr(text, raw);
}

/**
 * Reads one actions component: validates every value it can translate and reports the ones it cannot.
 * @throws invalid_parameter naming the component and the action
 */
export function readCloudinaryStep(text: string, actions: ReadonlyMap<string, string>, log: TranslationLog): CloudinaryStep {
  const { operations, consumed } = readCloudinaryOperations(text, actions, log.notes);
  const page = strictInteger(actions.get('pg') ?? '');
  const frame = page !== undefined && page >= 1 && page <= MAX_FRAME ? page : undefined;
  reportOther(text, actions, log, [...consumed, 't', ...(frame === undefined ? [] : ['pg'])]);
  const presetRaw = actions.get('t');
  let preset: string | undefined;
  try {
    preset = presetRaw === undefined ? undefined : parsePresetName(presetRaw, 't');
  } catch {
    throw invalidCloudinaryAction(text, 't', 'a preset name: 1 to 64 letters, digits, "_" or "-"', presetRaw ?? '');
  }
  const formatRaw = actions.get('f');
  const qualityRaw = actions.get('q');
  const quality = qualityRaw === undefined ? undefined : readCloudinaryQuality(text, qualityRaw);
  if (quality?.dropped !== undefined) {
    log.notes.push(`q_${qualityRaw ?? ''}: the ":${quality.dropped}" encoder setting is not supported; quality ${quality.quality} is kept.`);
  }
  const geometry = GEOMETRY_KEYS.some((key) => actions.has(key)) ? readGeometry(text, actions, log) : undefined;
  const limited = geometry !== undefined && 'upscale' in CLOUDINARY_CROP_MODES[geometry.mode];
  const stepOperations = limited ? { ...operations, upscale: false } : operations;
  return {
    ...optional('operations', Object.keys(stepOperations).length === 0 ? undefined : stepOperations),
    text,
    ...optional('geometry', geometry),
    ...optional('format', formatRaw === undefined ? undefined : readCloudinaryFormat(text, formatRaw)),
    ...optional('quality', quality?.quality),
    ...optional('dpr', readDpr(text, actions.get('dpr'), log)),
    ...optional('preset', preset),
    ...optional('frame', frame),
  };
}
