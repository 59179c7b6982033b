import { invalidParameter, isAppError } from '../errors/app-error.js';
import type { FormatRequest } from '../params/vocabulary.js';
import { composeGeometry } from './compose-geometry.js';
import { inexpressibleCloudinary } from './cloudinary-error.js';
import { planOutputSize, resolveCloudinaryGeometry, type GeometryPlan } from './cloudinary-geometry.js';
import { parseCloudinaryTransformations } from './cloudinary-grammar.js';
import { readCloudinaryMark, splitCloudinaryLayers } from './cloudinary-mark.js';
import { placeDraftMark } from './mark-width.js';
import { readCloudinaryStep, type CloudinaryStep } from './cloudinary-step.js';
import { CLOUDINARY_FORMATS } from './cloudinary-values.js';
import type { Operations } from '../params/operations.js';
import {
  finishTranslation,
  startTranslation,
  type ConvertlyTranslation,
  type RenderDraft,
  type SourceSize,
  type SpecTranslation,
  type TranslateOptions,
  type TranslationLog,
} from './translation.js';

/** Options for a Cloudinary translation: the source size, and the delivery extension that sets the format. */
export interface CloudinaryTranslateOptions extends TranslateOptions {
  /** The public id's extension (`jpg`); the output format when no `f_` is given. */
  readonly extension?: string;
}

interface ChainState {
  plan: GeometryPlan;
  planText: string | undefined;
  dpr: number | undefined;
  dprText: string | undefined;
  format: FormatRequest | undefined;
  quality: number | 'auto' | undefined;
  operations: Partial<Operations>;
  /** True when a quarter turn (a_90, a_270) follows a resize: Cloudinary turns the resized image. */
  turnsResized: boolean;
  /** The named transformation (`t_NAME`) the chain uses; its parameters are the workspace's preset, resolved when served. */
  preset: string | undefined;
  /** `pg_N`: the one frame rendered. */
  frame: number | undefined;
}

function scaled(size: SourceSize | undefined, dpr: number | undefined): SourceSize | undefined {
  if (size === undefined || dpr === undefined) return size;
  return { width: Math.round(size.width * dpr), height: Math.round(size.height * dpr) };
}

function applyGeometry(state: ChainState, step: CloudinaryStep, source: SourceSize | undefined, log: TranslationLog): void {
  if (step.geometry === undefined) return;
  const input = scaled(planOutputSize(state.plan, source), state.dpr);
  const next = resolveCloudinaryGeometry(step.geometry, input, { text: step.text, log });
  if (next === undefined) return;
  const composed = composeGeometry(state.plan, next);
  if (typeof composed === 'string') {
    throw inexpressibleCloudinary(state.planText === undefined ? step.text : `${state.planText}/${step.text}`, composed);
  }
  if (next.kind === 'opaque') log.unsupported.push({ param: 'c', value: 'crop', reason: next.reason, component: step.text });
  // A dpr in an earlier component only scaled what this resize now replaces.
  if (state.dpr !== undefined && step.dpr === undefined) {
    log.notes.push(`dpr_ in "${state.dprText ?? ''}" is superseded by the later resize "${step.text}".`);
    state.dpr = undefined;
  }
  state.plan = composed;
  state.planText = step.text;
}

function applyDelivery(state: ChainState, step: CloudinaryStep, log: TranslationLog): void {
  if (step.dpr !== undefined) {
    if (state.dpr !== undefined && state.dpr !== step.dpr) {
      log.notes.push(`dpr_${step.dpr} in "${step.text}" overrides the earlier dpr_${state.dpr}.`);
    }
    state.dpr = step.dpr;
    state.dprText = step.text;
  }
  state.format = step.format ?? state.format;
  state.quality = step.quality ?? state.quality;
  state.frame = step.frame ?? state.frame;
  // Later components' operations win where they repeat one (Cloudinary applies them in turn).
  if (step.operations !== undefined) state.operations = { ...state.operations, ...step.operations };
  if (step.preset !== undefined) {
    if (state.preset !== undefined && state.preset !== step.preset) {
      throw inexpressibleCloudinary(step.text, `only one named transformation per URL is supported (t_${state.preset} and t_${step.preset})`);
    }
    state.preset = step.preset;
  }
  const rotate = step.operations?.rotate;
  if (rotate !== undefined && rotate % 180 === 90 && state.plan.kind !== 'identity') {
    // Convertly's w and h name the turned output: the sides Cloudinary resized to swap.
    state.turnsResized = !state.turnsResized;
    log.notes.push(`a_${rotate} after the resize in "${step.text}": w and h are swapped so the turned output has Cloudinary's size; gravity refers to the turned image.`);
  }
}

function formatFromExtension(extension: string | undefined): FormatRequest | undefined {
  if (extension === undefined) return undefined;
  const name = extension.toLowerCase();
  if (Object.hasOwn(CLOUDINARY_FORMATS, name)) return CLOUDINARY_FORMATS[name as keyof typeof CLOUDINARY_FORMATS];
  throw invalidParameter('extension', `one of ${Object.keys(CLOUDINARY_FORMATS).join(', ')} (or an f_ action)`, extension);
}

function draftOf(state: ChainState): RenderDraft {
  const { plan } = state;
  const draft: RenderDraft = {};
  if (plan.kind === 'scale') draft[plan.side] = plan.size;
  if (plan.kind === 'box') {
    Object.assign(draft, { width: plan.width, height: plan.height, fit: plan.fit, gravity: plan.gravity, fp: plan.fp });
  }
  if (state.dpr !== undefined) draft.dpr = state.dpr;
  if (state.format !== undefined) draft.format = state.format;
  if (typeof state.quality === 'number') draft.quality = state.quality;
  if (Object.keys(state.operations).length > 0) draft.operations = state.operations;
  if (state.preset !== undefined) draft.preset = state.preset;
  if (state.frame !== undefined) draft.frame = state.frame;
  if (state.turnsResized) {
    [draft.width, draft.height] = [draft.height, draft.width];
    if (draft.width === undefined) delete draft.width;
    if (draft.height === undefined) delete draft.height;
  }
  return draft;
}

/**
 * Translates a Cloudinary transformation path (the part between `upload/` and the public id) into Convertly
 * CDN parameters and the spec they parse to: chained components become one render where the math is exact.
 * @throws invalid_parameter naming the component (or `extension`) that is malformed or cannot be one render
 */
export function translateCloudinaryToSpec(path: string, options: CloudinaryTranslateOptions = {}): SpecTranslation {
  const log = startTranslation(options);
  const state: ChainState = {
    plan: { kind: 'identity' },
    planText: undefined,
    dpr: undefined,
    dprText: undefined,
    format: undefined,
    quality: undefined,
    operations: {},
    turnsResized: false,
    preset: undefined,
    frame: undefined,
  };
  const { base, layers } = splitCloudinaryLayers(parseCloudinaryTransformations(path));
  const [first, ...others] = layers;
  const mark = first === undefined ? undefined : readCloudinaryMark(first, log);
  for (const other of others) {
    const text = other.map((part) => part.text).join('/');
    log.unsupported.push({ param: 'l', value: other[0]?.actions.get('l') ?? '', reason: 'Only one overlay per URL is drawn; this one is not.', component: text });
  }
  for (const component of base) {
    if (component.kind !== 'actions') continue; // versions and signatures do not change the picture
    const step = readCloudinaryStep(component.text, component.actions, log);
    applyGeometry(state, step, options.sourceSize, log);
    applyDelivery(state, step, log);
  }
  if (state.format === undefined) state.format = formatFromExtension(options.extension);
  const draft = draftOf(state);
  placeDraftMark(draft, mark, options.sourceSize, log);
  try {
    return finishTranslation(draft, log);
  } catch (error) {
    // The chain composed to something out of Convertly's range (say w×dpr over the limit): name the chain.
    if (isAppError(error)) throw inexpressibleCloudinary(path, error.message);
    throw error;
  }
}

/**
 * Translates a Cloudinary transformation path into Convertly CDN parameters, reporting what cannot be expressed.
 * @throws invalid_parameter naming the component (or `extension`) that is malformed or cannot be one render
 */
export function translateCloudinaryTransformations(path: string, options: CloudinaryTranslateOptions = {}): ConvertlyTranslation {
  return translateCloudinaryToSpec(path, options).translation;
}
